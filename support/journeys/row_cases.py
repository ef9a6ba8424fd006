"""Rows a data-integrity feature tries to store, named in business language ("a seat numbered 0").

Each case writes its own parents first (a block, a fan, an order) for a made-up event, on a
connection whose transaction is never committed: the features prove that the schema itself
refuses bad data (SRS DB-001.5) without leaving a trace. Some cases are valid for the schema but
break a business rule only the integrity checks see (support/db/integrity.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from support.db.pool import Connection
from support.db.queries import fetch_value


@dataclass(frozen=True)
class Made:
    """The made-up event the rows belong to, and a cursor-level insert helper."""

    conn: Connection
    event_id: str
    section: str = field(default_factory=lambda: f"T{uuid.uuid4().hex[:8]}")  # one block per attempt, never clashing

    def insert(self, table: str, **values: Any) -> Any:
        """INSERT one row and return its id (table and column names are this module's own literals)."""
        columns = ", ".join(values)
        marks = ", ".join(["%s"] * len(values))
        return fetch_value(self.conn, f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) RETURNING id', list(values.values()))

    def reference(self, table: str, code: str) -> Any:
        return fetch_value(self.conn, f"SELECT id FROM {table} WHERE code = %s", (code,))

    def block(self) -> Any:
        return self.insert("inventory_block", event_id=self.event_id, section=self.section, price_code_id=self.reference("price_code", "STD"))

    def seat(self, block: Any = None, number: int = 1, status: str = "AVAILABLE") -> Any:
        return self.insert("inventory_item", event_id=self.event_id, block_id=block or self.block(), section=self.section,
                           row_label="1", seat_number=number, status=status)

    def order(self, total_cents: int) -> Any:
        fan = self.insert("fan", email=f"integrity.{uuid.uuid4().hex[:12]}@example.test")
        return self.insert("order", fan_id=fan, event_id=self.event_id, status="PAID", total_cents=total_cents,
                           idempotency_key=uuid.uuid4().hex)

    def order_item(self, order: Any, seat: Any, base: int, fees: int, tax: int, total: int) -> Any:
        return self.insert("order_item", order_id=order, inventory_item_id=seat, price_type_id=self.reference("price_type", "ADULT"),
                           base_cents=base, fees_cents=fees, tax_cents=tax, total_cents=total)

    def ticket(self, order: Any, item: Any, seat: Any) -> Any:
        return self.insert("entitlement", order_id=order, order_item_id=item, inventory_item_id=seat, gate_access_level="GENERAL",
                           barcode=uuid.uuid4().hex)

    def venue(self, capacity: int = 100) -> Any:
        return self.insert("venue", name="Integrity Hall", city="Austin", country="US", capacity=capacity)


def _same_seat_twice(m: Made) -> None:
    block = m.block()
    m.seat(block)
    m.seat(block)


def _sold_twice(m: Made) -> None:
    seat = m.seat(status="SOLD")
    for _ in range(2):
        order = m.order(5000)
        m.ticket(order, m.order_item(order, seat, 5000, 0, 0, 5000), seat)


def _sold_without_ticket(m: Made) -> None:
    order = m.order(5000)
    m.order_item(order, m.seat(status="SOLD"), 5000, 0, 0, 5000)


def _wrong_order_total(m: Made) -> None:
    seat = m.seat(status="SOLD")
    order = m.order(6000)
    m.ticket(order, m.order_item(order, seat, 5000, 0, 0, 5000), seat)


def _event_ending_before_start(m: Made) -> None:
    m.insert("event", name="Backwards", venue_id=m.venue(), starts_at="2030-06-01T20:00:00Z", ends_at="2030-06-01T18:00:00Z")


def _bad_tax(m: Made) -> None:
    point = m.insert("price_point", event_id=m.event_id, price_code_id=m.reference("price_code", "STD"),
                     price_type_id=m.reference("price_type", "ADULT"), base_cents=5000)
    m.insert("price_component", price_point_id=point, kind="TAX", rate_bps=12_000)


@dataclass(frozen=True)
class RowCase:
    database: str
    write: Callable[[Made], None]


ROW_CASES: dict[str, RowCase] = {
    "a seat numbered 1": RowCase("inventory", lambda m: m.seat(number=1)),
    "a seat numbered 0": RowCase("inventory", lambda m: m.seat(number=0)),
    "the same seat twice": RowCase("inventory", _same_seat_twice),
    "a locked seat without a reservation": RowCase("inventory", lambda m: m.seat(status="LOCKED")),
    "a seat in a block that does not exist": RowCase("inventory", lambda m: m.seat(block=uuid.uuid4())),
    "a price with a negative base price": RowCase("inventory", lambda m: m.insert(
        "price_point", event_id=m.event_id, price_code_id=m.reference("price_code", "STD"),
        price_type_id=m.reference("price_type", "ADULT"), base_cents=-100)),
    "a tax rate above 100%": RowCase("inventory", _bad_tax),
    "an order line whose total is not base plus fees plus tax": RowCase("inventory", lambda m: m.order_item(
        m.order(5000), m.seat(status="SOLD"), 4000, 500, 400, 5000)),
    "a seat sold twice": RowCase("inventory", _sold_twice),
    "a sold seat without a ticket": RowCase("inventory", _sold_without_ticket),
    "an order whose total disagrees with its items": RowCase("inventory", _wrong_order_total),
    "a venue with a negative capacity": RowCase("events", lambda m: m.venue(capacity=-1)),
    "an event that ends before it starts": RowCase("events", _event_ending_before_start),
}
