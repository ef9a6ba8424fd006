"""A stub HashiCorp Vault speaking the KV v2 read API over real HTTP on 127.0.0.1.

It stands in for a Vault server, which cannot run in this environment (no Vault binary, no
network). It implements only what the framework uses, with Vault's wire format, so the code
under test goes through hvac, requests and a socket exactly as it would against Vault:

    GET /v1/<mount>/data/<path>    header X-Vault-Token (and optionally X-Vault-Namespace)
    200 {"data": {"data": {...}, "metadata": {...}}, ...}   the secret's latest version
    403 {"errors": ["permission denied"]}                   wrong or missing token
    404 {"errors": []}                                      no secret at that path
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from tests.stubs.http import Respond, serving


@dataclass
class VaultStub:
    """Secrets by (mount, path); ``requests`` records (method, path, token, namespace) of each call."""

    token: str
    secrets: dict[tuple[str, str], dict[str, str]]
    url: str = ""
    requests: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)

    def respond(self, method: str, path: str, token: str | None, namespace: str | None) -> tuple[int, dict[str, Any]]:
        self.requests.append((method, path, token, namespace))
        if token != self.token:
            return 403, {"errors": ["permission denied"]}
        mount, sep, secret_path = path.removeprefix("/v1/").split("?")[0].partition("/data/")
        if method != "GET" or not sep or (mount, secret_path) not in self.secrets:
            return 404, {"errors": []}
        created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC).isoformat()
        return 200, {
            "request_id": str(uuid.uuid4()), "lease_id": "", "renewable": False, "lease_duration": 0,
            "data": {
                "data": dict(self.secrets[(mount, secret_path)]),
                "metadata": {"created_time": created, "custom_metadata": None, "deletion_time": "",
                             "destroyed": False, "version": 1},
            },
            "wrap_info": None, "warnings": None, "auth": None, "mount_type": "kv",
        }


def _wire(stub: VaultStub) -> Respond:
    """Vault's framing around ``stub.respond``: tokens from the X-Vault-* headers, JSON bodies."""

    def respond(method: str, path: str, headers: Message, body: bytes) -> tuple[int, str, bytes]:
        status, document = stub.respond(method, path, headers.get("X-Vault-Token"), headers.get("X-Vault-Namespace"))
        return status, "application/json", json.dumps(document).encode()

    return respond


@contextmanager
def running_vault(token: str, secrets: dict[tuple[str, str], dict[str, str]]) -> Iterator[VaultStub]:
    """A VaultStub listening on a free loopback port for the duration of the block."""
    stub = VaultStub(token=token, secrets=secrets)
    with serving(_wire(stub)) as url:
        stub.url = url
        yield stub
