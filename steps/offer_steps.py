"""Presales (business rule 5): when they are open, who may see them, access codes and their uses."""

from __future__ import annotations

import parse
from behave import given, register_type, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Name}, {:Text})
from support.assertions import expect_equal, expect_error, expect_true
from support.journeys import offers, setup


@parse.with_pattern("|".join(offers.WINDOWS))
def parse_offer_window(text: str) -> str:
    """When a presale runs, as a business reader says it: "is open now", "opens next week", "ended yesterday"."""
    return text


register_type(OfferWindow=parse_offer_window)


@given('a presale "{offer:Text}" that {window:OfferWindow} with {seats:d} seats in section "{section:Text}" at {price:Money}')
def presale(context, offer, window, seats, section, price):
    """Given a presale "Early Birds" that opens next week with 5 seats in section "P" at $40.00"""
    offers.presale(context.state, offer, window=window, seats=seats, section=section, base_cents=price)


@given('a code-only presale "{offer:Text}" with {seats:d} seats in section "{section:Text}" at {price:Money}')
def code_only_presale(context, offer, seats, section, price):
    """Given a code-only presale "Fan Club" with 10 seats in section "F" at $40.00"""
    offers.presale(context.state, offer, seats=seats, section=section, base_cents=price, needs_code=True)


@given('a presale "{offer:Text}" for "{tier:Text}" tier members with {seats:d} seats in section "{section:Text}" at {price:Money}')
def members_presale(context, offer, tier, seats, section, price):
    """Given a presale "Gold Circle" for "gold" tier members with 5 seats in section "M" at $30.00"""
    offers.presale(context.state, offer, seats=seats, section=section, base_cents=price, tier=tier)


@given('the presale "{offer:Text}" accepts the access code "{code:Text}" for {uses:d} purchases')
@given('the presale "{offer:Text}" accepts the access code "{code:Text}" for {uses:d} purchase')
def accepts_code(context, offer, code, uses):
    """Given the presale "Fan Club" accepts the access code "FANCLUB" for 2 purchases"""
    offers.accept_code(context.state, offer, code, max_uses=uses)


@given('the presale "{offer:Text}" accepts the access code "{code:Text}" for {uses:d} purchases, {used:d} of them already made')
def accepts_used_code(context, offer, code, uses, used):
    """Given the presale "Fan Club" accepts the access code "FANCLUB" for 2 purchases, 1 of them already made"""
    offers.accept_code(context.state, offer, code, max_uses=uses, used=used)


@given('fan "{name:Name}" is registered as a "{tier:Text}" tier member')
def member_registered(context, name, tier):
    """Given fan "Maya" is registered as a "gold" tier member"""
    setup.register_fan(context.state, name, attributes={offers.TIER: tier})


@when("{name:Name} looks at the presales of the event")
def looks_at_presales(context, name):
    """When Maya looks at the presales of the event"""
    context.state.variables[f"{name}.offers seen"] = offers.offers_seen_by(context.state, name)


@when('{name:Name} reserves {quantity:d} seats from the presale "{offer:Text}"')
@when('{name:Name} reserves {quantity:d} seat from the presale "{offer:Text}"')
@given('{name:Name} has reserved {quantity:d} seats from the presale "{offer:Text}"')
def reserves_from_presale(context, name, quantity, offer):
    """When Maya reserves 2 seats from the presale "Early Birds\""""
    offers.reserve_from(context.state, name, quantity, offer)


@when('{name:Name} reserves {quantity:d} seats from the presale "{offer:Text}" with the access code "{code:Text}"')
@given('{name:Name} has reserved {quantity:d} seats from the presale "{offer:Text}" with the access code "{code:Text}"')
def reserves_with_code(context, name, quantity, offer, code):
    """When Maya reserves 2 seats from the presale "Fan Club" with the access code "FANCLUB\""""
    offers.reserve_from(context.state, name, quantity, offer, code)


@then('{name:Name} sees the presale "{offer:Text}"')
def sees_presale(context, name, offer):
    """Then Maya sees the presale "Early Birds\""""
    seen = context.state.variables[f"{name}.offers seen"]
    expect_true(f'"{offer}" among the presales shown to {name}', offer in seen, f"shown: {sorted(seen)}")


@then('{name:Name} does not see the presale "{offer:Text}"')
def does_not_see_presale(context, name, offer):
    """Then Maya does not see the presale "Early Birds\""""
    seen = context.state.variables[f"{name}.offers seen"]
    expect_true(f'"{offer}" hidden from {name}', offer not in seen, f"shown: {sorted(seen)}")


@then('{name:Name} sees {count:d} seats on sale in section "{section:Text}"')
def sees_seats(context, name, count, section):
    """Then Maya sees 5 seats on sale in section "P\""""
    expect_equal(f"seats of section {section} on sale to {name}", offers.seats_shown_to(context.state, name, section), count)


@then("{name:Name} is told the presale is not available")
def told_presale_unavailable(context, name):
    """Then Maya is told the presale is not available"""
    expect_error(f"{name}'s reservation from the presale", context.state.reservations[name].error, "OFFER_NOT_AVAILABLE")


@then("{name:Name} is told the access code is not valid")
def told_code_invalid(context, name):
    """Then Maya is told the access code is not valid"""
    expect_error(f"{name}'s last attempt with the access code", context.state.last.error, "ACCESS_CODE_INVALID")


@then('the access code "{code:Text}" has been used {count:d} times')
@then('the access code "{code:Text}" has been used {count:d} time')
def code_used(context, code, count):
    """Then the access code "FANCLUB" has been used 1 time"""
    expect_equal(f'uses of the access code "{code}"', offers.code_uses(context.state, code), count)
