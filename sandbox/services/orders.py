"""Orders: reading them (fan's own, staff any) and cancelling them (rule 7)."""

from __future__ import annotations

import uuid
from collections import defaultdict

import asyncpg

from sandbox.db import Databases
from sandbox.errors import Conflict, NotFound
from sandbox.services import catalog
from sandbox.services.records import Entitlement, Order, Payment, line_item_from, seat_from
from sandbox.services.reservations import FREE_LOCKED_SEATS_SQL

SEAT_COLUMNS = "i.id AS seat_id, i.section, i.row_label, i.seat_number"

ITEMS_SQL = f"""
SELECT oi.order_id, {SEAT_COLUMNS}, pt.code AS price_type, oi.base_cents, oi.fees_cents, oi.tax_cents
FROM order_item oi
JOIN inventory_item i ON i.id = oi.inventory_item_id
JOIN price_type pt ON pt.id = oi.price_type_id
WHERE oi.order_id = ANY($1::uuid[])
ORDER BY i.section, i.row_label, i.seat_number
"""

ENTITLEMENTS_SQL = f"""
SELECT e.order_id, e.id, e.barcode, e.gate_access_level, e.status, {SEAT_COLUMNS}
FROM entitlement e
JOIN inventory_item i ON i.id = e.inventory_item_id
WHERE e.order_id = ANY($1::uuid[])
ORDER BY i.section, i.row_label, i.seat_number
"""

PAYMENTS_SQL = "SELECT * FROM payment WHERE order_id = ANY($1::uuid[]) ORDER BY created_at, id"


async def load_orders(conn: asyncpg.Connection, order_ids: list[uuid.UUID]) -> list[Order]:
    """Orders with items, entitlements and payments: four queries for any number of orders."""
    heads = await conn.fetch('SELECT * FROM "order" WHERE id = ANY($1::uuid[]) ORDER BY created_at DESC, id', order_ids)
    items, entitlements, payments = defaultdict(list), defaultdict(list), defaultdict(list)
    for row in await conn.fetch(ITEMS_SQL, order_ids):
        items[row["order_id"]].append(line_item_from(row))
    for row in await conn.fetch(ENTITLEMENTS_SQL, order_ids):
        entitlements[row["order_id"]].append(
            Entitlement(row["id"], row["barcode"], row["gate_access_level"], row["status"], seat_from(row))
        )
    for row in await conn.fetch(PAYMENTS_SQL, order_ids):
        payments[row["order_id"]].append(
            Payment(row["id"], row["status"], row["amount_cents"], row["method"], row["idempotency_key"],
                    row["decline_reason"], row["created_at"])
        )
    return [
        Order(
            id=h["id"], fan_id=h["fan_id"], event_id=h["event_id"], status=h["status"], total_cents=h["total_cents"],
            idempotency_key=h["idempotency_key"], created_at=h["created_at"],
            items=items[h["id"]], entitlements=entitlements[h["id"]], payments=payments[h["id"]],
        )
        for h in heads
    ]


async def get_order(db: Databases, *, order_id: uuid.UUID, fan_id: uuid.UUID | None) -> Order | None:
    """The order, or None when it does not exist or (for a fan, ``fan_id`` set) is not theirs."""
    async with db.inventory.acquire() as conn:
        owner = await conn.fetchval('SELECT fan_id FROM "order" WHERE id = $1', order_id)
        if owner is None or (fan_id is not None and owner != fan_id):
            return None
        return (await load_orders(conn, [order_id]))[0]


async def fan_orders(db: Databases, *, fan_id: uuid.UUID) -> list[Order]:
    async with db.inventory.acquire() as conn:
        ids = [r["id"] for r in await conn.fetch('SELECT id FROM "order" WHERE fan_id = $1', fan_id)]
        return await load_orders(conn, ids)


async def _refund(conn: asyncpg.Connection, order_id: uuid.UUID) -> None:
    await conn.execute("UPDATE payment SET status = 'REFUNDED', updated_at = now() WHERE order_id = $1 AND status = 'CAPTURED'", order_id)
    await conn.execute('UPDATE "order" SET status = \'REFUNDED\', updated_at = now() WHERE id = $1', order_id)
    await conn.execute("UPDATE entitlement SET status = 'VOID', updated_at = now() WHERE order_id = $1 AND status = 'VALID'", order_id)
    await conn.execute(
        "UPDATE inventory_item SET status = 'AVAILABLE', updated_at = now()"
        " WHERE id IN (SELECT inventory_item_id FROM order_item WHERE order_id = $1) AND status = 'SOLD'",
        order_id,
    )


async def _cancel_pending(conn: asyncpg.Connection, order_id: uuid.UUID, lock_id: uuid.UUID | None) -> None:
    await conn.execute('UPDATE "order" SET status = \'CANCELLED\', updated_at = now() WHERE id = $1', order_id)
    if lock_id is not None:
        released = await conn.fetchval(
            "UPDATE reservation_lock SET status = 'RELEASED', updated_at = now()"
            " WHERE id = $1 AND status = 'ACTIVE' RETURNING id",
            lock_id,
        )
        if released:
            await conn.execute(FREE_LOCKED_SEATS_SQL, lock_id)


async def cancel_order(db: Databases, *, order_id: uuid.UUID, fan_id: uuid.UUID | None) -> Order:
    """PAID: refund, void entitlements, free seats. PENDING: cancel and release its lock.

    ``fan_id`` restricts the order to that fan (another fan's order is NotFound, not Forbidden,
    so order ids cannot be probed); None is staff acting on any order.
    """
    async with db.inventory.acquire() as conn:
        async with conn.transaction():
            head = await conn.fetchrow('SELECT fan_id, lock_id FROM "order" WHERE id = $1', order_id)
            if head is None or (fan_id is not None and head["fan_id"] != fan_id):
                raise NotFound(f"order {order_id} does not exist")
            if head["lock_id"] is not None:  # lock row before order row, as checkout does
                await conn.execute("SELECT 1 FROM reservation_lock WHERE id = $1 FOR UPDATE", head["lock_id"])
            order = await conn.fetchrow('SELECT id, status, event_id FROM "order" WHERE id = $1 FOR UPDATE', order_id)
            if order["status"] == "PAID":
                await _refund(conn, order_id)
            elif order["status"] == "PENDING":
                await _cancel_pending(conn, order_id, head["lock_id"])
            else:
                raise Conflict(f"order {order_id} is already {order['status']}")
        result = (await load_orders(conn, [order_id]))[0]
    await catalog.sync_event_status(db, event_id=order["event_id"])
    return result
