"""What the inventory database holds for a set of orders: the order rows with their items, seats,
payments, entitlements and the reservation prices they came from, read in one consistent view.

Read only (one statement in a READ ONLY transaction, for any number of orders), so the
stored-state reconciliation (support/reconciliation) compares API answers with one moment of the
database, never a half-written checkout, in one round trip.
"""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, Field

from support.db.pool import Database
from support.db.queries import fetch_all


class StoredItem(BaseModel):
    """One order_item row, its seat as stored now, and what the reservation quoted for that seat."""

    id: str
    inventory_item_id: str
    seat: str                       # "A/1/3": section/row/seat, as a reader finds it
    seat_status: str                # inventory_item.status now
    locked_by_order: bool = False   # still LOCKED by the reservation the order was made from
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int
    reserved_total_cents: int | None = None      # reservation_lock_item.total_cents of the order's lock
    resold_to: str | None = None                  # another order holding a VALID entitlement for this seat


class StoredPayment(BaseModel):
    id: str
    status: str
    amount_cents: int


class StoredEntitlement(BaseModel):
    id: str
    order_item_id: str
    inventory_item_id: str
    status: str
    barcode: str
    gate_access_level: str


class StoredOrder(BaseModel):
    id: str
    fan_id: str
    event_id: str
    status: str
    total_cents: int
    lock_id: str | None = None
    lock_status: str | None = None
    items: list[StoredItem] = Field(default_factory=list)
    payments: list[StoredPayment] = Field(default_factory=list)
    entitlements: list[StoredEntitlement] = Field(default_factory=list)


# One statement (one snapshot, one round trip): the order rows with their children as JSON arrays.
_ORDERS = """
SELECT o.id::text, o.fan_id::text, o.event_id::text, o.status, o.total_cents, o.lock_id::text, l.status AS lock_status,
  (SELECT COALESCE(json_agg(x ORDER BY x.seat), '[]') FROM (
     SELECT oi.id::text, oi.inventory_item_id::text, i.section || '/' || i.row_label || '/' || i.seat_number AS seat,
            i.status AS seat_status, COALESCE(i.lock_id = o.lock_id, false) AS locked_by_order,
            oi.base_cents, oi.fees_cents, oi.tax_cents, oi.total_cents, li.total_cents AS reserved_total_cents,
            (SELECT e.order_id::text FROM entitlement e
              WHERE e.inventory_item_id = oi.inventory_item_id AND e.status = 'VALID' AND e.order_id <> o.id LIMIT 1) AS resold_to
     FROM order_item oi
     JOIN inventory_item i ON i.id = oi.inventory_item_id
     LEFT JOIN reservation_lock_item li ON li.lock_id = o.lock_id AND li.inventory_item_id = oi.inventory_item_id
     WHERE oi.order_id = o.id) x) AS items,
  (SELECT COALESCE(json_agg(json_build_object('id', p.id::text, 'status', p.status, 'amount_cents', p.amount_cents)
                            ORDER BY p.created_at, p.id), '[]')
     FROM payment p WHERE p.order_id = o.id) AS payments,
  (SELECT COALESCE(json_agg(json_build_object('id', e.id::text, 'order_item_id', e.order_item_id::text,
                            'inventory_item_id', e.inventory_item_id::text, 'status', e.status, 'barcode', e.barcode,
                            'gate_access_level', e.gate_access_level) ORDER BY e.created_at, e.id), '[]')
     FROM entitlement e WHERE e.order_id = o.id) AS entitlements
FROM "order" o LEFT JOIN reservation_lock l ON l.id = o.lock_id
WHERE o.id = ANY(%s::uuid[])"""


def load_stored_orders(inventory: Database, order_ids: Collection[str]) -> dict[str, StoredOrder]:
    """The stored orders among ``order_ids`` (uuid strings; an id with no row is simply absent), by id."""
    ids = sorted({str(i) for i in order_ids})
    if not ids:
        return {}
    with inventory.read_only() as conn:
        rows = fetch_all(conn, _ORDERS, (ids,))
    return {row["id"]: StoredOrder.model_validate(row) for row in rows}
