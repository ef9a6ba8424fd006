"""Paying for reservations and what a fan holds afterwards: orders, payments, entitlements."""

from behave import given, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Name}, {:Pronoun})
from support.assertions import expect_equal, expect_error, expect_no_differences, expect_no_error, expect_true, money
from support.journeys import buying, card_numbers, questions


@given('{name:Name} has bought {quantity:d} seats in section "{section:Text}"')
def has_bought(context, name, quantity, section):
    """Given Maya has bought 2 seats in section "A\""""
    buying.bought(context.state, name, quantity, section)


@when("{name:Name} checks out with a valid card")
def checks_out(context, name):
    """When Maya checks out with a valid card"""
    buying.checkout(context.state, name, buying.VALID_CARD)


@when("{name:Name} checks out with a card that is declined")
def checks_out_declined(context, name):
    """When Maya checks out with a card that is declined"""
    buying.checkout(context.state, name, buying.DECLINED_CARD)


@when('{name:Name} checks out typing the card number "{card_number:Text}" where the payment belongs')
def checks_out_typing_card_number(context, name, card_number):
    """When Maya checks out typing the card number "4111 1111 1111 1111" where the payment belongs"""
    card_numbers.checkout_typing_card_number(context.state, name, card_number)


@when("{name:Name} repeats the same checkout")
def repeats_checkout(context, name):
    """When Maya repeats the same checkout"""
    buying.repeat_checkout(context.state, name)


@then("{name:Name}'s order is paid for {total:Money}")
def order_paid(context, name, total):
    """Then Maya's order is paid for $118.00"""
    last = context.state.checkouts[name][-1]
    expect_no_error(f"{name}'s checkout", last.error)
    order = questions.current_order(context.state, name, last.value.id)
    expect_equal(f"{name}'s order", (order.status, money(order.total_cents)), ("PAID", money(total)))


@then('{name:Name} holds {count:d} entitlements with gate access "{gate:Text}"')
@then('{name:Name} holds {count:d} entitlement with gate access "{gate:Text}"')
def holds_entitlements(context, name, count, gate):
    """Then Maya holds 2 entitlements with gate access "GENERAL\""""
    order = buying.paid_order_of(context.state, name)
    entitlements = questions.current_order(context.state, name, order.id).entitlements
    expect_equal(f"{name}'s valid entitlements and their gate access",
                 sorted((e.status, e.gate_access_level) for e in entitlements), [("VALID", gate)] * count)
    expect_equal("distinct barcodes", len({e.barcode for e in entitlements}), count)


@then("{name:Name} is told the payment was declined")
def told_declined(context, name):
    """Then Maya is told the payment was declined"""
    expect_error(f"{name}'s checkout", context.state.checkouts[name][-1].error, "PAYMENT_DECLINED")


@then("{name:Name} is told the payment details are not accepted")
def told_not_accepted(context, name):
    """Then Maya is told the payment details are not accepted"""
    expect_error(f"{name}'s checkout", context.state.checkouts[name][-1].error, "BAD_USER_INPUT")


@then("the card number shows in no answer of the platform and nowhere in what it stored")
def card_number_nowhere(context):
    """Then the card number shows in no answer of the platform and nowhere in what it stored"""
    expect_no_differences("places showing the typed card number", card_numbers.where_the_card_number_shows(context.state))


@then("{name:Name} has no paid order")
def no_paid_order(context, name):
    """Then Maya has no paid order"""
    paid = [o.id for o in questions.orders_of(context.state, name) if o.status == "PAID"]
    expect_equal(f"{name}'s paid orders", paid, [])


@then("both checkouts return the same order")
def same_order(context):
    """Then both checkouts return the same order"""
    attempts = [o for outcomes in context.state.checkouts.values() for o in outcomes]
    for attempt in attempts:
        expect_no_error("a repeated checkout", attempt.error)
    expect_equal("orders returned by the repeated checkouts", len({a.value.id for a in attempts}), 1)


@then("{name:Name} was charged once for {total:Money}")
def charged_once(context, name, total):
    """Then Maya was charged once for $118.00"""
    order = questions.current_order(context.state, name, buying.paid_order_of(context.state, name).id)
    captured = [money(p.amount_cents) for p in order.payments if p.status == "CAPTURED"]
    expect_equal(f"captured payments of {name}'s order", captured, [money(total)])
    expect_true("one payment attempt recorded", len(order.payments) == 1, f"found {len(order.payments)}")
