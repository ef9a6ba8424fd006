"""Reservation locks: reserve, release, expire (rules 1, 2, 4, 5, 8).

Rule 1 lives in the database: seats are picked with FOR UPDATE SKIP LOCKED inside the
transaction that marks them LOCKED, and the schema ties LOCKED to exactly one lock_id.
Locks are always taken lock row first, seats second, so the sweeper, release, checkout and
cancel can never deadlock each other.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid

import asyncpg

from sandbox.db import Databases
from sandbox.errors import EventNotOnSale, Forbidden, InvalidInput, LimitExceeded, NotFound, ReservationExpired, SeatsUnavailable
from sandbox.services import catalog
from sandbox.services.offers import authorize_offer
from sandbox.services.pricing import prices_for_type
from sandbox.services.records import LineItem, Reservation, line_item_from, seat_from
from sandbox.services.validation import check_range, check_text, storable

EXPIRE_SQL = """
WITH expired AS (
    UPDATE reservation_lock SET status = 'EXPIRED', updated_at = now()
    WHERE status = 'ACTIVE' AND expires_at < now() AND ($1::uuid IS NULL OR event_id = $1::uuid)
    RETURNING id, event_id),
freed AS (
    UPDATE inventory_item SET status = 'AVAILABLE', lock_id = NULL, updated_at = now()
    WHERE lock_id IN (SELECT id FROM expired) RETURNING id),
unpaid AS (  -- an expired lock's order (left PENDING by a declined card) can never be paid any more
    UPDATE "order" SET status = 'CANCELLED', updated_at = now()
    WHERE lock_id IN (SELECT id FROM expired) AND status = 'PENDING' RETURNING id)
SELECT id, event_id FROM expired
"""

HELD_BY_FAN_SQL = """
SELECT (SELECT count(*) FROM order_item oi JOIN "order" o ON o.id = oi.order_id
         WHERE o.fan_id = $1 AND o.event_id = $2 AND o.status = 'PAID')
     + (SELECT count(*) FROM reservation_lock_item li JOIN reservation_lock l ON l.id = li.lock_id
         WHERE l.fan_id = $1 AND l.event_id = $2 AND l.status = 'ACTIVE' AND l.expires_at > now())
"""

# Public sale ($3 NULL) or one offer's blocks; only blocks priced for the price type ($2).
PICK_SEATS_SQL = """
SELECT i.id AS seat_id, i.section, i.row_label, i.seat_number, b.price_code_id
FROM inventory_item i
JOIN inventory_block b ON b.id = i.block_id
WHERE i.event_id = $1 AND i.status = 'AVAILABLE'
  AND i.block_id IN (
      SELECT bb.id FROM inventory_block bb
      JOIN price_point pp ON pp.event_id = bb.event_id AND pp.price_code_id = bb.price_code_id
                         AND pp.price_type_id = $2
      WHERE bb.event_id = $1 AND bb.offer_id IS NOT DISTINCT FROM $3::uuid
        AND ($4::text IS NULL OR bb.section = $4::text))
ORDER BY i.section, i.row_label, i.seat_number
LIMIT $5
FOR UPDATE OF i SKIP LOCKED
"""

INSERT_LOCK_SQL = """
INSERT INTO reservation_lock (availability_token, fan_id, event_id, price_type_id, offer_id, access_code_id, expires_at,
                              idempotency_key)
VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::float8), $8)
RETURNING *
"""

INSERT_LOCK_ITEMS_SQL = """
INSERT INTO reservation_lock_item (lock_id, inventory_item_id, base_cents, fees_cents, tax_cents, total_cents)
SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::int[], $5::int[], $6::int[])
"""

LOCK_ITEMS_SQL = """
SELECT i.id AS seat_id, i.section, i.row_label, i.seat_number, pt.code AS price_type,
       li.base_cents, li.fees_cents, li.tax_cents
FROM reservation_lock_item li
JOIN reservation_lock l ON l.id = li.lock_id
JOIN inventory_item i ON i.id = li.inventory_item_id
JOIN price_type pt ON pt.id = l.price_type_id
WHERE li.lock_id = $1
ORDER BY i.section, i.row_label, i.seat_number
"""

MAX_TOKEN_LENGTH = 256  # issued tokens are 32 characters; anything longer cannot exist

FREE_LOCKED_SEATS_SQL = "UPDATE inventory_item SET status = 'AVAILABLE', lock_id = NULL, updated_at = now() WHERE lock_id = $1"

# A released lock's unpaid order can never be paid any more: it is cancelled with the lock.
CANCEL_UNPAID_ORDERS_SQL = (
    "UPDATE \"order\" SET status = 'CANCELLED', updated_at = now() WHERE lock_id = ANY($1::uuid[]) AND status = 'PENDING'"
)


async def expire_locks(db: Databases, *, event_id: uuid.UUID | None = None) -> int:
    """Rule 2: ACTIVE locks past their TTL become EXPIRED and their seats AVAILABLE, atomically.

    Called every second by the app's sweeper and inline (for one event) before reserving and
    reading availability, so results never depend on the sweeper's timing.
    """
    rows = await db.inventory.fetch(EXPIRE_SQL, event_id)
    for affected in {r["event_id"] for r in rows}:
        await catalog.sync_event_status(db, event_id=affected)
    return len(rows)


def _reservation(lock: asyncpg.Record, items: list[LineItem]) -> Reservation:
    return Reservation(
        id=lock["id"], availability_token=lock["availability_token"], event_id=lock["event_id"],
        offer_id=lock["offer_id"], status=lock["status"], expires_at=lock["expires_at"], items=items,
    )


async def load_reservation(conn: asyncpg.Connection, lock: asyncpg.Record) -> Reservation:
    return _reservation(lock, [line_item_from(r) for r in await conn.fetch(LOCK_ITEMS_SQL, lock["id"])])


async def _check_fan_limit(conn: asyncpg.Connection, *, fan_id: uuid.UUID, event_id: uuid.UUID, quantity: int, limit: int) -> None:
    """Rule 4, serialised per fan by locking the fan row for the rest of the transaction."""
    fan = await conn.fetchrow("SELECT erased_at FROM fan WHERE id = $1 FOR UPDATE", fan_id)
    if fan is None or fan["erased_at"] is not None:
        raise Forbidden("this fan profile does not exist or was erased")
    held = await conn.fetchval(HELD_BY_FAN_SQL, fan_id, event_id)
    if held + quantity > limit:
        raise LimitExceeded(
            f"a fan may hold at most {limit} tickets for this event; already {held}, asked for {quantity}",
            field="quantity", limit=limit, held=held,
        )


MAX_TOTAL_CENTS = 2**31 - 1


async def reserve_seats(
    db: Databases,
    *,
    fan_id: uuid.UUID,
    event_id: uuid.UUID,
    quantity: int,
    price_type: str,
    ttl_seconds: float,
    section: str | None = None,
    offer_id: uuid.UUID | None = None,
    access_code: str | None = None,
    idempotency_key: str | None = None,
) -> Reservation:
    """Locks ``quantity`` seats for the fan, all or nothing, for ``ttl_seconds``.

    With an ``idempotency_key`` a repeated call (a retry after a lost response) returns the
    reservation the first call made, whatever its status now, and locks nothing more.
    """
    check_text(section, "section", max_length=40)
    check_text(idempotency_key, "idempotencyKey", max_length=128)
    check_text(price_type, "priceType", max_length=20)
    sale, _ = await asyncio.gather(catalog.sale_info(db, event_id=event_id), expire_locks(db, event_id=event_id))
    if sale is None:
        raise NotFound(f"event {event_id} does not exist")
    if sale.status not in catalog.SELLABLE:
        raise EventNotOnSale(f"event {event_id} is {sale.status}, not on sale")
    check_range(quantity, "quantity", low=1, high=sale.max_tickets_per_fan)
    async with db.inventory.acquire() as conn:
        price_type_id = await conn.fetchval("SELECT id FROM price_type WHERE code = $1", price_type)
        if price_type_id is None:
            raise InvalidInput(f"unknown price type {price_type!r}", field="priceType")
        access_code_id = None
        if offer_id is not None:
            access_code_id = await authorize_offer(
                conn, offer_id=offer_id, group_ids=sale.group_ids, fan_id=fan_id, access_code=access_code
            )
        async with conn.transaction():
            if idempotency_key is not None:
                earlier = await _earlier_reservation(conn, fan_id=fan_id, event_id=event_id, idempotency_key=idempotency_key)
                if earlier is not None:
                    return earlier
            await _check_fan_limit(conn, fan_id=fan_id, event_id=event_id, quantity=quantity, limit=sale.max_tickets_per_fan)
            seats = await conn.fetch(PICK_SEATS_SQL, event_id, price_type_id, offer_id, section, quantity)
            if len(seats) < quantity:
                raise SeatsUnavailable(f"only {len(seats)} of {quantity} requested seats are available", available=len(seats))
            lock = await conn.fetchrow(
                INSERT_LOCK_SQL, secrets.token_urlsafe(24), fan_id, event_id, price_type_id, offer_id, access_code_id, ttl_seconds,
                idempotency_key,
            )
            seat_ids = [s["seat_id"] for s in seats]
            await conn.execute(
                "UPDATE inventory_item SET status = 'LOCKED', lock_id = $1, updated_at = now() WHERE id = ANY($2::uuid[])",
                lock["id"], seat_ids,
            )
            prices = await prices_for_type(conn, event_id=event_id, price_type_id=price_type_id)
            items = [LineItem(seat_from(s), price_type, prices[s["price_code_id"]]) for s in seats]
            if sum(i.price.total_cents for i in items) > MAX_TOTAL_CENTS:
                # money is a 32-bit Int in GraphQL: refuse (and roll back the lock) rather than fail after commit
                raise InvalidInput(f"the reservation would total more than {MAX_TOTAL_CENTS} cents", field="quantity")
            await conn.execute(
                INSERT_LOCK_ITEMS_SQL, lock["id"], seat_ids,
                *([getattr(i.price, f) for i in items] for f in ("base_cents", "fees_cents", "tax_cents", "total_cents")),
            )
    await catalog.sync_event_status(db, event_id=event_id)
    return _reservation(lock, items)


async def _earlier_reservation(conn: asyncpg.Connection, *, fan_id: uuid.UUID, event_id: uuid.UUID,
                               idempotency_key: str) -> Reservation | None:
    """The reservation an earlier call with this key made; the fan row lock serialises concurrent retries."""
    await conn.execute("SELECT 1 FROM fan WHERE id = $1 FOR UPDATE", fan_id)
    lock = await conn.fetchrow("SELECT * FROM reservation_lock WHERE fan_id = $1 AND idempotency_key = $2", fan_id, idempotency_key)
    if lock is None:
        return None
    if lock["event_id"] != event_id:
        raise InvalidInput("this idempotencyKey was already used for another reservation", field="idempotencyKey")
    return await load_reservation(conn, lock)


async def release_reservation(db: Databases, *, fan_id: uuid.UUID, availability_token: str) -> Reservation:
    """Gives the seats back; releasing twice (or after expiry) is harmless, after checkout it is not."""
    if len(availability_token) > MAX_TOKEN_LENGTH or not storable(availability_token):
        raise NotFound("no reservation of yours has this availability token")
    async with db.inventory.acquire() as conn:
        async with conn.transaction():
            lock = await conn.fetchrow("SELECT * FROM reservation_lock WHERE availability_token = $1 FOR UPDATE", availability_token)
            if lock is None or lock["fan_id"] != fan_id:
                raise NotFound("no reservation of yours has this availability token")
            if lock["status"] == "CONVERTED":
                raise ReservationExpired("this reservation was already checked out; cancel the order instead")
            if lock["status"] == "ACTIVE":
                lock = await conn.fetchrow(
                    "UPDATE reservation_lock SET status = 'RELEASED', updated_at = now() WHERE id = $1 RETURNING *", lock["id"]
                )
                await conn.execute(FREE_LOCKED_SEATS_SQL, lock["id"])
                await conn.execute(CANCEL_UNPAID_ORDERS_SQL, [lock["id"]])
        reservation = await load_reservation(conn, lock)
    await catalog.sync_event_status(db, event_id=reservation.event_id)
    return reservation
