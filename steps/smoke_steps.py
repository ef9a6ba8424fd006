"""The production smoke check: read-only looks at what the platform already has (features/smoke/)."""

from behave import given, then, when

from support.assertions import expect_equal, expect_no_differences, expect_true
from support.journeys import smoke
from support.journeys.security_platform import hsts_max_age


@when("someone checks the platform's health")
def check_health(context):
    """When someone checks the platform's health"""
    context.state.variables["health"] = smoke.platform_health(context.state)


@then("the platform reports itself healthy, with its databases answering")
def reports_healthy(context):
    """Then the platform reports itself healthy, with its databases answering"""
    expect_no_differences("parts of the platform that are not healthy", smoke.unhealthy_parts(context.state.variables["health"]))


@given("an event the platform already has on sale")
def existing_event_on_sale(context):
    """Given an event the platform already has on sale"""
    smoke.event_on_sale(context.state)


@when("a fan looks at the availability of that event")
def availability_of_that_event(context):
    """When a fan looks at the availability of that event"""
    state = context.state
    state.variables["availability"] = smoke.fan_availability(state, state.variables["existing event"])


@then("every section shows the seats left and all-in prices that add up")
def sections_add_up(context):
    """Then every section shows the seats left and all-in prices that add up"""
    expect_no_differences("problems in the availability shown to fans", smoke.availability_problems(context.state.variables["availability"]))


@when("an analyst looks that event up in the management view")
def analyst_looks_that_event_up(context):
    """When an analyst looks that event up in the management view"""
    state = context.state
    state.variables["management_event"] = smoke.management_view(state, state.variables["existing event"], "analyst")


@then("the management view shows that event as on sale")
def management_shows_that_event(context):
    """Then the management view shows that event as on sale"""
    state = context.state
    event = state.variables["existing event"]
    shown = state.variables["management_event"]
    expect_equal(f'name of event {event.id} in the management view', shown.get("name"), event.name)
    expect_equal(f'status of "{event.name}" in the management view', shown.get("status"), "ON_SALE")


@when("the platform is reached for a health check")
def reached_for_health(context):
    """When the platform is reached for a health check"""
    context.state.variables["scheme"], context.state.variables["answer"] = smoke.secure_answer(context.state)


@then("the connection was verified HTTPS, and the answer tells browsers to use HTTPS only")
def verified_https(context):
    """Then the connection was verified HTTPS, and the answer tells browsers to use HTTPS only"""
    answer = context.state.variables["answer"]
    expect_equal("scheme the platform was reached with", context.state.variables["scheme"], "https")
    expect_true("the certificate was verified and the platform answered", answer.status == 200, answer.failure or f"HTTP {answer.status}")
    max_age = hsts_max_age(answer)
    expect_true("Strict-Transport-Security keeps browsers on HTTPS", bool(max_age), f"max-age {max_age}")


@when("the GraphQL schema the platform serves is compared with the pinned one")
def compare_schema(context):
    """When the GraphQL schema the platform serves is compared with the pinned one"""
    context.state.variables["breaking changes"] = smoke.breaking_schema_changes(context.state)


@then("the platform's GraphQL schema has no breaking change")
def no_breaking_change(context):
    """Then the platform's GraphQL schema has no breaking change"""
    expect_no_differences("breaking changes from the pinned GraphQL schema", context.state.variables["breaking changes"])


@when("the platform's HTTPS connection is examined")
def examine_https(context):
    """When the platform's HTTPS connection is examined"""
    smoke.examine_tls(context.state)
