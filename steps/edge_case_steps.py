"""Boundary conditions: quantities, text lengths and scripts, prices, and racing payments."""

import parse
from behave import register_type, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Name}, {:Text})
from support.assertions import (
    expect_equal,
    expect_invalid_field,
    expect_no_error,
    expect_true,
    money,
)
from support.journeys import edge_cases


@parse.with_pattern("|".join(sorted(edge_cases.PROFILE_TEXTS, key=len, reverse=True)))
def parse_profile_text(text):
    """A named profile text: "a 10 kB name", "a name in many scripts"..."""
    return text


register_type(ProfileText=parse_profile_text)


@then('{name:Name}\'s reservation is refused as invalid input naming "{field:Text}"')
def reservation_invalid(context, name, field):
    """Then Maya's reservation is refused as invalid input naming "quantity\""""
    expect_invalid_field(f"{name}'s reservation", context.state.reservations[name].error, field)


@when("{name:Name} changes the first name on {pronoun:Pronoun} profile to {text:ProfileText}")
def changes_first_name(context, name, pronoun, text):
    """When Maya changes the first name on her profile to a name in many scripts"""
    edge_cases.change_first_name(context.state, name, text)


@then("{name:Name}'s profile shows the new first name exactly as typed")
def shows_first_name(context, name):
    """Then Maya's profile shows the new first name exactly as typed"""
    expect_no_error(f"{name}'s profile change", context.state.last.error)
    expect_equal(f"{name}'s first name", edge_cases.first_name_now(context.state, name),
                 context.state.variables["first name sent"])


@then('{name:Name}\'s profile change is refused as invalid input naming "{field:Text}"')
def profile_change_invalid(context, name, field):
    """Then Maya's profile change is refused as invalid input naming "firstName\""""
    expect_invalid_field(f"{name}'s profile change", context.state.last.error, field)


@when("{name:Name} pays for the same reservation from {devices:d} devices at the same moment")
def pays_from_many_devices(context, name, devices):
    """When Maya pays for the same reservation from 5 devices at the same moment"""
    edge_cases.pay_from_many_devices(context.state, name, devices)


@then("exactly one of {name:Name}'s payments goes through")
def exactly_one_payment(context, name):
    """Then exactly one of Maya's payments goes through"""
    outcomes = context.state.checkouts[name]
    orders = {o.value.id for o in outcomes if o.value is not None}
    refused = {o.error.code for o in outcomes if o.error is not None}
    expect_equal("orders created by the racing payments", len(orders), 1)
    expect_true("the other devices were told the reservation is gone", refused <= {"RESERVATION_EXPIRED", "CONFLICT"},
                f"refusal codes: {sorted(refused)}")


@then("{name:Name} has exactly one paid order, charged once for {total:Money}")
def one_paid_order(context, name, total):
    """Then Maya has exactly one paid order, charged once for $118.00"""
    found = edge_cases.payments_of(context.state, name)
    expect_equal(f"{name}'s paid orders and captured payments",
                 (found["paid orders"], [money(c) for c in found["captured payments"]]), (1, [money(total)]))
