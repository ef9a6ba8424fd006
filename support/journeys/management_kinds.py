"""What the management API can create, as business readers name it, and what "bad input" means.

Features say "an administrator adds a new venue with a negative capacity"; this module knows the
REST collection a venue lives in, a valid body for it (its parent rows made by factories, so each
scenario starts from its own data) and how "a negative capacity" spoils that body. Keeping both
tables here lets one journey cover every entity, and a new entity or defect is one line.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from data_factories import (
    EventFactory,
    EventGroupFactory,
    OfferFactory,
    PerformerFactory,
    PricePointFactory,
    VenueFactory,
)
from data_factories.declarations import namespace, namespaced
from support.state import ScenarioState

Body = dict[str, Any]
PathParams = dict[str, str]
MISSING = object()        # the field is left out of the body
UNKNOWN_ID = object()     # a well-formed id of nothing


def _at(days: float) -> str:
    return (dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=days)).isoformat()


def _venue_id(state: ScenarioState) -> str:
    if state.venue is None:
        state.venue = VenueFactory()
    return str(state.venue.id)


def _draft_event_id(state: ScenarioState) -> str:
    return str(EventFactory(venue_id=_venue_id(state), status="DRAFT").id)


@dataclass(frozen=True)
class Kind:
    """One kind of management entry: where it is posted, how it is cleaned up, a valid body."""

    label: str
    collection: str                       # may hold {id}: the parent of an owned entry
    database: str
    table: str
    valid: Callable[[ScenarioState], tuple[PathParams, Body]]
    # the staff role that reads an entry back: analysts (read-only staff) unless the entry holds personal
    # data only admins see in full (features/security/personal_data.csv)
    reader: str = "analyst"

    @property
    def owned(self) -> bool:
        return "{id}" in self.collection


KINDS: dict[str, Kind] = {k.label: k for k in (
    Kind("venue", "/v1/venues", "events", "venue", lambda s: ({}, {
        "name": namespaced("Harbour Hall"), "city": "Lisbon", "country": "PT", "capacity": 5000,
        "timezone": "Europe/Lisbon"})),
    Kind("season", "/v1/seasons", "events", "season", lambda s: ({}, {
        "name": namespaced("Season 2027"), "startsOn": "2027-01-01", "endsOn": "2027-12-31"})),
    Kind("performer", "/v1/performers", "events", "performer", lambda s: ({}, {
        "name": namespaced("The Night Owls"), "genre": "Jazz"})),
    Kind("event", "/v1/events", "events", "event", lambda s: ({}, {
        "name": namespaced("Harbour Lights"), "venueId": _venue_id(s), "startsAt": _at(30), "endsAt": _at(30.125),
        "maxTicketsPerFan": 6, "performerIds": [str(PerformerFactory().id)]})),
    Kind("event group", "/v1/event-groups", "events", "event_group", lambda s: ({}, {
        "name": namespaced("Summer Series"), "eventIds": [_draft_event_id(s)]})),
    Kind("price point", "/v1/price-points", "inventory", "price_point", lambda s: ({}, {
        "eventId": _draft_event_id(s), "priceCode": "STD", "priceType": "ADULT", "baseCents": 5000})),
    Kind("fee", "/v1/price-points/{id}/components", "inventory", "price_component", lambda s: (
        {"id": str(PricePointFactory(event_id=_draft_event_id(s)).id)}, {"kind": "SERVICE_FEE", "amountCents": 450})),
    Kind("tax", "/v1/price-points/{id}/components", "inventory", "price_component", lambda s: (
        {"id": str(PricePointFactory(event_id=_draft_event_id(s)).id)}, {"kind": "TAX", "rateBps": 825})),
    Kind("entitlement template", "/v1/entitlement-templates", "inventory", "entitlement_template", lambda s: ({}, {
        "eventId": _draft_event_id(s), "name": namespaced("Floor access"), "gateAccessLevel": "FLOOR"})),
    Kind("offer", "/v1/offers", "inventory", "offer", lambda s: ({}, {
        "name": namespaced("Presale"), "startsAt": _at(-1), "endsAt": _at(30), "requiresAccessCode": True,
        "eventGroupIds": [str(EventGroupFactory().id)]})),
    Kind("access code", "/v1/offers/{id}/access-codes", "inventory", "access_code", lambda s: (
        {"id": str(OfferFactory(requires_access_code=True).id)}, {"code": f"JT-{uuid.uuid4().hex[:8].upper()}", "maxUses": 10})),
    Kind("user attribute", "/v1/offers/{id}/user-attributes", "inventory", "user_attribute", lambda s: (
        {"id": str(OfferFactory().id)}, {"name": "tier", "value": "gold"})),
    Kind("fan", "/v1/fans", "inventory", "fan", lambda s: ({}, {
        "email": f"nia.{uuid.uuid4().hex[:6]}.{namespace()}@example.test", "firstName": "Nia", "lastName": "Okafor",
        "password": f"pw-{uuid.uuid4().hex}", "attributes": {"tier": "gold"}}), reader="admin"),
)}

# How a feature's words vary a valid body: field path -> value (MISSING drops the field). Most
# variants are defects; a few are boundary values that must still be accepted.
VARIANTS: dict[str, tuple[str, Any]] = {
    "no name": ("name", MISSING),
    "an empty name": ("name", ""),
    "a 201-character name": ("name", "N" * 201),
    "a 10 kB name": ("name", "ñ" * 10_240),
    "no city": ("city", MISSING),
    "a negative capacity": ("capacity", -1),
    "a country that is not a code": ("country", "Portugal"),
    "an unknown time zone": ("timezone", "Mars/Olympus_Mons"),
    "an end before its start (dates)": ("endsOn", "2026-12-31"),
    "an end before its start": ("endsAt", _at(-10)),
    "an unknown venue": ("venueId", UNKNOWN_ID),
    "an unknown performer": ("performerIds", [UNKNOWN_ID]),
    "an unknown event": ("eventId", UNKNOWN_ID),
    "an unknown member event": ("eventIds", [UNKNOWN_ID]),
    "an unknown event group": ("eventGroupIds", [UNKNOWN_ID]),
    "an unknown block": ("blockId", UNKNOWN_ID),
    "zero tickets per fan": ("maxTicketsPerFan", 0),
    "a negative base price": ("baseCents", -1),
    "a base price above the maximum": ("baseCents", 2_147_483_648),
    "an unknown price code": ("priceCode", "NOPE"),
    "an unknown price type": ("priceType", "ALIEN"),
    "a negative amount": ("amountCents", -1),
    "a rate above 100%": ("rateBps", 10_001),
    "a gate in lower case": ("gateAccessLevel", "floor"),
    "no uses": ("maxUses", 0),
    "an empty code": ("code", ""),
    "a 65-character name": ("name", "a" * 65),
    "an e-mail without an at sign": ("email", "nia.example.test"),
    "a short password": ("password", "short"),
    "a 200-character name": ("name", "N" * 200),
    "a name in many scripts": ("name", "Café Ōsaka — 東京ドーム · Ρόδος · 🎫"),
    "a free base price": ("baseCents", 0),
    "the largest base price": ("baseCents", 2_147_483_647),
    "a ticket limit of 100 per fan": ("maxTicketsPerFan", 100),
    "a ticket limit of 101 per fan": ("maxTicketsPerFan", 101),
}


def vary(body: Body, variant: str) -> Body:
    """A copy of ``body`` with ``variant`` applied (a dotted path: "sections.0.rows.0.seats")."""
    if variant not in VARIANTS:
        raise LookupError(f"unknown variant {variant!r}; known: {', '.join(sorted(VARIANTS))}")
    path, value = VARIANTS[variant]
    return with_value(body, path, value)


def with_value(body: Body, path: str, value: Any) -> Body:
    """A deep copy of ``body`` where ``path`` holds ``value`` (MISSING removes it, UNKNOWN_ID is a fresh id)."""
    copy: Any = _deep_copy(body)
    *parents, last = path.split(".")
    target = copy
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    resolved = _resolve(value)
    if resolved is MISSING:
        target.pop(last, None)
    elif isinstance(target, list):
        target[int(last)] = resolved
    else:
        target[last] = resolved
    return copy


def _resolve(value: Any) -> Any:
    if value is UNKNOWN_ID:
        return str(uuid.uuid4())
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def kind(label: str) -> Kind:
    if label not in KINDS:
        raise LookupError(f"unknown kind of management entry {label!r}; known: {', '.join(KINDS)}")
    return KINDS[label]
