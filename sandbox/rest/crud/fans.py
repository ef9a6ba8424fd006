"""Fans and their logins (inventory database): a fan's app_user follows the fan's email.

Passwords are hashed (PBKDF2) in a worker thread: the hash is deliberately slow and would
otherwise stall every other request on the event loop.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from sandbox.db import Databases
from sandbox.errors import Conflict, NotFound
from sandbox.rest.crud.base import Resource, insert_row, transaction, update_row
from sandbox.rest.crud.errors import translated
from sandbox.rest.models.fans import FanCreate
from sandbox.security.passwords import hash_password

FANS = Resource(
    label="fan", table="fan", database="inventory", touch=True,
    filters={
        "email": "lower(t.email) = lower({})",
        "name": "(strpos(lower(t.first_name), lower({0})) > 0 OR strpos(lower(t.last_name), lower({0})) > 0)",
    },
    children=("DELETE FROM app_user WHERE fan_id = $1",),
    # text then jsonb: correct whether or not a json codec is registered on the pool
    casts={"attributes": "::text::jsonb"},
)
USERS = Resource(label="login", table="app_user", database="inventory")


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    if "attributes" in values:
        values["attributes"] = json.dumps(values["attributes"])
    return values


async def create_fan(db: Databases, *, data: FanCreate) -> UUID:
    """The fan and an app_user (role fan, username = email); a used email is a 409."""
    password_hash = await asyncio.to_thread(hash_password, data.password)
    async with transaction(db.inventory) as conn:
        fan_id = await insert_row(conn, FANS, _columns(data.model_dump(exclude={"password"})))
        await insert_row(conn, USERS, {"username": data.email, "password_hash": password_hash, "role": "fan", "fan_id": fan_id})
    return fan_id


async def update_fan(db: Databases, *, fan_id: UUID, data: BaseModel) -> None:
    """Changes the profile; a new email or password changes the login too. Erased fans stay erased."""
    changes = data.model_dump(exclude_unset=True)
    password = changes.pop("password", None)
    login: dict[str, Any] = {"password_hash": await asyncio.to_thread(hash_password, password)} if password else {}
    if "email" in changes:
        login["username"] = changes["email"]
    async with transaction(db.inventory) as conn:
        erased_at = await conn.fetchrow("SELECT erased_at FROM fan WHERE id = $1 FOR UPDATE", fan_id)
        if erased_at is None:
            raise NotFound(f"no fan with id {fan_id}")
        if erased_at["erased_at"] is not None:
            raise Conflict(f"fan {fan_id} was erased (GDPR); the profile can no longer change")
        await update_row(conn, FANS, fan_id, _columns(changes))
        if login:
            sets = ", ".join(f"{column} = ${i}" for i, column in enumerate(login, start=2))
            with translated("login"):
                await conn.execute(f"UPDATE app_user SET {sets} WHERE fan_id = $1", fan_id, *login.values())
