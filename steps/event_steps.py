"""Events, sections and prices as business analysts describe them; browsing them as a fan."""

from behave import given, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Percent}, {:Name})
from support.assertions import expect_equal, expect_true, money
from support.journeys import questions, setup


@given('an on-sale event "{title:Text}" with {seats:d} seats in section "{section:Text}" at {price:Money}')
def on_sale_event(context, title, seats, section, price):
    """Given an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00"""
    setup.event_with_seats(context.state, title, seats=seats, section=section, base_cents=price)


@given('a draft event "{title:Text}" with {seats:d} seats in section "{section:Text}" at {price:Money}')
def draft_event(context, title, seats, section, price):
    """Given a draft event "Winter Gala" with 10 seats in section "A" at $80.00"""
    setup.event_with_seats(context.state, title, seats=seats, section=section, base_cents=price, status="DRAFT")


@given('section "{section:Text}" carries a {fee:Money} service fee and {tax:Percent} tax')
def section_charges(context, section, fee, tax):
    """And section "A" carries a $4.50 service fee and 8.25% tax"""
    setup.section_charges(context.state, section, fee_cents=fee, tax_bps=tax)


@given('section "{section:Text}" of "{title:Text}" carries a {fee:Money} service fee and {tax:Percent} tax')
def named_section_charges(context, section, title, fee, tax):
    """Given section "A" of "Summer Nights" carries a $4.50 service fee and 8.25% tax"""
    setup.section_charges(context.state, section, fee_cents=fee, tax_bps=tax, event=title)


@given('section "{section:Text}" admits through the "{gate:Text}" gate')
def section_gate(context, section, gate):
    """Given section "A" admits through the "VIP" gate"""
    setup.section_gate(context.state, section, gate)


@when("a fan browses the events on sale")
def browse_on_sale(context):
    """When a fan browses the events on sale"""
    context.state.variables["listed"] = questions.listed_on_sale(context.state)


@given('"{title:Text}" features the performer "{performer:Text}"')
def features_performer(context, title, performer):
    """Given "Summer Nights" features the performer "The Lanterns\""""
    setup.performer_plays(context.state, title, performer)


@when('a fan looks for the events of "{performer:Text}"')
def looks_for_performer(context, performer):
    """When a fan looks for the events of "The Lanterns\""""
    context.state.variables["listed"] = questions.listed_for_performer(context.state, performer)


@when("a fan browses the events on sale at the venue {size:d} at a time")
def browse_in_pages(context, size):
    """When a fan browses the events on sale at the venue 2 at a time"""
    context.state.variables["pages"] = questions.on_sale_pages(context.state, size)


@then("the fan sees {count:d} events on {pages:d} pages, each event once")
def events_in_pages(context, count, pages):
    """Then the fan sees 3 events on 2 pages, each event once"""
    listed = context.state.variables["pages"]
    expect_equal("pages of the listing", len(listed), pages)
    titles = [title for page in listed for title in page]
    expect_equal("events listed, in page order", sorted(titles), sorted(set(titles)))
    expect_equal("number of events listed", len(titles), count)


@when('a fan looks at the availability of "{title:Text}"')
def look_at_availability(context, title):
    """When a fan looks at the availability of "Summer Nights\""""
    context.state.current_event = title
    context.state.variables["availability"] = questions.availability(context.state, title)


@when('an analyst looks up "{title:Text}" in the management view')
def analyst_looks_up(context, title):
    """When an analyst looks up "Summer Nights" in the management view"""
    context.state.variables["management_event"] = questions.management_event(context.state, title, role="analyst")


@then('"{title:Text}" is listed')
def is_listed(context, title):
    """Then "Summer Nights" is listed"""
    expect_true(f'"{title}" appears among the events on sale', title in context.state.variables["listed"])


@then('"{title:Text}" is not listed')
def is_not_listed(context, title):
    """Then "Winter Gala" is not listed"""
    expect_true(f'"{title}" is absent from the events on sale', title not in context.state.variables["listed"])


@then('section "{section:Text}" shows {count:d} seats available at {price:Money} for an adult')
def section_shows(context, section, count, price):
    """Then section "A" shows 20 seats available at $59.00 for an adult"""
    entries = [s for s in context.state.variables["availability"].sections if s.section == section]
    expect_equal(f"seats available in section {section}", sum(s.available for s in entries), count)
    prices = [p.total_cents for s in entries for p in s.prices if p.price_type == "ADULT"]
    expect_equal(f"adult all-in price in section {section}", [money(c) for c in prices], [money(price)])


@then('the management view shows "{title:Text}" as on sale')
def management_shows_on_sale(context, title):
    """Then the management view shows "Summer Nights" as on sale"""
    expect_equal(f'status of "{title}" in the management view', context.state.variables["management_event"].get("status"), "ON_SALE")


@then('{count:d} seats in section "{section:Text}" are still available')
def seats_still_available(context, count, section):
    """Then 18 seats in section "A" are still available"""
    expect_equal(f"seats still available in section {section}", questions.available_seats(context.state, section), count)
