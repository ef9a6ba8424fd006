"""Login throttling: failed logins counted per account and per client address in a sliding window.

Written by hand (a few lines over a deque) because the platform keeps no shared cache and the
rate-limit libraries count requests, not failures. The client is the TCP peer address only:
X-Forwarded-For and friends are set by the caller, so trusting them would let an attacker rotate
them to escape the count. Random or invalid bearer tokens change nothing here either.
"""

from __future__ import annotations

import time
from collections import deque

from sandbox.errors import RateLimited


class FailureWindow:
    """Failures per key in the last ``window_seconds``; a key at ``limit`` is refused until one ages out."""

    def __init__(self, *, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    def retry_after(self, key: str) -> int:
        """0 when ``key`` may try again now, else the whole seconds until its oldest failure ages out."""
        now = time.monotonic()
        failures = self._recent(key, now)
        if len(failures) < self.limit:
            return 0
        return max(1, int(self.window - (now - failures[0]) + 0.999))

    def fail(self, key: str) -> None:
        now = time.monotonic()
        if len(self._failures) > 100_000:
            self._failures.clear()
        self._recent(key, now)
        self._failures.setdefault(key, deque()).append(now)

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)


class LoginThrottle:
    """Refuses logins (429 + Retry-After) for an account or a client with too many recent failures."""

    def __init__(self, *, per_account: int, per_client: int, window_seconds: float) -> None:
        self.accounts = FailureWindow(limit=per_account, window_seconds=window_seconds)
        self.clients = FailureWindow(limit=per_client, window_seconds=window_seconds)

    def check(self, *, username: str, client: str) -> None:
        for scope, window, key in (("account", self.accounts, username.lower()), ("client", self.clients, client)):
            wait = window.retry_after(key)
            if wait:
                raise RateLimited(f"too many failed logins for this {scope}; retry after {wait}s", retry_after=wait)

    def failed(self, *, username: str, client: str) -> None:
        self.accounts.fail(username.lower())
        self.clients.fail(client)

    def succeeded(self, *, username: str) -> None:
        """A correct password clears the account's count (never the client's: one good login must not
        buy an attacker more guesses at other accounts)."""
        self.accounts.forget(username.lower())
