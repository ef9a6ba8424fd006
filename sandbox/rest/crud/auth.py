"""Credentials of POST /v1/auth/token (inventory database, table app_user)."""

from __future__ import annotations

import asyncpg

from sandbox.rest.crud.base import Queryable


async def find_login(conn: Queryable, *, username: str) -> asyncpg.Record | None:
    """The app_user of ``username``; a fan whose profile was erased can no longer log in."""
    return await conn.fetchrow(
        "SELECT u.id, u.username, u.password_hash, u.role, u.fan_id FROM app_user u "
        "LEFT JOIN fan f ON f.id = u.fan_id WHERE u.username = $1 AND f.erased_at IS NULL",
        username,
    )
