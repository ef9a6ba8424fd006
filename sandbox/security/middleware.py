"""ASGI middleware: injected faults, per-token rate limiting and security headers.

Written as plain ASGI callables (not Starlette's BaseHTTPMiddleware) because they sit on
every request and the throughput target leaves no room for the extra task per request.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException

from sandbox.errors import PayloadTooLarge, PlatformError, RateLimited, ServiceUnavailable
from sandbox.security.tokens import TokenService, bearer_token

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

EXEMPT_PATHS = ("/health",)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


async def send_problem(send: Send, error: PlatformError, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(error.problem()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Adds the security headers PLATFORM.md asks for to every response."""

    def __init__(self, app: ASGIApp, *, tls: bool) -> None:
        self.app = app
        self.static = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"content-security-policy", b"frame-ancestors 'none'"),
            (b"referrer-policy", b"no-referrer"),
        ]
        if tls:
            self.static.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        authenticated = _header(scope, b"authorization") is not None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"cache-control" or not authenticated]
                headers.extend(self.static)
                if authenticated:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimitMiddleware:
    """Token bucket per genuine bearer token, else per client address: 429 + Retry-After.

    Only a token whose signature verifies gets a bucket of its own: a client sending random or
    forged tokens shares its address's bucket, so inventing tokens buys no extra requests.
    """

    def __init__(self, app: ASGIApp, *, per_second: float, burst: int, tokens: TokenService) -> None:
        self.app = app
        self.rate = per_second
        self.burst = float(burst)
        self.tokens = tokens
        self.buckets: dict[str, tuple[float, float]] = {}

    def _key(self, scope: Scope) -> str:
        auth = _header(scope, b"authorization")
        if auth:
            try:
                token = bearer_token(auth)
                if token is not None and self.tokens.verify(token):
                    return "t:" + hashlib.blake2b(auth.encode(), digest_size=12).hexdigest()
            except PlatformError:
                pass  # refused later with 401; counted against the address meanwhile
        client = scope.get("client") or ("?", 0)
        return f"a:{client[0]}"

    def _take(self, key: str) -> float:
        """Takes one token; returns 0 when allowed, else the seconds until one is free."""
        now = time.monotonic()
        tokens, last = self.buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            self.buckets[key] = (tokens - 1.0, now)
            return 0.0
        self.buckets[key] = (tokens, now)
        if len(self.buckets) > 50_000:
            self.buckets.clear()
        return (1.0 - tokens) / self.rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self._take(self._key(scope))
        if wait > 0:
            retry_after = max(1, int(wait + 0.999))
            await send_problem(
                send,
                RateLimited(f"rate limit of {self.rate:g} requests/s exceeded; retry after {retry_after}s", retry_after=retry_after),
                [(b"retry-after", str(retry_after).encode())],
            )
            return
        await self.app(scope, receive, send)


class BodySizeLimitMiddleware:
    """413 for a request body over ``max_bytes``: by Content-Length up front, or while it streams."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"the request body is larger than {self.max_bytes} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_problem(send, self._too_large())
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await send_problem(send, self._too_large())


class _BodyTooLarge(HTTPException):
    """Raised inside the app's receive() once a streamed body passes the limit; an HTTPException so
    the framework's body parsing passes it on (as a 413) instead of calling it a JSON error."""

    def __init__(self) -> None:
        super().__init__(413, "the request body is too large")


class FaultInjectionMiddleware:
    """Answers a seeded fraction of requests with 503 and adds latency (to every path, or those under
    ``latency_path``), to exercise retries and the response-time report."""

    def __init__(self, app: ASGIApp, *, error_rate: float, latency_ms: int, seed: int, latency_path: str = "") -> None:
        self.app = app
        self.error_rate = error_rate
        self.latency = latency_ms / 1000.0
        self.latency_path = latency_path
        self.random = random.Random(seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        if self.latency and scope["path"].startswith(self.latency_path):
            await asyncio.sleep(self.latency)
        if self.error_rate and self.random.random() < self.error_rate:
            await send_problem(
                send,
                ServiceUnavailable("injected transient failure (SANDBOX_FAULT_503_RATE)", retry_after=1),
                [(b"retry-after", b"1")],
            )
            return
        await self.app(scope, receive, send)
