"""A stub Slack incoming webhook speaking Slack's webhook protocol over real HTTP on 127.0.0.1.

It stands in for hooks.slack.com, which cannot be reached from this environment (no network, no
workspace). Slack's webhook answers are plain text, not JSON:

    POST /services/<T>/<B>/<secret>   JSON {"text": ..., "blocks": [...]}
    200 ok                            posted
    400 invalid_payload               not JSON, or blocks that are not Block Kit blocks
    400 no_text                       neither text nor blocks
    404 no_service                    unknown (or revoked) webhook path
    5xx as scripted by ``fail_next``  an outage, for retry tests
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from tests.stubs.http import serving

HOOK_PATH = "/services/T0JUMPTEST/B0JUMPTEST/s3cr3tW3bh00kT0k3n"

_BLOCK_TYPES = {"section", "context", "divider", "header", "actions", "image", "rich_text"}


def _valid_blocks(blocks: Any) -> bool:
    return isinstance(blocks, list) and all(isinstance(b, dict) and b.get("type") in _BLOCK_TYPES for b in blocks)


@dataclass
class SlackStub:
    """``messages`` holds each posted message; ``paths`` every path called."""

    path: str = HOOK_PATH
    url: str = ""
    fail_next: list[int] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    @property
    def webhook_url(self) -> str:
        return self.url + self.path

    def respond(self, method: str, path: str, headers: Message, raw: bytes) -> tuple[int, str, bytes]:
        self.paths.append(path)
        status, text = self._answer(method, path, raw)
        return status, "text/html", text.encode()

    def _answer(self, method: str, path: str, raw: bytes) -> tuple[int, str]:
        if method != "POST" or path != self.path:
            return 404, "no_service"
        if self.fail_next:
            return self.fail_next.pop(0), "internal_error"
        try:
            message = json.loads(raw)
        except ValueError:
            return 400, "invalid_payload"
        if not isinstance(message, dict) or ("blocks" in message and not _valid_blocks(message["blocks"])):
            return 400, "invalid_payload"
        if not message.get("text") and not message.get("blocks"):
            return 400, "no_text"
        self.messages.append(message)
        return 200, "ok"


@contextmanager
def running_slack() -> Iterator[SlackStub]:
    stub = SlackStub()
    with serving(stub.respond) as url:
        stub.url = url
        yield stub
