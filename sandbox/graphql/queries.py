"""Query root: public catalogue reads and the caller's own profile and orders."""

from __future__ import annotations

import datetime as dt

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.enums import EventStatus
from sandbox.graphql.types import Availability, Event, EventConnection, Fan, Offer, Order
from sandbox.services import availability, catalog, fans, offers, orders
from sandbox.services.validation import optional_uuid, parse_uuid

Info = strawberry.Info[JumpContext, None]


@strawberry.input(description="All given conditions must hold; dates are start times (after: inclusive).")
class EventFilter:
    venue_id: strawberry.ID | None = None
    season_id: strawberry.ID | None = None
    performer_id: strawberry.ID | None = None
    status: EventStatus | None = None
    starts_after: dt.datetime | None = None
    starts_before: dt.datetime | None = None

    def to_criteria(self) -> catalog.EventFilter:
        return catalog.EventFilter(
            venue_id=optional_uuid(self.venue_id, "filter.venueId"),
            season_id=optional_uuid(self.season_id, "filter.seasonId"),
            performer_id=optional_uuid(self.performer_id, "filter.performerId"),
            status=self.status.value if self.status else None,
            starts_after=self.starts_after,
            starts_before=self.starts_before,
        )


@strawberry.type
class Query:
    @strawberry.field(description="Events ordered by start time, cursor-paginated (first: 0..100).")
    async def events(self, info: Info, filter: EventFilter | None = None, first: int | None = 20,
                     after: str | None = None) -> EventConnection | None:
        criteria = filter.to_criteria() if filter else catalog.EventFilter()
        size = catalog.DEFAULT_PAGE if first is None else first
        page = await catalog.list_events(info.context.db, criteria=criteria, first=size, after=after)
        return EventConnection.from_record(page)

    @strawberry.field(description="The event, or null when there is none with this id.")
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        found = await catalog.get_event(info.context.db, event_id=parse_uuid(id, "id"))
        return None if found is None else Event.from_record(found)

    @strawberry.field(description="Available seats and all-in prices per section and price code.")
    async def availability(self, info: Info, event_id: strawberry.ID) -> Availability | None:
        result = await availability.get_availability(
            info.context.db, event_id=parse_uuid(event_id, "eventId"), fan_id=info.context.fan_id_or_none
        )
        return Availability.from_record(result)

    @strawberry.field(description="Offers of the event that are open now and that the caller may see.")
    async def offers(self, info: Info, event_id: strawberry.ID) -> list[Offer]:
        found = await offers.list_offers(
            info.context.db, event_id=parse_uuid(event_id, "eventId"), fan_id=info.context.fan_id_or_none
        )
        return [Offer.from_record(o) for o in found]

    @strawberry.field(description="The calling fan's profile.")
    async def me(self, info: Info) -> Fan | None:
        return Fan.from_record(await fans.get_fan(info.context.db, fan_id=info.context.require_fan()), info.context.principal)

    @strawberry.field(description="An order: fans see their own, staff any; null when not visible.")
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        scope = info.context.order_scope(write=False)
        found = await orders.get_order(info.context.db, order_id=parse_uuid(id, "id"), fan_id=scope)
        return None if found is None else Order.from_record(found)

    @strawberry.field(description="The calling fan's orders, newest first.")
    async def my_orders(self, info: Info) -> list[Order]:
        found = await orders.fan_orders(info.context.db, fan_id=info.context.require_fan())
        return [Order.from_record(o) for o in found]
