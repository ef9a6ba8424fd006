"""Presales and other offers (business rule 5): their window, access codes and fan-attribute gates.

An offer sells its own seats (a section of the event tied to the offer) and reaches an event
through an event group, as on the real platform. Fans see and use offers through GraphQL; the
uses of an access code are read from the management view, as a box-office manager would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data_factories import (
    AccessCodeFactory,
    EventGroupFactory,
    EventGroupMemberFactory,
    OfferEventGroupFactory,
    OfferFactory,
    UserAttributeFactory,
)
from support.clients.graphql import operations
from support.clients.masking import register_access_code
from support.journeys import buying, inventory, management
from support.state import Outcome, ScenarioState

# How a feature file describes the offer window, to the factory trait that builds it.
WINDOWS: dict[str, dict[str, bool]] = {"is open now": {}, "opens next week": {"upcoming": True}, "ended yesterday": {"ended": True}}
TIER = "tier"  # the fan attribute that members-only presales look at


@dataclass
class OfferRecord:
    """An offer as the scenario named it ("Fan Club"), with its section and access codes."""

    name: str
    offer: Any
    section: str
    codes: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.offer.id)


def presale(state: ScenarioState, name: str, *, seats: int, section: str, base_cents: int, window: str = "is open now",
            needs_code: bool = False, tier: str | None = None) -> OfferRecord:
    """An offer on the current event with its own section of seats at an adult price."""
    offer = OfferFactory(requires_access_code=needs_code, **WINDOWS[window])
    group = EventGroupFactory()
    EventGroupMemberFactory(event_group_id=group.id, event_id=state.event().event.id)
    OfferEventGroupFactory(offer_id=offer.id, event_group_id=group.id)
    if tier is not None:
        UserAttributeFactory(offer_id=offer.id, name=TIER, value=tier)
    inventory.add_section(state, section, seats=seats, base_cents=base_cents, offer=offer)
    state.offers[name] = OfferRecord(name, offer, section)
    return state.offers[name]


def accept_code(state: ScenarioState, offer: str, code: str, *, max_uses: int, used: int = 0) -> None:
    """The offer accepts ``code`` for ``max_uses`` checkouts, ``used`` of them already made."""
    record = _offer(state, offer)
    register_access_code(code)  # masked in every report and log line from here on
    record.codes[code] = AccessCodeFactory(offer_id=record.offer.id, code=code, max_uses=max_uses, uses=used)


def reserve_from(state: ScenarioState, name: str, quantity: int, offer: str, code: str | None = None) -> Outcome:
    """``name`` reserves seats of the offer, with an access code when one is given."""
    return buying.reserve_with(state, name, quantity, offer_id=_offer(state, offer).id, access_code=code)


def offers_seen_by(state: ScenarioState, name: str) -> set[str]:
    """Business names of this scenario's offers that ``name`` is shown for the current event."""
    result = state.session.graphql.execute(operations.offers(), {"eventId": state.event().id},
                                           as_user=state.actor(name).credentials).raise_for_errors()
    shown = {str(o.id) for o in result.typed.offers}
    return {title for title, record in state.offers.items() if record.id in shown}


def seats_shown_to(state: ScenarioState, name: str, section: str) -> int:
    """Seats of ``section`` that ``name`` sees on sale (public seats plus the offers they may use)."""
    result = state.session.graphql.execute(operations.availability(), {"eventId": state.event().id},
                                           as_user=state.actor(name).credentials).raise_for_errors()
    return sum(s.available for s in result.typed.availability.sections if s.section == section)


def code_uses(state: ScenarioState, code: str) -> int:
    """How many checkouts the access code has been used for, as the management view counts them."""
    record = next((o for o in state.offers.values() if code in o.codes), None)
    if record is None:
        raise LookupError(f"no access code {code!r} in this scenario")
    listed = management.attempt(state, "GET", "/v1/offers/{id}/access-codes", role=management.ANALYST,
                                path_params={"id": record.id})
    if listed.error is not None:
        raise listed.error
    return next(int(c["uses"]) for c in listed.value if c["code"] == code)


def _offer(state: ScenarioState, name: str) -> OfferRecord:
    if name not in state.offers:
        raise LookupError(f"no offer {name!r} in this scenario: add a Given step that creates it")
    return state.offers[name]
