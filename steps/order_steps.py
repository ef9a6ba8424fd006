"""Cancelling orders, by the fan or by operations staff, and what it leaves behind."""

from behave import then, when

import support.gherkin.types  # noqa: F401  (registers {:Name}, {:Pronoun})
from support.assertions import expect_equal, expect_error, expect_no_error
from support.journeys import buying, questions


@when("{name:Name} cancels {pronoun:Pronoun} order")
def cancels_own_order(context, name, pronoun):
    """When Maya cancels her order"""
    buying.cancel_order(context.state, name)


@when("{name:Name} tries to cancel {owner:Name}'s order")
def tries_to_cancel(context, name, owner):
    """When Omar tries to cancel Maya's order"""
    buying.cancel_order(context.state, owner, by=name)


@when("operations staff cancel {owner:Name}'s order")
def ops_cancels(context, owner):
    """When operations staff cancel Maya's order"""
    buying.cancel_order(context.state, owner, role="ops")


@then("{name:Name}'s order is refunded")
def order_refunded(context, name):
    """Then Maya's order is refunded"""
    expect_no_error(f"cancelling {name}'s order", context.state.cancellations[name].error)
    order = questions.current_order(context.state, name, buying.paid_order_of(context.state, name).id)
    expect_equal(f"{name}'s order and payment", (order.status, sorted(p.status for p in order.payments)), ("REFUNDED", ["REFUNDED"]))


@then("{name:Name}'s entitlements no longer admit {pronoun:Pronoun}")
def entitlements_void(context, name, pronoun):
    """Then Maya's entitlements no longer admit her"""
    order = questions.current_order(context.state, name, buying.paid_order_of(context.state, name).id)
    expect_equal(f"status of {name}'s entitlements", sorted({e.status for e in order.entitlements}), ["VOID"])


@then("{name:Name} is told the order does not exist")
def told_no_such_order(context, name):
    """Then Omar is told the order does not exist"""
    outcome = next(iter(context.state.cancellations.values()))
    expect_error(f"{name}'s cancellation", outcome.error, "NOT_FOUND")


@then("{name:Name}'s order is still paid")
def still_paid(context, name):
    """Then Maya's order is still paid"""
    order = questions.current_order(context.state, name, buying.paid_order_of(context.state, name).id)
    expect_equal(f"status of {name}'s order", order.status, "PAID")
