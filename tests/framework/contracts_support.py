"""A real loopback reverse proxy in front of the local platform that changes what it serves.

It forwards every request to the platform and can replace the live OpenAPI document, answer the
introspection query with a changed schema, or rewrite a response body: the sandbox as it would
be after a release that renamed a field or changed a type, without touching the sandbox.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

import requests

from tests.stubs.http import serving_handler

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


@dataclass
class Changes:
    openapi: dict[str, Any] | None = None          # served at GET /openapi.json
    introspection: dict[str, Any] | None = None    # answers a POST /graphql whose query contains __schema
    rewrite: Callable[[str, str, Any], Any] | None = None  # (method, path, json body) -> new body


def _handler(target: str, changes: Changes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, payload: Any) -> None:
            self._send(200, {"Content-Type": "application/json"}, json.dumps(payload).encode())

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.command == "GET" and self.path == "/openapi.json" and changes.openapi is not None:
                return self._json(changes.openapi)
            if self.command == "POST" and self.path == "/graphql" and changes.introspection is not None and b"__schema" in body:
                return self._json(changes.introspection)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
            upstream = requests.request(self.command, target + self.path, headers=headers, data=body, timeout=30)
            payload = upstream.content
            if changes.rewrite is not None and upstream.headers.get("content-type", "").startswith("application/json"):
                payload = json.dumps(changes.rewrite(self.command, self.path, upstream.json())).encode()
            self._send(upstream.status_code, dict(upstream.headers), payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def changed_platform(target: str, changes: Changes) -> Iterator[str]:
    """The proxy's base URL (``http://127.0.0.1:<port>``; GraphQL at ``/graphql``) for the block."""
    with serving_handler(_handler(target.rstrip("/"), changes)) as url:
        yield url
