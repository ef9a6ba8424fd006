"""Fans and their reservations: registering, reserving, letting seats go, running out of time."""

from behave import given, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Percent}, {:Name}, {:Pronoun})
from support.assertions import expect_equal, expect_error, expect_no_error, money
from support.journeys import buying, questions, setup


@given('fan "{name:Name}" is registered')
def fan_registered(context, name):
    """Given fan "Maya" is registered"""
    setup.register_fan(context.state, name)


@given('{name:Name} has reserved {quantity:d} seats in section "{section:Text}"')
@given('{name:Name} has reserved {quantity:d} seat in section "{section:Text}"')
def has_reserved(context, name, quantity, section):
    """Given Maya has reserved 2 seats in section "A\""""
    buying.reserved(context.state, name, quantity, section)


@when('{name:Name} reserves {quantity:d} seats in section "{section:Text}"')
@when('{name:Name} reserves {quantity:d} seat in section "{section:Text}"')
def reserves(context, name, quantity, section):
    """When Maya reserves 3 seats in section "A\""""
    buying.reserve(context.state, name, quantity, section)


@when("{name:Name} releases {pronoun:Pronoun} reservation")
def releases(context, name, pronoun):
    """When Maya releases her reservation"""
    buying.release(context.state, name)


@when("{name:Name}'s reservation runs out of time")
def runs_out_of_time(context, name):
    """When Maya's reservation runs out of time"""
    reservation = context.state.reservations[name].value
    section = reservation.seats[0].section
    questions.wait_for_expiry(context.state, name, section, limit_s=context.run.settings.run.max_wait_for_ttl_s)


@then("{name:Name} holds a reservation for {quantity:d} seats")
def holds_reservation(context, name, quantity):
    """Then Maya holds a reservation for 3 seats"""
    outcome = context.state.reservations.get(name)
    expect_no_error(f"{name}'s reservation", outcome.error if outcome else None)
    expect_equal(f"seats in {name}'s reservation", len(outcome.value.seats), quantity)


@then("{name:Name}'s reservation shows a base of {base:Money}, fees of {fees:Money}, tax of {tax:Money} and a total of {total:Money}")
def itemised(context, name, base, fees, tax, total):
    """Then Maya's reservation shows a base of $50.00, fees of $4.50, tax of $4.50 and a total of $59.00"""
    outcome = context.state.reservations[name]
    expect_no_error(f"{name}'s reservation", outcome.error)
    item = outcome.value.items[0]
    expect_equal(f"itemised price of {name}'s seat",
                 [money(item.base_cents), money(item.fees_cents), money(item.tax_cents), money(item.total_cents)],
                 [money(base), money(fees), money(tax), money(total)])


@then("{name:Name}'s reservation totals {total:Money}")
def reservation_totals(context, name, total):
    """Then Omar's reservation totals $70.95"""
    outcome = context.state.reservations[name]
    expect_no_error(f"{name}'s reservation", outcome.error)
    expect_equal(f"total of {name}'s reservation", money(outcome.value.total_cents), money(total))
    expect_equal("total against the sum of its seats", money(sum(i.total_cents for i in outcome.value.items)), money(total))


@then("{name:Name} is told there are not enough seats")
def not_enough_seats(context, name):
    """Then Maya is told there are not enough seats"""
    expect_error(f"{name}'s reservation", context.state.reservations[name].error, "SEATS_UNAVAILABLE")


@then("{name:Name} cannot check out the expired reservation")
def cannot_check_out_expired(context, name):
    """Then Maya cannot check out the expired reservation"""
    outcome = buying.checkout(context.state, name, buying.VALID_CARD)
    expect_error(f"{name}'s checkout of an expired reservation", outcome.error, "RESERVATION_EXPIRED")
