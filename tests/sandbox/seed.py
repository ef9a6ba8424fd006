"""Test data written straight to the two databases (psycopg2), and removed again afterwards.

A ``Seeder`` remembers what it created; ``cleanup()`` deletes it children first, together with
everything the platform derived from it (locks, orders, payments, entitlements), so a test
leaves the shared databases as it found them. Names carry a random tag: engineers share the stack.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg2
import psycopg2.extras

from sandbox.security.passwords import hash_password

psycopg2.extras.register_uuid()
FAN_PASSWORD = "fan-password-1"
NOW = dt.datetime.now(dt.UTC)


@dataclass
class SaleEvent:
    """An ON_SALE event with one priced block of seats."""

    event_id: uuid.UUID
    block_id: uuid.UUID
    seat_ids: list[uuid.UUID]
    price_point_id: uuid.UUID


@dataclass
class SeededFan:
    id: uuid.UUID
    email: str
    password: str = FAN_PASSWORD


@dataclass
class Seeder:
    dsns: dict[str, str]
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    events: list[uuid.UUID] = field(default_factory=list)
    venues: list[uuid.UUID] = field(default_factory=list)
    groups: list[uuid.UUID] = field(default_factory=list)
    performers: list[uuid.UUID] = field(default_factory=list)
    offers: list[uuid.UUID] = field(default_factory=list)
    fans: list[uuid.UUID] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ev = psycopg2.connect(self.dsns["events"])
        self.inv = psycopg2.connect(self.dsns["inventory"])
        self.ev.autocommit = self.inv.autocommit = True

    # -- plumbing ---------------------------------------------------------------
    def _one(self, conn: Any, sql: str, *args: Any) -> Any:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchone()[0] if cur.description else None

    def inventory(self, sql: str, *args: Any) -> Any:
        """First column of the first row (None for statements without rows)."""
        return self._one(self.inv, sql, *args)

    def events_db(self, sql: str, *args: Any) -> Any:
        return self._one(self.ev, sql, *args)

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with self.inv.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall()

    # -- events DB ----------------------------------------------------------------
    def event(self, *, status: str = "ON_SALE", max_tickets: int = 8, starts_in_days: int = 30,
              name: str | None = None, venue_id: uuid.UUID | None = None) -> uuid.UUID:
        if venue_id is None:
            venue_id = self.events_db(
                "INSERT INTO venue (name, city, country, capacity) VALUES (%s, 'Austin', 'US', 1000) RETURNING id",
                f"Venue {self.tag}",
            )
            self.venues.append(venue_id)
        event_id = self.events_db(
            "INSERT INTO event (name, venue_id, status, starts_at, max_tickets_per_fan) VALUES (%s, %s, %s, %s, %s) RETURNING id",
            name or f"Event {self.tag}", venue_id, status, NOW + dt.timedelta(days=starts_in_days), max_tickets,
        )
        self.events.append(event_id)
        return event_id

    def performer(self, event_id: uuid.UUID) -> uuid.UUID:
        performer_id = self.events_db("INSERT INTO performer (name) VALUES (%s) RETURNING id", f"Performer {self.tag}")
        self.performers.append(performer_id)
        self.events_db("INSERT INTO event_performer (event_id, performer_id) VALUES (%s, %s)", event_id, performer_id)
        return performer_id

    def event_group(self, *event_ids: uuid.UUID) -> uuid.UUID:
        group_id = self.events_db("INSERT INTO event_group (name) VALUES (%s) RETURNING id", f"Group {self.tag}")
        self.groups.append(group_id)
        for event_id in event_ids:
            self.events_db("INSERT INTO event_group_member (event_group_id, event_id) VALUES (%s, %s)", group_id, event_id)
        return group_id

    def event_status(self, event_id: uuid.UUID) -> str:
        return self.events_db("SELECT status FROM event WHERE id = %s", event_id)

    # -- inventory DB ---------------------------------------------------------------
    def block(self, event_id: uuid.UUID, *, section: str = "A", price_code: str = "STD",
              offer_id: uuid.UUID | None = None) -> uuid.UUID:
        return self.inventory(
            "INSERT INTO inventory_block (event_id, section, price_code_id, offer_id)"
            " SELECT %s, %s, id, %s FROM price_code WHERE code = %s RETURNING id",
            event_id, section, offer_id, price_code,
        )

    def seats(self, event_id: uuid.UUID, block_id: uuid.UUID, count: int, *, section: str = "A",
              row: str = "A", status: str = "AVAILABLE", first_seat: int = 1) -> list[uuid.UUID]:
        return [
            self.inventory(
                "INSERT INTO inventory_item (event_id, block_id, section, row_label, seat_number, status)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                event_id, block_id, section, row, n, status,
            )
            for n in range(first_seat, first_seat + count)
        ]

    def price(self, event_id: uuid.UUID, *, price_code: str = "STD", price_type: str = "ADULT", base_cents: int = 5000,
              fees: Iterable[tuple[str, int]] = (("SERVICE_FEE", 450),), tax_bps: Iterable[int] = (825,)) -> uuid.UUID:
        point = self.inventory(
            "INSERT INTO price_point (event_id, price_code_id, price_type_id, base_cents)"
            " SELECT %s, c.id, t.id, %s FROM price_code c, price_type t WHERE c.code = %s AND t.code = %s RETURNING id",
            event_id, base_cents, price_code, price_type,
        )
        for kind, cents in fees:
            self.inventory("INSERT INTO price_component (price_point_id, kind, amount_cents) VALUES (%s, %s, %s)", point, kind, cents)
        for bps in tax_bps:
            self.inventory("INSERT INTO price_component (price_point_id, kind, rate_bps) VALUES (%s, 'TAX', %s)", point, bps)
        return point

    def template(self, event_id: uuid.UUID, level: str, *, block_id: uuid.UUID | None = None) -> uuid.UUID:
        return self.inventory(
            "INSERT INTO entitlement_template (event_id, block_id, name, gate_access_level) VALUES (%s, %s, %s, %s) RETURNING id",
            event_id, block_id, f"{level} pass", level,
        )

    def sale_event(self, *, seats: int = 20, section: str = "A", base_cents: int = 5000, **event: Any) -> SaleEvent:
        """The usual starting point: an on-sale event, one public block, $50 + $4.50 fee + 8.25% tax."""
        event_id = self.event(**event)
        block_id = self.block(event_id, section=section)
        seat_ids = self.seats(event_id, block_id, seats, section=section)
        point = self.price(event_id, base_cents=base_cents)
        return SaleEvent(event_id, block_id, seat_ids, point)

    def offer(self, *, groups: Iterable[uuid.UUID], starts: dt.datetime | None = None, ends: dt.datetime | None = None,
              requires_access_code: bool = False) -> uuid.UUID:
        offer_id = self.inventory(
            "INSERT INTO offer (name, starts_at, ends_at, requires_access_code) VALUES (%s, %s, %s, %s) RETURNING id",
            f"Offer {self.tag}", starts or NOW - dt.timedelta(days=1), ends or NOW + dt.timedelta(days=1), requires_access_code,
        )
        self.offers.append(offer_id)
        for group_id in groups:
            self.inventory("INSERT INTO offer_event_group (offer_id, event_group_id) VALUES (%s, %s)", offer_id, group_id)
        return offer_id

    def access_code(self, offer_id: uuid.UUID, code: str, *, max_uses: int = 1) -> uuid.UUID:
        return self.inventory(
            "INSERT INTO access_code (offer_id, code, max_uses) VALUES (%s, %s, %s) RETURNING id", offer_id, code, max_uses
        )

    def user_attribute(self, offer_id: uuid.UUID, name: str, value: str) -> None:
        self.inventory("INSERT INTO user_attribute (offer_id, name, value) VALUES (%s, %s, %s)", offer_id, name, value)

    def fan(self, *, attributes: dict[str, str] | None = None) -> SeededFan:
        """A fan with a login (email + FAN_PASSWORD); a cheap hash keeps 50 logins fast."""
        email = f"fan-{uuid.uuid4().hex[:12]}@{self.tag}.jump.test"
        fan_id = self.inventory(
            "INSERT INTO fan (email, first_name, last_name, attributes) VALUES (%s, 'Test', 'Fan', %s) RETURNING id",
            email, json.dumps(attributes or {}),
        )
        self.fans.append(fan_id)
        self.inventory(
            "INSERT INTO app_user (username, password_hash, role, fan_id) VALUES (%s, %s, 'fan', %s)",
            email, hash_password(FAN_PASSWORD, iterations=1000), fan_id,
        )
        return SeededFan(fan_id, email)

    # -- cleanup ----------------------------------------------------------------------
    def cleanup(self) -> None:
        """Children first; also removes what the platform made from the seeded rows."""
        ev, fans, offers = list(self.events), list(self.fans), list(self.offers)
        orders = "SELECT id FROM \"order\" WHERE event_id = ANY(%(ev)s) OR fan_id = ANY(%(fans)s)"
        locks = "SELECT id FROM reservation_lock WHERE event_id = ANY(%(ev)s) OR fan_id = ANY(%(fans)s)"
        statements = [
            f"DELETE FROM entitlement WHERE order_id IN ({orders})",
            f"DELETE FROM payment WHERE order_id IN ({orders})",
            f"DELETE FROM order_item WHERE order_id IN ({orders})",
            f'DELETE FROM "order" WHERE id IN ({orders})',
            f"DELETE FROM reservation_lock_item WHERE lock_id IN ({locks})",
            "DELETE FROM inventory_item WHERE event_id = ANY(%(ev)s)",
            f"DELETE FROM reservation_lock WHERE id IN ({locks})",
            "DELETE FROM entitlement_template WHERE event_id = ANY(%(ev)s)",
            "DELETE FROM inventory_block WHERE event_id = ANY(%(ev)s) OR offer_id = ANY(%(offers)s)",
            "DELETE FROM price_component WHERE price_point_id IN (SELECT id FROM price_point WHERE event_id = ANY(%(ev)s))",
            "DELETE FROM price_point WHERE event_id = ANY(%(ev)s)",
            "DELETE FROM access_code WHERE offer_id = ANY(%(offers)s)",
            "DELETE FROM user_attribute WHERE offer_id = ANY(%(offers)s)",
            "DELETE FROM offer_event_group WHERE offer_id = ANY(%(offers)s)",
            "DELETE FROM offer WHERE id = ANY(%(offers)s)",
            "DELETE FROM audit_event WHERE fan_id = ANY(%(fans)s)",  # the audit log's entries about the seeded fans
            "DELETE FROM app_user WHERE fan_id = ANY(%(fans)s)",
            "DELETE FROM fan WHERE id = ANY(%(fans)s)",
        ]
        params = {"ev": ev, "fans": fans, "offers": offers}
        self.inv.autocommit = self.ev.autocommit = False  # all or nothing
        with self.inv, self.inv.cursor() as cur:
            for statement in statements:
                cur.execute(statement, params)
        with self.ev, self.ev.cursor() as cur:
            cur.execute("DELETE FROM event_group_member WHERE event_id = ANY(%(ev)s) OR event_group_id = ANY(%(groups)s)",
                        {"ev": ev, "groups": list(self.groups)})
            cur.execute("DELETE FROM event_group WHERE id = ANY(%s)", (list(self.groups),))
            cur.execute("DELETE FROM event_performer WHERE event_id = ANY(%s)", (ev,))
            cur.execute("DELETE FROM event WHERE id = ANY(%s)", (ev,))
            cur.execute("DELETE FROM venue WHERE id = ANY(%s)", (list(self.venues),))
            cur.execute("DELETE FROM performer WHERE id = ANY(%s)", (list(self.performers),))
        self.inv.close()
        self.ev.close()
