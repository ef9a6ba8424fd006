"""A stub DataDog metrics intake speaking the v2 series API over real HTTP on 127.0.0.1.

It stands in for api.datadoghq.com, which cannot be reached from this environment (no network, no
account). It implements what support.plugins.datadog uses, with DataDog's wire format:

    POST /api/v2/series   header DD-API-KEY, JSON {"series": [{"metric", "type", "points", "tags", ...}]}
    202 {"errors": []}                    accepted
    400 {"errors": ["..."]}               a body that is not a valid series payload
    403 {"errors": ["Forbidden"]}         missing or wrong API key
    5xx as scripted by ``fail_next``      an intake outage, for retry tests
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from tests.stubs.http import serving


def _invalid(body: Any) -> str | None:
    """Why DataDog would reject ``body`` (the subset of its validation the plugin can trip), or None."""
    if not isinstance(body, dict) or not isinstance(body.get("series"), list) or not body["series"]:
        return "Payload is not in the expected format: series is required"
    for series in body["series"]:
        if not isinstance(series.get("metric"), str) or series.get("type") not in (0, 1, 2, 3):
            return "Payload is not in the expected format: metric and type (0-3) are required"
        points = series.get("points")
        if not points or not all(isinstance(p.get("timestamp"), int) and isinstance(p.get("value"), int | float) for p in points):
            return "Payload is not in the expected format: points need an integer timestamp and a value"
        if not all(isinstance(t, str) for t in series.get("tags", [])):
            return "Payload is not in the expected format: tags are strings"
    return None


@dataclass
class DataDogStub:
    """``accepted`` holds each accepted payload; ``requests`` (path, api key) of every call."""

    api_key: str
    url: str = ""
    fail_next: list[int] = field(default_factory=list)  # statuses to answer before accepting again
    accepted: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def respond(self, method: str, path: str, headers: Message, raw: bytes) -> tuple[int, str, bytes]:
        key = headers.get("DD-API-KEY")
        self.requests.append((path, key))
        status, body = self._answer(method, path, key, raw)
        return status, "application/json", json.dumps(body).encode()

    def _answer(self, method: str, path: str, key: str | None, raw: bytes) -> tuple[int, dict[str, Any]]:
        if method != "POST" or path.split("?")[0] != "/api/v2/series":
            return 404, {"errors": ["Not found"]}
        if key != self.api_key:
            return 403, {"errors": ["Forbidden"]}
        if self.fail_next:
            return self.fail_next.pop(0), {"errors": ["Internal Server Error"]}
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, {"errors": ["Unable to parse JSON"]}
        reason = _invalid(body)
        if reason:
            return 400, {"errors": [reason]}
        self.accepted.append(body)
        return 202, {"errors": []}

    def series(self) -> dict[tuple[str, ...], dict[str, Any]]:
        """Accepted series keyed by (metric, *sorted non-standard tags such as status:x), for assertions."""
        out: dict[tuple[str, ...], dict[str, Any]] = {}
        for payload in self.accepted:
            for series in payload["series"]:
                marks = sorted(t for t in series.get("tags", []) if t.split(":")[0] in ("status", "result"))
                out[(series["metric"], *marks)] = series
        return out


@contextmanager
def running_datadog(api_key: str) -> Iterator[DataDogStub]:
    stub = DataDogStub(api_key=api_key)
    with serving(stub.respond) as url:
        stub.url = url
        yield stub
