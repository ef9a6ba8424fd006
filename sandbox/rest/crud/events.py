"""Events, their line-up and groups (events database), and their life cycle across both databases.

An event's seats, prices and orders live in the inventory database and point at it by id with no
foreign key, so what a foreign key would guarantee is checked here: an event with inventory is
not deleted, a group an offer uses is not deleted, a cancelled event's locks are released.
"""

from __future__ import annotations

from uuid import UUID

from sandbox.db import Databases
from sandbox.errors import Conflict, InvalidInput, NotFound
from sandbox.rest.crud.base import Link, Resource, transaction
from sandbox.rest.crud.catalog import NAME_CONTAINS
from sandbox.rest.crud.errors import translated
from sandbox.services.reservations import CANCEL_UNPAID_ORDERS_SQL

EVENTS = Resource(
    label="event", table="event", database="events", touch=True, order_by="t.starts_at, t.id",
    select="SELECT t.*, ARRAY(SELECT ep.performer_id FROM event_performer ep WHERE ep.event_id = t.id "
    "ORDER BY ep.billing_order) AS performer_ids FROM event t",
    filters={
        "name": NAME_CONTAINS,
        "venue_id": "t.venue_id = {}",
        "season_id": "t.season_id = {}",
        "performer_id": "EXISTS (SELECT 1 FROM event_performer ep WHERE ep.event_id = t.id AND ep.performer_id = {})",
        "status": "t.status = {}",
        "starts_from": "t.starts_at >= {}",
        "starts_to": "t.starts_at < {}",
        "status_not_in": "t.status <> ALL({})",
    },
    children=("DELETE FROM event_performer WHERE event_id = $1", "DELETE FROM event_group_member WHERE event_id = $1"),
    link=Link(field="performer_ids", table="event_performer", owner="event_id", target="performer_id",
              target_table="performer", target_database="events", position="billing_order"),
)

EVENT_GROUPS = Resource(
    label="event group", table="event_group", database="events", order_by="t.name, t.id",
    select="SELECT t.*, ARRAY(SELECT m.event_id FROM event_group_member m WHERE m.event_group_id = t.id "
    "ORDER BY m.event_id) AS event_ids FROM event_group t",
    filters={
        "name": NAME_CONTAINS,
        "event_id": "EXISTS (SELECT 1 FROM event_group_member m WHERE m.event_group_id = t.id AND m.event_id = {})",
    },
    children=("DELETE FROM event_group_member WHERE event_group_id = $1",),
    link=Link(field="event_ids", table="event_group_member", owner="event_group_id", target="event_id",
              target_table="event", target_database="events"),
)

# inventory tables whose rows refer to an event (by id, without a foreign key)
EVENT_INVENTORY = ("reservation_lock", '"order"', "entitlement_template", "price_point", "inventory_block")


async def event_status(db: Databases, event_id: UUID, *, field: str | None = None) -> str:
    """The event's status. A missing event is a 404, or a 422 naming ``field`` when the id came in a body."""
    status = await db.events.fetchval("SELECT status FROM event WHERE id = $1", event_id)
    if status is None:
        if field:
            raise InvalidInput(f"{field}: no event with id {event_id}", field=field)
        raise NotFound(f"no event with id {event_id}")
    return status


async def ensure_event_unused(db: Databases, event_id: UUID) -> None:
    """An event whose seats, prices, templates, locks or orders exist may not be deleted."""
    used = [
        table.strip('"')
        for table in EVENT_INVENTORY
        if await db.inventory.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE event_id = $1)", event_id)
    ]
    if used:
        raise Conflict(f"event {event_id} still has {', '.join(used)} rows in the inventory database; delete those first")


async def ensure_group_unused(db: Databases, group_id: UUID) -> None:
    offers = await db.inventory.fetchval("SELECT count(*) FROM offer_event_group WHERE event_group_id = $1", group_id)
    if offers:
        raise Conflict(f"event group {group_id} is used by {offers} offer(s); detach it from them first")


async def _transition(db: Databases, event_id: UUID, *, allowed_from: tuple[str, ...], to: str) -> str:
    """Moves the event (row-locked) to ``to``; 409 from any status outside ``allowed_from``."""
    async with transaction(db.events) as conn:
        status = await conn.fetchval("SELECT status FROM event WHERE id = $1 FOR UPDATE", event_id)
        if status is None:
            raise NotFound(f"no event with id {event_id}")
        if status not in allowed_from:
            raise Conflict(f"event {event_id} is {status}; only {' or '.join(allowed_from)} events can become {to}")
        if to == "ON_SALE" and not await db.inventory.fetchval(
            "SELECT EXISTS (SELECT 1 FROM inventory_item WHERE event_id = $1)", event_id
        ):
            raise Conflict(f"event {event_id} has no seats; create its inventory (POST /v1/events/{event_id}/inventory) first")
        await conn.execute("UPDATE event SET status = $2, updated_at = now() WHERE id = $1", event_id, to)
    return status


async def publish_event(db: Databases, *, event_id: UUID) -> None:
    """DRAFT -> ON_SALE, once the event has at least one seat."""
    await _transition(db, event_id, allowed_from=("DRAFT",), to="ON_SALE")


async def cancel_event(db: Databases, *, event_id: UUID) -> int:
    """-> CANCELLED, then releases the event's ACTIVE reservation locks (and their unpaid orders); returns how many.

    The status is committed first, so no new lock is taken for the event (reservations check it)
    while the existing ones are released and their seats return to AVAILABLE.
    """
    await _transition(db, event_id, allowed_from=("DRAFT", "ON_SALE", "SOLD_OUT"), to="CANCELLED")
    with translated("reservation"):
        async with transaction(db.inventory) as conn:
            locks = await conn.fetch(
                "SELECT id FROM reservation_lock WHERE event_id = $1 AND status = 'ACTIVE' ORDER BY id FOR UPDATE", event_id
            )
            lock_ids = [row["id"] for row in locks]
            if lock_ids:
                await conn.execute(
                    "UPDATE inventory_item SET status = 'AVAILABLE', lock_id = NULL, updated_at = now() "
                    "WHERE lock_id = ANY($1::uuid[])", lock_ids,
                )
                await conn.execute(
                    "UPDATE reservation_lock SET status = 'RELEASED', updated_at = now() WHERE id = ANY($1::uuid[])", lock_ids
                )
                await conn.execute(CANCEL_UNPAID_ORDERS_SQL, lock_ids)
    return len(lock_ids)
