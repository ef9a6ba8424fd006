"""What the platform stored, reconciled with what it answered (also checked after every scenario)."""

from behave import then

from support.reconciliation import scenario_check


@then("what was stored matches what the platform said")
def stored_matches_answers(context):
    """Every order the platform answered about so far, against the inventory database now: totals,
    seats, payments, entitlements, seat statuses. The same check runs by itself after the last step
    of every scenario; say it where a journey wants it at a point of its own:

        Then what was stored matches what the platform said
    """
    scenario_check.expect_stored_state_matches(context.state)
