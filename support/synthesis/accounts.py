"""Throw-away accounts per role, so generated requests never touch a login the suite shares.

Generated requests call ``POST /v1/auth/revoke`` and ``POST /v1/auth/password`` with the
caller's own token; against a configured account that would log every other run out. Each role
therefore gets an account of its own made by the factories (registered in the cleanup ledger),
and when a generated request revokes its tokens or changes its password, the account is
replaced by a fresh one before the next request.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from data_factories import AppUserFactory, FanFactory
from support.clients.auth import Credentials, TokenProvider
from support.synthesis.checks import issued, revoked

# a 2xx of these ends the account's tokens (revocation by account version, sandbox/README.md)
ENDS_SESSIONS = frozenset({"POST /v1/auth/revoke", "POST /v1/auth/password", "Mutation.deleteMyProfile"})


@dataclass
class RoleAccount:
    """The current throw-away account of one role and its token; anonymous has neither."""

    role: str
    tokens: TokenProvider
    fan: Any = None               # the fan role's row (its own objects feed the own-only cells)
    _credentials: Credentials | None = None
    _token: str | None = None
    replaced: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _new_account(self) -> None:
        if self.role == "fan":
            fan = self.fan = FanFactory()
            self._credentials = Credentials(username=fan.username, password=fan.password)
        else:
            user = AppUserFactory(role=self.role, username=f"synth-{self.role}.{uuid.uuid4().hex[:10]}")
            self._credentials = Credentials(username=user.username, password=user.password)
        self._token = self.tokens.login(self._credentials).access_token
        issued(self._token)

    def token(self) -> str | None:
        """The bearer token to send (None for anonymous), logging in on first use."""
        if self.role == "anonymous":
            return None
        with self._lock:
            if self._token is None:
                self._new_account()
            return self._token

    def owner(self) -> Any:
        """The fan row of the fan role's current account (made on first use); None for other roles."""
        self.token()
        return self.fan

    def sessions_ended(self) -> None:
        """A generated request revoked this account's tokens: the next request uses a new account."""
        with self._lock:
            if self._token is not None:
                revoked(self._token)
                self._token = None
                self.replaced += 1
