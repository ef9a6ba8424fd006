"""Management staff keeping the catalogue, events, seat maps, prices, gates and holds."""

from behave import given, register_type, then, when

import support.gherkin.types  # noqa: F401  (registers {:Money}, {:Percent}, {:Name}, {:Text})
from support.assertions import (
    expect_equal,
    expect_error,
    expect_invalid_field,
    expect_no_differences,
    expect_no_error,
)
from support.gherkin.types import one_of, phrase_type
from support.journeys import management, setup
from support.journeys.management_kinds import KINDS, VARIANTS

register_type(
    Entry=phrase_type(one_of(KINDS), "A kind of management entry: venue, season, event, fee, access code..."),
    Variant=phrase_type(one_of(VARIANTS), 'A named variation of a valid entry: "a negative capacity", "a 10 kB name"...'),
    OffSale=phrase_type(r"hold|kill"),
)


# -- catalogue entries ------------------------------------------------------------------
@given("an administrator has added a new {entry:Entry}")
def has_added_entry(context, entry):
    """Given an administrator has added a new performer"""
    management.added_entry(context.state, entry)


@when("an administrator adds a new {entry:Entry}")
def adds_entry(context, entry):
    """When an administrator adds a new venue"""
    management.add_entry(context.state, entry)


@when("an administrator adds a new {entry:Entry} with {variant:Variant}")
def adds_varied_entry(context, entry, variant):
    """When an administrator adds a new venue with a negative capacity"""
    management.add_entry(context.state, entry, variant)


@when('an administrator renames it to "{name:Text}"')
def renames_entry(context, name):
    """When an administrator renames it to "Harbour Hall East\""""
    management.change_entry(context.state, {"name": name})


@when("an administrator changes the fan's e-mail address")
def changes_fan_email(context):
    """When an administrator changes the fan's e-mail address"""
    management.change_fan_email(context.state)


@when("an administrator adds another fan with the same e-mail address in capitals")
def adds_fan_with_email_in_capitals(context):
    """When an administrator adds another fan with the same e-mail address in capitals"""
    management.add_fan_with_email_in_capitals(context.state)


@then("the fan signs in with the new e-mail address, not the old one")
def signs_in_with_new_email(context):
    """Then the fan signs in with the new e-mail address, not the old one"""
    expect_equal("the fan signs in with (new address, old address)", management.sign_ins_after_email_change(context.state),
                 (True, False))


@when('an administrator deletes the event "{title:Text}"')
def deletes_event(context, title):
    """When an administrator deletes the event "Rock Opera\""""
    management.delete_event(context.state, title)


@when("an administrator removes it")
def removes_entry(context):
    """When an administrator removes it"""
    management.remove_entry(context.state)


@then("the new {entry:Entry} reads back as it was entered")
@then("the {entry:Entry} reads back as it was entered")
def reads_back(context, entry):
    """Then the new venue reads back as it was entered"""
    expect_no_error(f"adding the {entry}", context.state.last.error)
    stored = management.read_back(context.state)
    expect_no_differences(f"the {entry} as stored", management.differences(management.sent_body(context.state), stored))


@then("the {entry:Entry} can no longer be found")
def entry_gone(context, entry):
    """Then the performer can no longer be found"""
    expect_no_error(f"removing the {entry}", context.state.last.error)
    expect_equal(f"the {entry} after removal", management.read_back(context.state), None)


@then('it is refused as invalid input naming "{field:Text}"')
def refused_naming(context, field):
    """Then it is refused as invalid input naming "capacity\""""
    expect_invalid_field("the management request", context.state.last.error, field)


@then("it is refused as a conflict")
def refused_conflict(context):
    """Then it is refused as a conflict"""
    expect_error("the management request", context.state.last.error, "CONFLICT")


# -- the life of an event ------------------------------------------------------------------
@given('a draft event "{title:Text}" with no seats yet')
def draft_event(context, title):
    """Given a draft event "Harbour Lights" with no seats yet"""
    management.draft_event(context.state, title)


@given('operations have laid out the seats of "{title:Text}":')
def have_laid_out_seats(context, title):
    """Given operations have laid out the seats of "Harbour Lights":
      | section | price code | rows | seats per row |
      | A       | STD        | 1    | 10            |
    """
    outcome = management.lay_out_seats(context.state, title, [dict(row.as_dict()) for row in context.table])
    expect_no_error(f'laying out the seats of "{title}"', outcome.error)


@when('operations lay out the seats of "{title:Text}":')
def lays_out_seats(context, title):
    """When operations lay out the seats of "Harbour Lights":
      | section | price code | rows | seats per row |
      | A       | STD        | 2    | 5             |
    """
    management.lay_out_seats(context.state, title, [dict(row.as_dict()) for row in context.table])


@given('an administrator has priced "{code:Text}" seats of "{title:Text}" at {price:Money} for an adult')
def has_priced_seats(context, code, title, price):
    """Given an administrator has priced "STD" seats of "Harbour Lights" at $50.00 for an adult"""
    expect_no_error(f'pricing "{code}" seats', management.price_seats(context.state, title, code, price).error)


@when('an administrator prices "{code:Text}" seats of "{title:Text}" at {price:Money} for an adult')
def prices_seats(context, code, title, price):
    """When an administrator prices "STD" seats of "Harbour Lights" at $40.00 for an adult"""
    management.price_seats(context.state, title, code, price)


@when('an administrator adds a {fee:Money} service fee and {tax:Percent} tax to the "{code:Text}" price')
def adds_fee_and_tax(context, fee, tax, code):
    """When an administrator adds a $4.50 service fee and 8.25% tax to the "STD" price"""
    management.add_component(context.state, code, {"kind": "SERVICE_FEE", "amountCents": fee})
    management.add_component(context.state, code, {"kind": "TAX", "rateBps": tax})


@given('an administrator has made every seat of "{title:Text}" admit through the "{gate:Text}" gate')
def has_set_gate(context, title, gate):
    """Given an administrator has made every seat of "Summer Nights" admit through the "BALCONY" gate"""
    expect_no_error(f'setting the gate of "{title}"', management.gate_for_event(context.state, title, gate).error)


@given('an administrator has made section "{section:Text}" of "{title:Text}" admit through the "{gate:Text}" gate')
def has_set_section_gate(context, section, title, gate):
    """Given an administrator has made section "B" of "Summer Nights" admit through the "VIP" gate"""
    outcome = management.gate_for_section(context.state, title, section, gate)
    expect_no_error(f'setting the gate of section "{section}" of "{title}"', outcome.error)


@when('an administrator sets the "{gate:Text}" gate of "{title:Text}" for section "{section:Text}" of "{other:Text}"')
def gate_for_other_events_section(context, gate, title, section, other):
    """When an administrator sets the "FLOOR" gate of "Summer Nights" for section "B" of "Winter Gala\""""
    management.gate_for_section(context.state, title, section, gate, of_event=other)


@when('an administrator makes every seat of "{title:Text}" admit through the "{gate:Text}" gate')
def gate_for_event(context, title, gate):
    """When an administrator makes every seat of "Summer Nights" admit through the "FLOOR" gate"""
    management.gate_for_event(context.state, title, gate)


@when('an administrator puts "{title:Text}" on sale')
def puts_on_sale(context, title):
    """When an administrator puts "Harbour Lights" on sale"""
    management.change_status(context.state, title, "publish")


@given('an administrator has cancelled "{title:Text}"')
def has_cancelled_event(context, title):
    """Given an administrator has cancelled "Rock Opera\""""
    expect_no_error(f'cancelling "{title}"', management.change_status(context.state, title, "cancel").error)


@when('an administrator cancels "{title:Text}"')
def cancels_event(context, title):
    """When an administrator cancels "Rock Opera\""""
    management.change_status(context.state, title, "cancel")


@then('"{title:Text}" is {status:w} in the management view')
def status_in_management(context, title, status):
    """Then "Harbour Lights" is ON_SALE in the management view"""
    expect_equal(f'status of "{title}"', management.event_status(context.state, title), status)


@then('the management view counts {count:d} {status:w} seats in section "{section:Text}"')
def counts_seats(context, count, status, section):
    """Then the management view counts 4 HELD seats in section "A\""""
    counts = management.seat_counts(context.state, section)
    expect_equal(f"{status} seats in section {section} (management view)", counts.get(status, 0), count)


# -- holds and kills -------------------------------------------------------------------------
@when('operations {verb:OffSale} {count:d} seats in section "{section:Text}"')
def takes_off_sale(context, verb, count, section):
    """When operations hold 4 seats in section "A\""""
    management.take_off_sale(context.state, verb, section, count=count)


@when('operations {verb:OffSale} all of section "{section:Text}"')
def takes_section_off_sale(context, verb, section):
    """When operations hold all of section "A\""""
    management.take_off_sale(context.state, verb, section)


@when("operations put those seats back on sale")
def puts_back(context):
    """When operations put those seats back on sale"""
    management.put_back_on_sale(context.state)


@when('operations put {count:d} seats of section "{section:Text}" back on sale')
def puts_some_back(context, count, section):
    """When operations put 3 seats of section "A" back on sale"""
    management.put_back_on_sale(context.state, section, count=count)


@then("operations are told some of those seats are not in a state to change")
def told_seats_unavailable(context):
    """Then operations are told some of those seats are not in a state to change"""
    expect_error("the hold or release", context.state.last.error, "SEATS_UNAVAILABLE")


# -- offers ------------------------------------------------------------------------------
@given('fan "{name:Name}" is registered with the attribute "{attribute:Text}" set to "{value:Text}"')
def member_registered(context, name, attribute, value):
    """Given fan "Nia" is registered with the attribute "tier" set to "gold\""""
    setup.register_fan(context.state, name, attributes={attribute: value})


@given('an administrator has opened the offer "{offer:Text}" for "{title:Text}"')
def has_opened_offer(context, offer, title):
    """Given an administrator has opened the offer "Fan Club Presale" for "Summer Nights\""""
    expect_no_error(f'opening the offer "{offer}"', management.open_offer(context.state, offer, title).error)


@when('an administrator opens the offer "{offer:Text}" for "{title:Text}" behind the access code "{code:Text}"')
def opens_offer_with_code(context, offer, title, code):
    """When an administrator opens the offer "Presale" for "Summer Nights" behind the access code "EARLY-BIRD\""""
    management.open_offer(context.state, offer, title, access_code=code)


@when('an administrator keeps the offer "{offer:Text}" for fans whose "{attribute:Text}" is "{value:Text}"')
def restricts_offer(context, offer, attribute, value):
    """When an administrator keeps the offer "Fan Club Presale" for fans whose "tier" is "gold\""""
    management.restrict_offer(context.state, offer, attribute, value)


@then('{name:Name} sees the offer "{offer:Text}" for "{title:Text}", needing an access code')
def sees_offer_with_code(context, name, offer, title):
    """Then Maya sees the offer "Presale" for "Summer Nights", needing an access code"""
    _sees_offer(context, name, offer, title, needs_code=True)


@then('{name:Name} sees the offer "{offer:Text}" for "{title:Text}"')
def sees_offer(context, name, offer, title):
    """Then Nia sees the offer "Fan Club Presale" for "Summer Nights\""""
    _sees_offer(context, name, offer, title, needs_code=False)


def _sees_offer(context, name, offer, title, *, needs_code):
    seen = management.offers_seen_by(context.state, name, title)
    expect_equal(f"offer {offer} among those {name} sees (needing an access code?)", seen.get(offer), needs_code)


@then('{name:Name} does not see the offer "{offer:Text}" for "{title:Text}"')
def does_not_see_offer(context, name, offer, title):
    """Then Maya does not see the offer "Fan Club Presale" for "Summer Nights\""""
    expect_equal(f"offer {offer} among those {name} sees", offer in management.offers_seen_by(context.state, name, title), False)
