"""Seats in every state a sale goes through: extra sections, gates, price types, holds, limits, sold out.

These journeys set up and read the inventory rules (business rules 4, 7 and 8). Staff actions go
through the management REST API (``management``), fan actions through GraphQL (``buying``), so a
scenario exercises the same doors a real organiser and a real fan would use.
"""

from __future__ import annotations

from typing import Any

from data_factories import EntitlementTemplateFactory, PriceCodeFactory, PricePointFactory, seat_map
from support.assertions import money
from support.clients.graphql import operations
from support.journeys import buying, management, questions
from support.state import EventRecord, Outcome, ScenarioState, Section

# The platform's price codes; each section (or offer) of a scenario's event gets one of its own,
# because a price point is unique per event, price code and price type.
PRICE_CODES = ("STD", "PREMIUM", "VIP")
EVENT_STATES = {"on sale": "ON_SALE", "sold out": "SOLD_OUT", "cancelled": "CANCELLED", "a draft": "DRAFT"}


def free_price_code(record: EventRecord) -> str:
    """A price code no section of the event uses yet (so its seats can carry their own price)."""
    used = {str(s.block.price_code_id) for s in record.sections.values()}
    for code in PRICE_CODES:
        if str(PriceCodeFactory(code=code).id) not in used:
            return code
    raise LookupError(f"the event already uses every price code {PRICE_CODES}: a scenario needs fewer sections")


def add_section(state: ScenarioState, section: str, *, seats: int, base_cents: int, event: str | None = None,
                offer: Any = None) -> Section:
    """Another section of the current event with its own seats and adult price (an offer's, when given)."""
    record = state.event(event)
    seating = seat_map(record.event, section, rows=1, seats_per_row=seats, price_code=free_price_code(record), offer=offer)
    point = PricePointFactory(event_id=record.event.id, price_code_id=seating.block.price_code_id, price_type="ADULT",
                              base_cents=base_cents)
    record.sections[section] = Section(section, seating.block, seating.seats, point)
    return record.sections[section]


def event_gate(state: ScenarioState, gate: str, *, event: str | None = None) -> None:
    """Every seat of the event admits through ``gate`` unless its section says otherwise (event-wide template)."""
    EntitlementTemplateFactory(event_id=state.event(event).event.id, block_id=None, gate_access_level=gate.upper())


def sell_price_type(state: ScenarioState, section: str, price_type: str, base_cents: int) -> None:
    """Seats of ``section`` are also sold at ``price_type`` (CHILD, SENIOR...) for ``base_cents``."""
    block = state.event().sections[section].block
    PricePointFactory(event_id=state.event().event.id, price_code_id=block.price_code_id, price_type=price_type.upper(),
                      base_cents=base_cents)


def limit_per_fan(state: ScenarioState, limit: int) -> Outcome:
    """The organiser caps the tickets one fan may hold for the event (rule 4)."""
    outcome = management.attempt(state, "PATCH", "/v1/events/{id}", path_params={"id": state.event().id},
                                 json={"maxTicketsPerFan": limit})
    if outcome.error is not None:
        raise outcome.error
    return outcome


def already_has(state: ScenarioState, name: str, *, bought: int = 0, reserved: int = 0) -> None:
    """``name`` starts with ``bought`` paid tickets and ``reserved`` reserved ones (zero: nothing)."""
    section = next(iter(state.event().sections))
    if bought:
        buying.bought(state, name, bought, section)
    if reserved:
        buying.reserved(state, name, reserved, section)


def take_off_sale(state: ScenarioState, count: int, section: str, verb: str) -> None:
    """Operations hold (for later) or kill (never to be sold) ``count`` seats; must succeed."""
    outcome = management.take_off_sale(state, verb, section, count=count)
    if outcome.error is not None:
        raise outcome.error


def put_back_on_sale(state: ScenarioState) -> None:
    """Operations release the seats they took off sale in this scenario; must succeed."""
    outcome = management.put_back_on_sale(state)
    if outcome.error is not None:
        raise outcome.error


def cancel_event(state: ScenarioState) -> None:
    """The organiser cancels the current event; must succeed."""
    outcome = management.change_status(state, state.event().title, "cancel")
    if outcome.error is not None:
        raise outcome.error


def event_status_for_fans(state: ScenarioState) -> str:
    """The event's status as fans read it (ON_SALE, SOLD_OUT, CANCELLED...)."""
    result = state.session.graphql.execute(operations.event(), {"id": state.event().id}, role="fan").raise_for_errors()
    return str(result.typed.event.status)


def ticket_types(state: ScenarioState, name: str) -> list[str]:
    """The price type of each ticket in ``name``'s paid order."""
    order = questions.current_order(state, name, buying.paid_order_of(state, name).id)
    return [str(item.price_type) for item in order.items]


def tickets_per_seat(state: ScenarioState, name: str) -> dict[str, Any]:
    """``name``'s paid order seen as seats, tickets and barcodes, to check one ticket per seat."""
    order = questions.current_order(state, name, buying.paid_order_of(state, name).id)
    return {
        "seats": sorted(item.seat.id for item in order.items),
        "ticketed seats": sorted(e.seat.id for e in order.entitlements),
        "barcodes": len({e.barcode for e in order.entitlements}),
    }


def ticket_prices(availability: Any, section: str) -> list[dict[str, str]]:
    """The all-in price per ticket type of ``section`` in an availability answer, as a fan reads it."""
    return [{"ticket": p.price_type.lower(), "price": money(p.total_cents)}
            for s in availability.sections if s.section == section for p in s.prices]
