"""What the services return: plain frozen dataclasses, independent of GraphQL and REST."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.services.pricing import Price


@dataclass(frozen=True)
class Venue:
    id: uuid.UUID
    name: str
    city: str
    country: str


@dataclass(frozen=True)
class Season:
    id: uuid.UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Performer:
    id: uuid.UUID
    name: str
    genre: str | None


@dataclass(frozen=True)
class Event:
    id: uuid.UUID
    name: str
    description: str | None
    status: str  # effective: ON_SALE with seats but none AVAILABLE reads SOLD_OUT
    stored_status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    max_tickets_per_fan: int
    venue: Venue
    season: Season | None
    performers: tuple[Performer, ...]


@dataclass(frozen=True)
class EventPage:
    events: list[tuple[str, Event]]  # (cursor, event)
    total_count: int
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.events[-1][0] if self.events else None


@dataclass(frozen=True)
class PriceForType:
    price_type: str
    price: Price


@dataclass(frozen=True)
class SectionAvailability:
    section: str
    price_code: str
    offer_id: uuid.UUID | None
    available: int
    prices: list[PriceForType] = field(default_factory=list)


@dataclass(frozen=True)
class Availability:
    event_id: uuid.UUID
    status: str
    total_available: int
    sections: list[SectionAvailability]


@dataclass(frozen=True)
class Offer:
    id: uuid.UUID
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    requires_access_code: bool


@dataclass(frozen=True)
class Seat:
    id: uuid.UUID
    section: str
    row: str
    seat: int


@dataclass(frozen=True)
class LineItem:
    seat: Seat
    price_type: str
    price: Price


@dataclass(frozen=True)
class Reservation:
    id: uuid.UUID
    availability_token: str
    event_id: uuid.UUID
    offer_id: uuid.UUID | None
    status: str
    expires_at: dt.datetime
    items: list[LineItem]

    @property
    def total_cents(self) -> int:
        return sum(item.price.total_cents for item in self.items)


@dataclass(frozen=True)
class Entitlement:
    id: uuid.UUID
    barcode: str
    gate_access_level: str
    status: str
    seat: Seat


@dataclass(frozen=True)
class Payment:
    id: uuid.UUID
    status: str
    amount_cents: int
    method: str
    idempotency_key: str
    decline_reason: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class Order:
    id: uuid.UUID
    fan_id: uuid.UUID
    event_id: uuid.UUID
    status: str
    total_cents: int
    idempotency_key: str
    created_at: dt.datetime
    items: list[LineItem]
    entitlements: list[Entitlement]
    payments: list[Payment]


@dataclass(frozen=True)
class Fan:
    id: uuid.UUID
    email: str | None
    first_name: str | None
    last_name: str | None
    phone: str | None
    attributes: dict[str, Any]
    erased_at: dt.datetime | None


@dataclass(frozen=True)
class Erasure:
    fan_id: uuid.UUID
    erased_at: dt.datetime
    released_reservations: int
    orders_kept: int


def seat_from(row: Any) -> Seat:
    """A seat from a row carrying ``seat_id, section, row_label, seat_number``."""
    return Seat(row["seat_id"], row["section"], row["row_label"], row["seat_number"])


def line_item_from(row: Any) -> LineItem:
    """A priced seat from a row carrying the seat columns, ``price_type`` and the amounts."""
    return LineItem(seat_from(row), row["price_type"], Price(row["base_cents"], row["fees_cents"], row["tax_cents"]))
