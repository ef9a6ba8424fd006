"""A fan's own account: viewing and changing the profile, GDPR erasure, order history, unpaid orders."""

from __future__ import annotations

import parse
from behave import given, register_type, then, when

import support.gherkin.types  # noqa: F401  (registers {:Name}, {:Pronoun}, {:Text}, {:Money})
from support.assertions import expect_equal, expect_error, expect_no_error, expect_true
from support.journeys import buying, fans


@parse.with_pattern("|".join(fans.PROFILE_ATTRIBUTES))
def parse_profile_field(text: str) -> str:
    """A profile field as a fan names it: "first name", "last name", "phone number", "e-mail address"."""
    return text


register_type(ProfileField=parse_profile_field)


# -- the profile -----------------------------------------------------------------------------
@when("{name:Name} looks at {pronoun:Pronoun} profile")
def looks_at_profile(context, name, pronoun):
    """When Maya looks at her profile"""
    context.state.variables[f"{name}.profile"] = fans.profile(context.state, name)


@when('{name:Name} changes {pronoun:Pronoun} {field:ProfileField} to "{value:Text}"')
def changes_field(context, name, pronoun, field, value):
    """When Maya changes her phone number to "+1-555-010-2030\""""
    fans.update_profile(context.state, name, field, value)


@when("{name:Name} removes {pronoun:Pronoun} phone number")
def removes_phone(context, name, pronoun):
    """When Maya removes her phone number"""
    fans.update_profile(context.state, name, "phone number", None)


@then("{name:Name}'s profile shows {pronoun:Pronoun} first name and e-mail address")
def profile_shows_identity(context, name, pronoun):
    """Then Maya's profile shows her first name and e-mail address"""
    seen = context.state.variables[f"{name}.profile"]
    expected = (name, context.state.actor(name).credentials.username)
    expect_equal(f"{name}'s first name and e-mail address", (seen.first_name, seen.email), expected)


@then('{name:Name}\'s {field:ProfileField} is now "{value:Text}"')
def field_is_now(context, name, field, value):
    """Then Maya's phone number is now "+1-555-010-2030\""""
    expect_no_error(f"{name}'s profile change", context.state.last.error)
    expect_equal(f"{name}'s {field}", fans.profile_value(context.state, name, field), value)


@then("{name:Name} has no phone number on {pronoun:Pronoun} profile")
def no_phone(context, name, pronoun):
    """Then Maya has no phone number on her profile"""
    expect_no_error(f"{name}'s profile change", context.state.last.error)
    expect_equal(f"{name}'s phone number", fans.profile_value(context.state, name, "phone number"), None)


@then("nothing else on {name:Name}'s profile has changed")
def nothing_else_changed(context, name):
    """Then nothing else on Maya's profile has changed"""
    expect_equal(f"other fields of {name}'s profile that changed", fans.side_effects(context.state, name), [])


# -- GDPR erasure ----------------------------------------------------------------------------
@when("{name:Name} asks to erase {pronoun:Pronoun} personal data")
def asks_erasure(context, name, pronoun):
    """When Maya asks to erase her personal data"""
    fans.erase(context.state, name)


@then("staff find no personal data on {name:Name}'s profile")
def no_personal_data(context, name):
    """Then staff find no personal data on Maya's profile"""
    expect_no_error(f"{name}'s erasure", context.state.variables[f"{name}.erasure"].error)
    left = fans.personal_data_seen_by_staff(context.state, name)
    expect_equal(f"personal data left on {name}'s profile", {k: v for k, v in left.items() if k != "erasedAt"},
                 dict.fromkeys(fans.PERSONAL_DATA))
    expect_true(f"{name}'s profile is marked as erased", left["erasedAt"] is not None)


@then("{name:Name}'s paid order is kept for the accounts")
def order_kept(context, name):
    """Then Maya's paid order is kept for the accounts"""
    order = fans.order_as_staff_see_it(context.state, name)
    expect_equal(f"{name}'s order after the erasure", (order["status"], order["fanId"]), ("PAID", context.state.actor(name).fan_id))


@then("{name:Name} can no longer log in")
def cannot_log_in(context, name):
    """Then Maya can no longer log in"""
    expect_true(f"{name}'s e-mail and password are refused", not fans.can_log_in(context.state, name))


@then("{name:Name} is told {pronoun:Pronoun} profile no longer exists")
def told_profile_gone(context, name, pronoun):
    """Then Maya is told her profile no longer exists"""
    expect_error(f"{name}'s last attempt", context.state.last.error, "FORBIDDEN")


# -- orders ------------------------------------------------------------------------------------
@given('{name:Name} has bought {quantity:d} seat in section "{section:Text}"')
def has_bought_one(context, name, quantity, section):
    """Given Maya has bought 1 seat in section "A\""""
    buying.bought(context.state, name, quantity, section)


@when("{name:Name} cancels {pronoun:Pronoun} unpaid order")
@when("{name:Name} cancels {pronoun:Pronoun} unpaid order again")
def cancels_unpaid(context, name, pronoun):
    """When Maya cancels her unpaid order"""
    fans.cancel_unpaid_order(context.state, name)


@then("{name:Name}'s order history lists, newest first:")
def history_lists(context, name):
    """Then Maya's order history lists, newest first:
        | status | total   | seats |
        | PAID   | $50.00  | 1     |
    """
    expected = [dict(row.as_dict()) for row in context.table]
    expect_equal(f"{name}'s order history", fans.history_rows(context.state, name), expected)


@then("{name:Name}'s order history is empty")
def history_empty(context, name):
    """Then Omar's order history is empty"""
    expect_equal(f"{name}'s order history", fans.history_rows(context.state, name), [])


@then("{name:Name}'s order records these payments:")
def order_payments(context, name):
    """Then Maya's order records these payments:
        | status   | amount  |
        | DECLINED | $100.00 |
        | CAPTURED | $100.00 |
    """
    order = fans.paid_order_now(context.state, name)
    expect_equal(f"payments of {name}'s order", fans.payment_rows(order), [dict(row.as_dict()) for row in context.table])


@then("{name:Name}'s unpaid order is cancelled without any charge")
def unpaid_cancelled(context, name):
    """Then Maya's unpaid order is cancelled without any charge"""
    order = fans.unpaid_order_now(context.state, name)
    captured = [p for p in order.payments if p.status in ("CAPTURED", "REFUNDED")]
    expect_equal(f"{name}'s unpaid order and the money taken", (order.status, captured), ("CANCELLED", []))


@then("{name:Name} is told the order is already cancelled")
def told_already_cancelled(context, name):
    """Then Maya is told the order is already cancelled"""
    expect_error(f"{name}'s cancellation", context.state.cancellations[name].error, "CONFLICT")
