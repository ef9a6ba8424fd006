"""Real ids made by the factories, so generated requests reach an operation's logic, not its 404.

Left to itself, Schemathesis invents ids and nearly every ``/{id}`` operation answers 404
(41 of 66 operations reached a 2xx in the run issue 13 quotes). Here the factories make one of
every parent per role run; generated path ids and body ids (``eventId``, ``venueId``,
``eventIds``...) are swapped for them before each call (support/synthesis/guard.py), GraphQL
id arguments by a ``map_case`` hook (``replace_graphql_ids``). Operations that destroy or change the state of their object (DELETE, publish,
cancel, seat-map removal) get objects of their own, so they do not pull the ground from under
the operations that read the same kind of object. Every row is registered in the cleanup ledger
by the factories themselves.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from data_factories import (
    AccessCodeFactory,
    EntitlementTemplateFactory,
    EventGroupFactory,
    FanFactory,
    OfferFactory,
    PerformerFactory,
    PriceComponentFactory,
    PricePointFactory,
    SeasonFactory,
    UserAttributeFactory,
    VenueFactory,
    event_with_seat_row,
    lock_seats,
    purchase,
)

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class KnownIds(BaseModel):
    """Real ids per operation (Schemathesis labels): path parameters, body fields, GraphQL arguments."""

    path: dict[str, dict[str, str]] = Field(default_factory=dict)
    body: dict[str, dict[str, str | list[str]]] = Field(default_factory=dict)
    graphql: dict[str, str] = Field(default_factory=dict)   # GraphQL argument name -> real id


def _on_sale_event(venue_id: str, *, seats: int = 12) -> tuple[str, list[Any]]:
    event, seating = event_with_seat_row(venue_id, "ON_SALE", seats=seats, priced=True)
    return str(event.id), seating


def _draft(venue_id: str, *, seats: bool = False) -> str:
    return str(event_with_seat_row(venue_id, "DRAFT", seats=4 if seats else 0, priced=True)[0].id)


def make(owner: Any = None) -> KnownIds:
    """One of every parent (and a second one for operations that destroy theirs); ``owner`` (a fan
    row) owns the paid order, so the fan role's own-only cells are tried on its own objects."""
    venue = str(VenueFactory().id)
    on_sale, seats = _on_sale_event(venue)
    draft = _draft(venue, seats=True)
    season, performer, group = str(SeasonFactory().id), str(PerformerFactory().id), str(EventGroupFactory().id)
    offer = OfferFactory(requires_access_code=True)
    price_point = str(PricePointFactory(event_id=_draft(venue)).id)
    template = str(EntitlementTemplateFactory(event_id=draft).id)
    buyer = FanFactory()
    order = str(purchase(owner or buyer, seats[:2]).order.id)

    def own(value: str) -> dict[str, str]:
        return {"id": value}

    doomed_offer = OfferFactory(requires_access_code=True)
    doomed_point = str(PricePointFactory(event_id=_draft(venue)).id)
    path: dict[str, dict[str, str]] = {
        **{f"{m} /v1/venues/{{id}}": own(venue) for m in ("GET", "PATCH")},
        "DELETE /v1/venues/{id}": own(str(VenueFactory().id)),
        **{f"{m} /v1/seasons/{{id}}": own(season) for m in ("GET", "PATCH")},
        "DELETE /v1/seasons/{id}": own(str(SeasonFactory().id)),
        **{f"{m} /v1/performers/{{id}}": own(performer) for m in ("GET", "PATCH")},
        "DELETE /v1/performers/{id}": own(str(PerformerFactory().id)),
        **{f"{m} /v1/event-groups/{{id}}": own(group) for m in ("GET", "PATCH")},
        "DELETE /v1/event-groups/{id}": own(str(EventGroupFactory().id)),
        **{f"{m} /v1/events/{{id}}": own(draft) for m in ("GET", "PATCH")},
        "DELETE /v1/events/{id}": own(_draft(venue)),
        "POST /v1/events/{id}/publish": own(_draft(venue, seats=True)),
        "POST /v1/events/{id}/cancel": own(_on_sale_event(venue, seats=2)[0]),
        "GET /v1/events/{id}/inventory": own(on_sale),
        "GET /v1/events/{id}/seats": own(on_sale),
        "POST /v1/events/{id}/inventory": own(_draft(venue)),
        "DELETE /v1/events/{id}/inventory": own(_draft(venue, seats=True)),
        **{f"{m} /v1/price-points/{{id}}": own(price_point) for m in ("GET", "PATCH")},
        "DELETE /v1/price-points/{id}": own(doomed_point),
        **{f"{m} /v1/price-points/{{id}}/components": own(price_point) for m in ("GET", "POST")},
        "DELETE /v1/price-points/{id}/components/{priceComponentId}": {
            "id": price_point, "priceComponentId": str(PriceComponentFactory(price_point_id=price_point).id)},
        **{f"{m} /v1/entitlement-templates/{{id}}": own(template) for m in ("GET", "PATCH")},
        "DELETE /v1/entitlement-templates/{id}": own(str(EntitlementTemplateFactory(event_id=_draft(venue)).id)),
        **{f"{m} /v1/offers/{{id}}": own(str(offer.id)) for m in ("GET", "PATCH")},
        "DELETE /v1/offers/{id}": own(str(doomed_offer.id)),
        **{f"{m} /v1/offers/{{id}}/access-codes": own(str(offer.id)) for m in ("GET", "POST")},
        "DELETE /v1/offers/{id}/access-codes/{accessCodeId}": {
            "id": str(offer.id), "accessCodeId": str(AccessCodeFactory(offer_id=offer.id).id)},
        **{f"{m} /v1/offers/{{id}}/user-attributes": own(str(offer.id)) for m in ("GET", "POST")},
        "DELETE /v1/offers/{id}/user-attributes/{userAttributeId}": {
            "id": str(offer.id), "userAttributeId": str(UserAttributeFactory(offer_id=offer.id).id)},
        **{f"{m} /v1/fans/{{id}}": own(str(buyer.id)) for m in ("GET", "PATCH")},
        "DELETE /v1/fans/{id}": own(str(FanFactory().id)),
        "GET /v1/orders/{id}": own(order),
    }
    common: dict[str, str | list[str]] = {"eventId": draft, "venueId": venue, "seasonId": season,
                                           "performerIds": [performer], "eventIds": [draft], "eventGroupIds": [group]}
    body = {label: dict(common) for label in (
        "POST /v1/events", "PATCH /v1/events/{id}", "POST /v1/event-groups", "PATCH /v1/event-groups/{id}",
        "POST /v1/offers", "PATCH /v1/offers/{id}", "POST /v1/price-points", "POST /v1/entitlement-templates")}
    held = [str(seat.id) for seat in seats[10:12]]
    body["POST /v1/holds"] = {"eventId": on_sale, "itemIds": held}
    body["POST /v1/holds/release"] = {"eventId": on_sale, "itemIds": held}
    graphql = {"eventId": on_sale, "orderId": order, "section": "A", "priceType": "ADULT", "paymentToken": "tok_visa"}
    if owner is not None:   # the fan's own reservations: checkout takes one, releaseReservation the other
        graphql["availabilityToken"] = str(lock_seats(owner, seats[4:6])[0].availability_token)
        graphql["token"] = str(lock_seats(owner, seats[6:8])[0].availability_token)
    return KnownIds(path=path, body=body, graphql=graphql)


GRAPHQL_ARGUMENT = re.compile(r'\b(?P<name>[A-Za-z]+): "(?P<value>[^"\\]*)"')


def replace_graphql_ids(document: str, ids: dict[str, str], *, field: str) -> str:
    """A generated GraphQL document with its generated id arguments swapped for real ones.

    ``id`` means the root field's own object: an event for ``event``, an order for ``order``."""
    own = {"event": ids.get("eventId"), "order": ids.get("orderId")}.get(field)

    def swap(match: re.Match[str]) -> str:
        name = match.group("name")
        real = own if name == "id" else ids.get(name)
        return f'{name}: "{real}"' if real else match.group(0)

    return GRAPHQL_ARGUMENT.sub(swap, document)
