"""Seats in every state of a sale (rules 4, 7, 8): gates, price types, holds, limits, sold out, cancelled."""

from __future__ import annotations

import parse
from behave import given, register_type, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Name}, {:Pronoun}, {:Text})
from support.assertions import expect_equal, expect_error, expect_no_error
from support.journeys import buying, inventory

PRICE_TYPES = ("adult", "child", "senior", "student")


@parse.with_pattern("|".join(PRICE_TYPES))
def parse_price_type(text: str) -> str:
    """A ticket type as a fan says it ("child") to the platform's price type ("CHILD")."""
    return text.upper()


@parse.with_pattern("held|killed")
def parse_seat_action(text: str) -> str:
    """How operations take seats off sale: "held" (for later) or "killed" (never sold)."""
    return {"held": "hold", "killed": "kill"}[text]


@parse.with_pattern("|".join(inventory.EVENT_STATES))
def parse_event_state(text: str) -> str:
    """An event's state as fans read it: "sold out" -> SOLD_OUT."""
    return inventory.EVENT_STATES[text]


register_type(TicketType=parse_price_type, SeatAction=parse_seat_action, EventState=parse_event_state)


@given('the event also has {seats:d} seats in section "{section:Text}" at {price:Money}')
def also_has_section(context, seats, section, price):
    """Given the event also has 10 seats in section "B" at $80.00"""
    inventory.add_section(context.state, section, seats=seats, base_cents=price)


@given('the event admits through the "{gate:Text}" gate')
def event_gate(context, gate):
    """Given the event admits through the "MAIN" gate"""
    inventory.event_gate(context.state, gate)


@given('section "{section:Text}" also sells {ticket:TicketType} tickets at {price:Money}')
def sells_price_type(context, section, ticket, price):
    """Given section "A" also sells child tickets at $25.00"""
    inventory.sell_price_type(context.state, section, ticket, price)


@given('{count:d} seats in section "{section:Text}" are {action:SeatAction} by operations')
def seats_off_sale(context, count, section, action):
    """Given 3 seats in section "A" are held by operations"""
    inventory.take_off_sale(context.state, count, section, action)


@given("fans may hold at most {limit:d} tickets for the event")
def ticket_limit(context, limit):
    """Given fans may hold at most 4 tickets for the event"""
    inventory.limit_per_fan(context.state, limit)


@given("{name:Name} already owns {count:d} tickets for the event")
def already_owns(context, name, count):
    """Given Maya already owns 2 tickets for the event"""
    inventory.already_has(context.state, name, bought=count)


@given("{name:Name} already holds {count:d} reserved tickets for the event")
def already_holds(context, name, count):
    """Given Maya already holds 3 reserved tickets for the event"""
    inventory.already_has(context.state, name, reserved=count)


@given("the event is cancelled by the organiser")
@when("the organiser cancels the event")
def event_cancelled(context):
    """When the organiser cancels the event"""
    inventory.cancel_event(context.state)


@when("operations staff put the held seats back on sale")
def held_seats_back(context):
    """When operations staff put the held seats back on sale"""
    inventory.put_back_on_sale(context.state)


@when('{name:Name} asks for {count:d} more tickets in section "{section:Text}"')
def asks_for_more(context, name, count, section):
    """When Maya asks for 2 more tickets in section "A\""""
    buying.reserve(context.state, name, count, section)


@when('{name:Name} asks for {count:d} more tickets for "{title:Text}" in section "{section:Text}"')
def asks_for_more_of(context, name, count, title, section):
    """When Maya asks for 4 more tickets for "Hot Ticket" in section "A\""""
    buying.reserve(context.state, name, count, section, event=title)


@when('{name:Name} reserves {count:d} {ticket:TicketType} tickets in section "{section:Text}"')
def reserves_ticket_type(context, name, count, ticket, section):
    """When Maya reserves 2 child tickets in section "A\""""
    buying.reserve_with(context.state, name, count, section=section, price_type=ticket)


@then("the event is shown to fans as {status:EventState}")
def event_shown_as(context, status):
    """Then the event is shown to fans as sold out"""
    expect_equal("the event's status as fans see it", inventory.event_status_for_fans(context.state), status)


@then("{name:Name} is told the event is not on sale")
def told_not_on_sale(context, name):
    """Then Maya is told the event is not on sale"""
    expect_error(f"{name}'s reservation", context.state.reservations[name].error, "EVENT_NOT_ON_SALE")


@then("{name:Name} is given the tickets")
def given_the_tickets(context, name):
    """Then Maya is given the tickets"""
    expect_no_error(f"{name}'s reservation", context.state.reservations[name].error)


@then("{name:Name} is told {pronoun:Pronoun} ticket limit is reached")
def told_limit_reached(context, name, pronoun):
    """Then Maya is told her ticket limit is reached"""
    expect_error(f"{name}'s reservation", context.state.reservations[name].error, "LIMIT_EXCEEDED")


@then("{name:Name} is told one fan cannot have that many tickets")
def told_too_many_at_once(context, name):
    """Then Maya is told one fan cannot have that many tickets"""
    expect_error(f"{name}'s reservation", context.state.reservations[name].error, "BAD_USER_INPUT")


@then("{name:Name} can no longer pay for {pronoun:Pronoun} reservation")
def can_no_longer_pay(context, name, pronoun):
    """Then Maya can no longer pay for her reservation"""
    outcome = buying.checkout(context.state, name, buying.VALID_CARD)
    expect_error(f"{name}'s checkout", outcome.error, "RESERVATION_EXPIRED")


@then('section "{section:Text}" is priced for fans as:')
def section_priced_as(context, section):
    """Then section "A" is priced for fans as:
        | ticket | price  |
        | child  | $25.00 |
    """
    prices = inventory.ticket_prices(context.state.variables["availability"], section)
    expected = [dict(row.as_dict()) for row in context.table]
    expect_equal(f"all-in prices of section {section}", sorted(prices, key=lambda p: p["ticket"]),
                 sorted(expected, key=lambda p: p["ticket"]))


@then("all of {name:Name}'s tickets are {ticket:TicketType} tickets")
def tickets_of_type(context, name, ticket):
    """Then all of Maya's tickets are child tickets"""
    types = inventory.ticket_types(context.state, name)
    expect_equal(f"ticket types in {name}'s order", types, [ticket] * len(types))


@then("every seat of {name:Name}'s order has a ticket of its own")
def ticket_per_seat(context, name):
    """Then every seat of Maya's order has a ticket of its own"""
    tickets = inventory.tickets_per_seat(context.state, name)
    expect_equal(f"seats ticketed in {name}'s order", tickets["ticketed seats"], tickets["seats"])
    expect_equal("distinct barcodes", tickets["barcodes"], len(tickets["seats"]))
