"""Checkout (rules 5, 6, 7): pay for a reservation, exactly once per idempotency key.

Everything happens in one transaction that starts by locking the reservation row, so two
concurrent checkouts of one token serialise: the second sees the first one's payment (same
key: same outcome) or a CONVERTED lock (another key: ReservationExpired). A declined payment
is committed before PaymentDeclined is raised, so the attempt stays on record.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

import asyncpg

from sandbox.db import Databases
from sandbox.errors import InvalidInput, NotFound, PaymentDeclined, ReservationExpired
from sandbox.services import orders
from sandbox.services.offers import count_code_use
from sandbox.services.records import Order
from sandbox.services.reservations import MAX_TOKEN_LENGTH
from sandbox.services.validation import check_text, storable


@dataclass(frozen=True)
class Card:
    method: str
    approved: bool


# The payment provider's test tokens: the sandbox has no real card processing.
CARDS = {
    "tok_visa": Card("card:visa", True),
    "tok_mastercard": Card("card:mastercard", True),
    "tok_declined": Card("card:visa", False),
}
DECLINE_REASON = "card_declined"

REPLAY_SQL = """
SELECT p.order_id, p.status FROM payment p JOIN "order" o ON o.id = p.order_id
WHERE o.fan_id = $1 AND p.idempotency_key = $2
ORDER BY p.created_at DESC LIMIT 1
"""

CREATE_ORDER_SQL = """
INSERT INTO "order" (fan_id, event_id, lock_id, status, total_cents, idempotency_key)
SELECT $1, $2, $3, 'PENDING', COALESCE(sum(li.total_cents), 0), $4 FROM reservation_lock_item li WHERE li.lock_id = $3
RETURNING id, total_cents
"""

CREATE_ITEMS_SQL = """
INSERT INTO order_item (order_id, inventory_item_id, price_type_id, base_cents, fees_cents, tax_cents, total_cents)
SELECT $1, li.inventory_item_id, $3, li.base_cents, li.fees_cents, li.tax_cents, li.total_cents
FROM reservation_lock_item li WHERE li.lock_id = $2
"""

# One entitlement per item; the block's template wins over the event-wide one, else GENERAL.
ENTITLE_SQL = """
INSERT INTO entitlement (order_id, order_item_id, inventory_item_id, template_id, gate_access_level, barcode)
SELECT oi.order_id, oi.id, oi.inventory_item_id, t.id, COALESCE(t.gate_access_level, 'GENERAL'), b.barcode
FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM order_item WHERE order_id = $1) oi
JOIN unnest($2::text[]) WITH ORDINALITY AS b(barcode, n) ON b.n = oi.n
JOIN inventory_item i ON i.id = oi.inventory_item_id
LEFT JOIN LATERAL (
    SELECT et.id, et.gate_access_level FROM entitlement_template et
    WHERE et.event_id = i.event_id AND (et.block_id = i.block_id OR et.block_id IS NULL)
    ORDER BY et.block_id IS NULL LIMIT 1) t ON true
"""


@dataclass(frozen=True)
class _Outcome:
    order_id: uuid.UUID
    declined: bool


async def _order_for_lock(conn: asyncpg.Connection, lock: asyncpg.Record, idempotency_key: str) -> asyncpg.Record:
    """The lock's order (one per lock), created PENDING on the first attempt."""
    order = await conn.fetchrow('SELECT id, total_cents FROM "order" WHERE lock_id = $1', lock["id"])
    if order is None:
        order = await conn.fetchrow(CREATE_ORDER_SQL, lock["fan_id"], lock["event_id"], lock["id"], idempotency_key)
        await conn.execute(CREATE_ITEMS_SQL, order["id"], lock["id"], lock["price_type_id"])
    return order


async def _capture(conn: asyncpg.Connection, lock: asyncpg.Record, order: asyncpg.Record) -> None:
    """Paid: seats SOLD, lock CONVERTED, one entitlement per seat, access code use counted."""
    if lock["access_code_id"] is not None:
        await count_code_use(conn, access_code_id=lock["access_code_id"])
    sold = await conn.fetch(
        "UPDATE inventory_item SET status = 'SOLD', lock_id = NULL, updated_at = now() WHERE lock_id = $1 RETURNING id",
        lock["id"],
    )
    count = await conn.fetchval("SELECT count(*) FROM order_item WHERE order_id = $1", order["id"])
    if len(sold) != count:  # the schema keeps this from happening; refuse rather than sell half
        raise ReservationExpired("the reservation no longer holds all of its seats")
    await conn.execute("UPDATE reservation_lock SET status = 'CONVERTED', updated_at = now() WHERE id = $1", lock["id"])
    await conn.execute('UPDATE "order" SET status = \'PAID\', updated_at = now() WHERE id = $1', order["id"])
    await conn.execute(ENTITLE_SQL, order["id"], [secrets.token_hex(10).upper() for _ in range(count)])


async def _attempt(conn: asyncpg.Connection, *, fan_id: uuid.UUID, token: str, card: Card, key: str) -> _Outcome:
    lock = await conn.fetchrow(
        "SELECT *, expires_at > now() AS live FROM reservation_lock WHERE availability_token = $1 FOR UPDATE", token
    )
    previous = await conn.fetchrow(REPLAY_SQL, fan_id, key)  # after the row lock: a concurrent twin has committed
    if previous is not None:
        return _Outcome(previous["order_id"], declined=previous["status"] == "DECLINED")
    if lock is None or lock["fan_id"] != fan_id:
        raise NotFound("no reservation of yours has this availability token")
    if lock["status"] != "ACTIVE" or not lock["live"]:
        raise ReservationExpired("the reservation has expired or is no longer active; reserve again")
    order = await _order_for_lock(conn, lock, key)
    if card.approved:
        await _capture(conn, lock, order)
    await conn.execute(
        "INSERT INTO payment (order_id, idempotency_key, amount_cents, status, method, decline_reason)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        order["id"], key, order["total_cents"], "CAPTURED" if card.approved else "DECLINED", card.method,
        None if card.approved else DECLINE_REASON,
    )
    return _Outcome(order["id"], declined=not card.approved)


async def checkout(
    db: Databases, *, fan_id: uuid.UUID, availability_token: str, payment_token: str, idempotency_key: str
) -> Order:
    """Pays for the fan's reservation; returns the PAID order or raises PaymentDeclined."""
    check_text(idempotency_key, "idempotencyKey", max_length=128)
    card = CARDS.get(payment_token)
    if card is None:
        raise InvalidInput(f"unknown payment token; use one of {', '.join(CARDS)}", field="paymentToken")
    if len(availability_token) > MAX_TOKEN_LENGTH or not storable(availability_token):
        raise NotFound("no reservation of yours has this availability token")
    async with db.inventory.acquire() as conn:
        async with conn.transaction():
            outcome = await _attempt(conn, fan_id=fan_id, token=availability_token, card=card, key=idempotency_key)
        order = (await orders.load_orders(conn, [outcome.order_id]))[0]
    if outcome.declined:
        raise PaymentDeclined("the card was declined; the reservation stays until it expires", orderId=str(order.id))
    return order
