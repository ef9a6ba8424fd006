"""Given: the world a scenario starts from, created through the factories (cleaned up after it)."""

from __future__ import annotations

from data_factories import (
    EntitlementTemplateFactory,
    EventFactory,
    EventPerformerFactory,
    FanFactory,
    PerformerFactory,
    PriceComponentFactory,
    PricePointFactory,
    VenueFactory,
    seat_map,
)
from data_factories.declarations import namespaced
from support.clients.auth import Credentials
from support.state import Actor, EventRecord, ScenarioState, Section

ADULT = "ADULT"
STANDARD = "STD"


def event_with_seats(state: ScenarioState, title: str, *, seats: int, section: str, base_cents: int,
                     status: str = "ON_SALE", max_tickets_per_fan: int = 8) -> EventRecord:
    """An event at the scenario's venue with one section of seats at an adult base price."""
    if state.venue is None:
        state.venue = VenueFactory()
    event = EventFactory(name=namespaced(title), venue_id=state.venue.id, status=status, max_tickets_per_fan=max_tickets_per_fan)
    record = EventRecord(title=title, event=event)
    state.events[title] = record
    state.current_event = title
    add_section(state, record, section=section, seats=seats, base_cents=base_cents)
    return record


def performer_plays(state: ScenarioState, title: str, performer: str) -> None:
    """``performer`` (created on first mention) is on the bill of the event ``title``."""
    key = f"performer:{performer}"
    if key not in state.variables:
        state.variables[key] = PerformerFactory(name=namespaced(performer))
    EventPerformerFactory(event_id=state.event(title).event.id, performer_id=state.variables[key].id)


def add_section(state: ScenarioState, record: EventRecord, *, section: str, seats: int, base_cents: int) -> Section:
    """A block of ``seats`` seats in one row of ``section`` and its adult price point."""
    seating = seat_map(record.event, section, rows=1, seats_per_row=seats, price_code=STANDARD)
    point = PricePointFactory(event_id=record.event.id, price_code_id=seating.block.price_code_id, price_type=ADULT,
                              base_cents=base_cents)
    record.sections[section] = Section(section, seating.block, seating.seats, point)
    return record.sections[section]


def section_charges(state: ScenarioState, section: str, *, fee_cents: int, tax_bps: int, event: str | None = None) -> None:
    """A fixed service fee and a tax rate on the section's adult price."""
    point = state.event(event).sections[section].price_point
    PriceComponentFactory(price_point_id=point.id, kind="SERVICE_FEE", amount_cents=fee_cents)
    PriceComponentFactory(price_point_id=point.id, tax=True, rate_bps=tax_bps)


def section_gate(state: ScenarioState, section: str, gate_access_level: str, *, event: str | None = None) -> None:
    """Tickets for the section admit through the named gate (a block's entitlement template)."""
    record = state.event(event)
    EntitlementTemplateFactory(event_id=record.event.id, block_id=record.sections[section].block.id,
                               gate_access_level=gate_access_level.upper())


def register_fan(state: ScenarioState, name: str, *, attributes: dict[str, str] | None = None) -> Actor:
    """A fan with a login; their e-mail carries the run's namespace. ``attributes`` gate offers (rule 5)."""
    fan = FanFactory(first_name=name, attributes=attributes or {})
    actor = Actor(name=name, fan_id=str(fan.id), credentials=Credentials(username=fan.username, password=fan.password))
    state.actors[name] = actor
    return actor


def register_crowd(state: ScenarioState, size: int) -> list[Actor]:
    """``size`` fans, each with a login, for concurrency journeys."""
    state.crowd = [register_fan(state, f"Fan {n + 1}") for n in range(size)]
    return state.crowd
