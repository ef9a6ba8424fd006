"""Many fans at once: the fairness of a sale under concurrency."""

from behave import given, then, when

from support.assertions import expect_equal
from support.journeys import buying, questions, setup


@given("{count:d} fans are registered")
def crowd_registered(context, count):
    """Given 30 fans are registered"""
    setup.register_crowd(context.state, count)


@when('all {count:d} fans try to reserve {quantity:d} seat in section "{section:Text}" at the same moment')
def crowd_reserves(context, count, quantity, section):
    """When all 30 fans try to reserve 1 seat in section "A" at the same moment"""
    context.state.variables["crowd"] = buying.crowd_reserves(context.state, quantity, section)


@then("exactly {count:d} of them hold a reservation")
def exactly_n_hold(context, count):
    """Then exactly 10 of them hold a reservation"""
    outcomes = context.state.variables["crowd"]
    refused = {o.error.code for o in outcomes if o.error is not None}
    expect_equal("fans holding a reservation", sum(1 for o in outcomes if o.value is not None), count)
    expect_equal("why the others were refused", refused, {"SEATS_UNAVAILABLE"})


@then("no seat is reserved twice")
def no_seat_twice(context):
    """Then no seat is reserved twice"""
    seats = [s.id for o in context.state.variables["crowd"] if o.value is not None for s in o.value.seats]
    expect_equal("seats handed out more than once", len(seats) - len(set(seats)), 0)
    expect_equal("seats in more than one active reservation (database)", questions.seats_locked_twice(context.state), [])
