"""Token revocation by account version: a token is current while its ``ver`` claim equals the
account's ``app_user.token_version``; a password change or ``POST /v1/auth/revoke`` bumps it.

Versions are cached per account for ``cache_seconds`` so the hot path stays one dict lookup; a
bump on this process updates the cache at once, another process sees it within that time.
"""

from __future__ import annotations

import time
import uuid

import asyncpg

from sandbox.errors import Unauthenticated
from sandbox.security.tokens import Principal


class TokenVersions:
    """The current token version of each account, read from the inventory database."""

    def __init__(self, *, cache_seconds: float) -> None:
        self._ttl = cache_seconds
        self._cache: dict[str, tuple[int | None, float]] = {}

    async def current(self, pool: asyncpg.Pool, user_id: str) -> int | None:
        """The account's version; None when the login no longer exists (erased fans keep their old answers)."""
        cached = self._cache.get(user_id)
        now = time.monotonic()
        if cached is not None and now - cached[1] < self._ttl:
            return cached[0]
        try:
            account = uuid.UUID(user_id)
        except ValueError as exc:
            raise Unauthenticated("the access token names no account") from exc
        version = await pool.fetchval("SELECT token_version FROM app_user WHERE id = $1", account)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[user_id] = (version, now)
        return version

    async def check(self, pool: asyncpg.Pool, principal: Principal) -> Principal:
        """401 for a token issued before the account's last password change or revocation."""
        version = await self.current(pool, principal.user_id)
        if version is not None and principal.token_version != version:
            raise Unauthenticated("the access token was revoked (password changed or sessions revoked)")
        return principal

    async def bump(self, conn: asyncpg.Connection | asyncpg.Pool, user_id: str) -> int:
        """Revokes every token of the account issued so far; returns the new version."""
        version = await conn.fetchval(
            "UPDATE app_user SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version",
            uuid.UUID(user_id),
        )
        self._cache[user_id] = (version, time.monotonic())
        return int(version or 0)
