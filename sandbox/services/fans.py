"""Fan self-service: profile read and update, and GDPR erasure.

Erasure removes the PII (the schema's CHECKs insist on all of it), deletes the login so the
fan can no longer get a token, releases active reservations (cancelling their unpaid orders), and keeps the orders: they stay
tied to the now anonymous fan row for accounting.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from sandbox.db import Databases
from sandbox.errors import Forbidden, NotFound
from sandbox.services import catalog
from sandbox.services.records import Erasure, Fan
from sandbox.services.reservations import CANCEL_UNPAID_ORDERS_SQL, FREE_LOCKED_SEATS_SQL
from sandbox.services.validation import check_text

# Profile fields a fan may change, with the schema's length limits. Attributes are not among
# them on purpose: they gate offers (rule 5), so only staff set them.
EDITABLE = {"first_name": ("firstName", 100), "last_name": ("lastName", 100), "phone": ("phone", 40)}


def _fan(row: asyncpg.Record) -> Fan:
    return Fan(
        id=row["id"], email=row["email"], first_name=row["first_name"], last_name=row["last_name"],
        phone=row["phone"], attributes=json.loads(row["attributes"]), erased_at=row["erased_at"],
    )


async def get_fan(db: Databases, *, fan_id: uuid.UUID) -> Fan:
    row = await db.inventory.fetchrow("SELECT * FROM fan WHERE id = $1", fan_id)
    if row is None:
        raise NotFound(f"fan {fan_id} does not exist")
    return _fan(row)


async def update_fan(db: Databases, *, fan_id: uuid.UUID, changes: dict[str, Any]) -> Fan:
    """Applies ``changes`` (column -> value, None clears) to a live profile."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for column, value in changes.items():
        field, limit = EDITABLE[column]
        check_text(value, field, max_length=limit, min_length=0)
    async with db.inventory.acquire() as conn, conn.transaction():
        current = await conn.fetchrow("SELECT * FROM fan WHERE id = $1 FOR UPDATE", fan_id)
        if current is None:
            raise NotFound(f"fan {fan_id} does not exist")
        if current["erased_at"] is not None:
            raise Forbidden("this fan profile was erased")
        if not changes:
            return _fan(current)
        columns = list(changes)
        assignments = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(columns))
        row = await conn.fetchrow(
            f"UPDATE fan SET {assignments}, updated_at = now() WHERE id = $1 RETURNING *",
            fan_id, *(changes[c] for c in columns),
        )
        return _fan(row)


async def erase_fan(db: Databases, *, fan_id: uuid.UUID) -> Erasure:
    """GDPR erasure; idempotent (a second call keeps the first erasure time)."""
    async with db.inventory.acquire() as conn:
        async with conn.transaction():
            fan = await conn.fetchrow("SELECT erased_at FROM fan WHERE id = $1 FOR UPDATE", fan_id)
            if fan is None:
                raise NotFound(f"fan {fan_id} does not exist")
            locks = await conn.fetch(
                "UPDATE reservation_lock SET status = 'RELEASED', updated_at = now()"
                " WHERE fan_id = $1 AND status = 'ACTIVE' RETURNING id, event_id",
                fan_id,
            )
            for lock in locks:
                await conn.execute(FREE_LOCKED_SEATS_SQL, lock["id"])
            await conn.execute(CANCEL_UNPAID_ORDERS_SQL, [lock["id"] for lock in locks])
            erased_at = await conn.fetchval(
                "UPDATE fan SET email = NULL, first_name = NULL, last_name = NULL, phone = NULL,"
                " attributes = '{}'::jsonb, erased_at = COALESCE(erased_at, now()), updated_at = now()"
                " WHERE id = $1 RETURNING erased_at",
                fan_id,
            )
            # the audit log keeps what happened, not who it was: their user name is their e-mail
            await conn.execute(
                "UPDATE audit_event SET actor_name = NULL WHERE fan_id = $1"
                " OR actor_user_id IN (SELECT id FROM app_user WHERE fan_id = $1)", fan_id)
            await conn.execute("DELETE FROM app_user WHERE fan_id = $1", fan_id)
            orders_kept = await conn.fetchval('SELECT count(*) FROM "order" WHERE fan_id = $1', fan_id)
    for event_id in {lock["event_id"] for lock in locks}:
        await catalog.sync_event_status(db, event_id=event_id)
    return Erasure(fan_id=fan_id, erased_at=erased_at, released_reservations=len(locks), orders_kept=orders_kept)
