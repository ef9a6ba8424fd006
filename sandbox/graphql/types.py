"""GraphQL object types, each built from the service record it mirrors.

Money is always an Int of cents with ``Cents`` in the field name.
"""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry
from strawberry.scalars import JSON

from sandbox.graphql.enums import (
    EntitlementStatus,
    EventStatus,
    OrderStatus,
    PaymentStatus,
    ReservationStatus,
)
from sandbox.security import audit, personal_data
from sandbox.security.tokens import Principal
from sandbox.services import fans, records


def _id(value: object) -> strawberry.ID:
    return strawberry.ID(str(value))


def _optional_id(value: object | None) -> strawberry.ID | None:
    return None if value is None else _id(value)


@strawberry.type
class Venue:
    id: strawberry.ID
    name: str
    city: str
    country: str


@strawberry.type
class Season:
    id: strawberry.ID
    name: str
    starts_on: dt.date
    ends_on: dt.date


@strawberry.type
class Performer:
    id: strawberry.ID
    name: str
    genre: str | None


@strawberry.type
class Event:
    id: strawberry.ID
    name: str
    description: str | None
    status: EventStatus
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    max_tickets_per_fan: int
    venue: Venue
    season: Season | None
    performers: list[Performer]

    @classmethod
    def from_record(cls, e: records.Event) -> Event:
        season = None if e.season is None else Season(
            id=_id(e.season.id), name=e.season.name, starts_on=e.season.starts_on, ends_on=e.season.ends_on
        )
        return cls(
            id=_id(e.id), name=e.name, description=e.description, status=EventStatus(e.status),
            starts_at=e.starts_at, ends_at=e.ends_at, max_tickets_per_fan=e.max_tickets_per_fan,
            venue=Venue(id=_id(e.venue.id), name=e.venue.name, city=e.venue.city, country=e.venue.country),
            season=season,
            performers=[Performer(id=_id(p.id), name=p.name, genre=p.genre) for p in e.performers],
        )


@strawberry.type
class EventEdge:
    cursor: str
    node: Event


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class EventConnection:
    edges: list[EventEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def from_record(cls, page: records.EventPage) -> EventConnection:
        return cls(
            edges=[EventEdge(cursor=c, node=Event.from_record(e)) for c, e in page.events],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count,
        )


@strawberry.type(description="All-in price of one seat: base + fees + tax (tax rounded half up).")
class PriceBreakdown:
    price_type: str
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int

    @classmethod
    def from_record(cls, price_type: str, p: records.Price) -> PriceBreakdown:
        return cls(price_type=price_type, base_cents=p.base_cents, fees_cents=p.fees_cents,
                   tax_cents=p.tax_cents, total_cents=p.total_cents)


@strawberry.type
class SectionAvailability:
    section: str
    price_code: str
    available: int
    offer_id: strawberry.ID | None
    prices: list[PriceBreakdown]


@strawberry.type
class Availability:
    event_id: strawberry.ID
    status: EventStatus
    total_available: int
    sections: list[SectionAvailability]

    @classmethod
    def from_record(cls, a: records.Availability) -> Availability:
        sections = [
            SectionAvailability(
                section=s.section, price_code=s.price_code, available=s.available, offer_id=_optional_id(s.offer_id),
                prices=[PriceBreakdown.from_record(p.price_type, p.price) for p in s.prices],
            )
            for s in a.sections
        ]
        return cls(event_id=_id(a.event_id), status=EventStatus(a.status), total_available=a.total_available, sections=sections)


@strawberry.type
class Offer:
    id: strawberry.ID
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    requires_access_code: bool

    @classmethod
    def from_record(cls, o: records.Offer) -> Offer:
        return cls(id=_id(o.id), name=o.name, starts_at=o.starts_at, ends_at=o.ends_at, requires_access_code=o.requires_access_code)


@strawberry.type
class Seat:
    id: strawberry.ID
    section: str
    row: str
    seat: int

    @classmethod
    def from_record(cls, s: records.Seat) -> Seat:
        return cls(id=_id(s.id), section=s.section, row=s.row, seat=s.seat)


@strawberry.type(description="One priced seat of a reservation or an order.")
class LineItem:
    seat: Seat
    price_type: str
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int

    @classmethod
    def from_record(cls, i: records.LineItem) -> LineItem:
        p = i.price
        return cls(seat=Seat.from_record(i.seat), price_type=i.price_type, base_cents=p.base_cents,
                   fees_cents=p.fees_cents, tax_cents=p.tax_cents, total_cents=p.total_cents)


@strawberry.type
class Reservation:
    id: strawberry.ID
    availability_token: str
    expires_at: dt.datetime
    status: ReservationStatus
    event_id: strawberry.ID
    offer_id: strawberry.ID | None
    seats: list[Seat]
    items: list[LineItem]
    total_cents: int

    @classmethod
    def from_record(cls, r: records.Reservation) -> Reservation:
        return cls(
            id=_id(r.id), availability_token=r.availability_token, expires_at=r.expires_at,
            status=ReservationStatus(r.status), event_id=_id(r.event_id), offer_id=_optional_id(r.offer_id),
            seats=[Seat.from_record(i.seat) for i in r.items], items=[LineItem.from_record(i) for i in r.items],
            total_cents=r.total_cents,
        )


@strawberry.type
class Entitlement:
    id: strawberry.ID
    barcode: str
    gate_access_level: str
    status: EntitlementStatus
    seat: Seat


@strawberry.type
class Payment:
    id: strawberry.ID
    status: PaymentStatus
    amount_cents: int
    method: str
    idempotency_key: str
    decline_reason: str | None
    created_at: dt.datetime


@strawberry.type
class Order:
    id: strawberry.ID
    status: OrderStatus
    event_id: strawberry.ID
    total_cents: int
    idempotency_key: str
    created_at: dt.datetime
    items: list[LineItem]
    entitlements: list[Entitlement]
    payments: list[Payment]
    fan_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The buyer, with the personal data the caller may see (sandbox/README.md).")
    async def fan(self, info: strawberry.Info) -> Fan:
        found = await fans.get_fan(info.context.db, fan_id=self.fan_id)
        await audit.personal_data_read(info.context.db.inventory, info.context.request, info.context.principal, [found.id])
        return Fan.from_record(found, info.context.principal)

    @classmethod
    def from_record(cls, o: records.Order) -> Order:
        return cls(
            id=_id(o.id), fan_id=o.fan_id, status=OrderStatus(o.status), event_id=_id(o.event_id), total_cents=o.total_cents,
            idempotency_key=o.idempotency_key, created_at=o.created_at,
            items=[LineItem.from_record(i) for i in o.items],
            entitlements=[
                Entitlement(id=_id(e.id), barcode=e.barcode, gate_access_level=e.gate_access_level,
                            status=EntitlementStatus(e.status), seat=Seat.from_record(e.seat))
                for e in o.entitlements
            ],
            payments=[
                Payment(id=_id(p.id), status=PaymentStatus(p.status), amount_cents=p.amount_cents, method=p.method,
                        idempotency_key=p.idempotency_key, decline_reason=p.decline_reason, created_at=p.created_at)
                for p in o.payments
            ],
        )


@strawberry.type(description="A fan; personal fields masked or null as the caller may see them (sandbox/README.md).")
class Fan:
    id: strawberry.ID
    email: str | None
    first_name: str | None
    last_name: str | None
    phone: str | None
    attributes: JSON
    erased_at: dt.datetime | None

    @classmethod
    def from_record(cls, f: records.Fan, caller: Principal | None) -> Fan:
        """The fan as ``caller`` may see them (security/personal_data.py)."""
        seen = personal_data.present(
            {"id": f.id, "email": f.email, "first_name": f.first_name, "last_name": f.last_name, "phone": f.phone,
             "attributes": f.attributes}, caller)
        return cls(id=_id(f.id), email=seen["email"], first_name=seen["first_name"], last_name=seen["last_name"],
                   phone=seen["phone"], attributes=seen["attributes"], erased_at=f.erased_at)
