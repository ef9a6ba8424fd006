"""Credentials of POST /v1/auth/token (inventory database, table app_user)."""

from __future__ import annotations

import uuid

import asyncpg

from sandbox.rest.crud.base import Queryable


async def find_login(conn: Queryable, *, username: str) -> asyncpg.Record | None:
    """The app_user of ``username``; a fan whose profile was erased can no longer log in."""
    return await conn.fetchrow(
        "SELECT u.id, u.username, u.password_hash, u.role, u.fan_id, u.token_version FROM app_user u "
        "LEFT JOIN fan f ON f.id = u.fan_id WHERE u.username = $1 AND f.erased_at IS NULL",
        username,
    )


async def find_account(conn: Queryable, *, user_id: str) -> asyncpg.Record | None:
    """The app_user behind a verified token."""
    return await conn.fetchrow("SELECT id, username, password_hash FROM app_user WHERE id = $1", uuid.UUID(user_id))


async def set_password(conn: Queryable, *, user_id: str, password_hash: str) -> None:
    await conn.execute("UPDATE app_user SET password_hash = $2 WHERE id = $1", uuid.UUID(user_id), password_hash)
