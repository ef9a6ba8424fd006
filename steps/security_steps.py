"""Who may do what, bad tokens, security headers, rate limits and TLS."""

import parse
from behave import register_type, then, when

from support.assertions import expect_equal, expect_no_differences, expect_true
from support.gherkin.types import one_of
from support.journeys import security, security_matrix, security_platform
from support.journeys.security_tokens import FORGERIES, RESIGNED


@parse.with_pattern(one_of([*security.REST_ACTIONS, *security.GRAPHQL_ACTIONS]))
def parse_action(text):
    """Something a caller tries: "add a venue", "cancel an order"..."""
    return text


@parse.with_pattern(r"admin|ops|analyst|fan|anonymous")
def parse_role(text):
    return text


@parse.with_pattern(one_of(FORGERIES))
def parse_credential(text):
    return text


@parse.with_pattern(r"management API|fan API")
def parse_api(text):
    return text


@parse.with_pattern(one_of(security_platform.REQUESTS))
def parse_request(text):
    return text


@parse.with_pattern(one_of(security_matrix.load_matrix()))
def parse_operation(text):
    """An operation of the access matrix: "GET /v1/venues", "mutation checkout"..."""
    return text


@parse.with_pattern(r"allow|deny|own-only")
def parse_rule(text):
    return text


@parse.with_pattern(one_of(RESIGNED))
def parse_defect(text):
    """What is wrong with a token the platform's own key signed: "for another audience"..."""
    return text


@parse.with_pattern(one_of(security.ACCOUNT_EVENTS))
def parse_account_event(text):
    return text


register_type(MatrixOperation=parse_operation, MatrixRule=parse_rule, Defect=parse_defect, AccountEvent=parse_account_event)
register_type(Action=parse_action, Role=parse_role, Credential=parse_credential, Api=parse_api, Request=parse_request)


# -- roles ------------------------------------------------------------------------------------
@when("a caller with the {role:Role} role tries to {action:Action}")
def tries_action(context, role, action):
    """When a caller with the analyst role tries to add a venue"""
    security.act_as(context.state, role, action)


@then("the caller is {verdict}")
def caller_verdict(context, verdict):
    """Then the caller is refused as forbidden"""
    expect_equal("what the platform did with the attempt", security.verdict(context.state.last), verdict)


@then("what the platform records agrees with that")
def records_agree(context):
    """Then what the platform records agrees with that"""
    observed = security.effect_matches(context.state)
    if observed is not None:
        action, allowed, happened = observed
        expect_equal(f"whether '{action}' took effect (read back by an administrator)", happened, allowed)


# -- the access matrix ----------------------------------------------------------------------------
@when("the operations of the platform's contract are compared with the access matrix")
def compare_matrix(context):
    """When the operations of the platform's contract are compared with the access matrix"""
    security_matrix.unclassified(context.state)


@then("no operation is unclassified")
def none_unclassified(context):
    """Then no operation is unclassified"""
    comparison = context.state.variables["matrix comparison"]
    expect_no_differences("operations of the contract against the rows of access_matrix.csv",
                          [f"{kind}: {op}" for kind, ops in comparison.items() for op in ops])


@when("a caller with the {role:Role} role calls {operation:MatrixOperation} from the access matrix")
def calls_matrix_operation(context, role, operation):
    """When a caller with the analyst role calls POST /v1/venues from the access matrix"""
    security_matrix.try_cell(context.state, role, operation)


@then("the platform answers as the access matrix cell {rule:MatrixRule} says")
def answers_as_matrix(context, rule):
    """Then the platform answers as the access matrix cell deny says"""
    expect_no_differences("answers against the access matrix", security_matrix.cell_problems(context.state.variables["cell"], rule))


# -- tokens -----------------------------------------------------------------------------------
@when("someone calls the {api:Api} with {credential:Credential}")
def calls_with(context, api, credential):
    """When someone calls the management API with a tampered token"""
    security.call_with(context.state, api, credential)


@when("someone calls the {api:Api} with a token that has expired")
def calls_after_expiry(context, api):
    """When someone calls the fan API with a token that has expired"""
    security.call_before_and_after_expiry(context.state, api)


@when("someone calls the {api:Api} with a token signed with the platform's own key but {defect:Defect}")
def calls_with_resigned(context, api, defect):
    """When someone calls the fan API with a token signed with the platform's own key but for another audience"""
    security.call_with_resigned(context.state, api, defect)


@when("someone calls the {api:Api} with a token issued before {event:AccountEvent}")
def calls_after_account_event(context, api, event):
    """When someone calls the management API with a token issued before a password change"""
    security.call_after_account_event(context.state, api, event)


@then("a token issued after it is accepted")
def issued_after_accepted(context):
    """Then a token issued after it is accepted"""
    expect_equal("a token issued afterwards", security.verdict(context.state.variables["issued after"]), "allowed")


@then("the same token was accepted while it was valid")
def accepted_while_valid(context):
    """Then the same token was accepted while it was valid"""
    expect_equal("the token while it was valid", security.verdict(context.state.variables["while valid"]), "allowed")


# -- headers ----------------------------------------------------------------------------------
@when("the platform answers {request:Request}")
def platform_answers(context, request):
    """When the platform answers a health check"""
    security_platform.answer_to(context.state, request)


@then("the answer protects browsers from content sniffing, framing and referrer leaks")
def browser_protections(context):
    """Then the answer protects browsers from content sniffing, framing and referrer leaks"""
    answer = context.state.variables["answer"]
    expect_no_differences(f"security headers of the answer (HTTP {answer.status})", security_platform.missing_protections(answer))


@then("the answer may not be stored by any cache")
def not_cached(context):
    """Then the answer may not be stored by any cache"""
    cache_control = context.state.variables["answer"].headers.get("cache-control", "")
    expect_true("Cache-Control forbids storing the answer", "no-store" in cache_control, f"Cache-Control: {cache_control!r}")


# -- rate limits ------------------------------------------------------------------------------
@when("one client sends {count:d} requests in a row to a platform that allows bursts of {burst:d} and {rate:d} more a second")
def sends_burst(context, count, burst, rate):
    """When one client sends 12 requests in a row to a platform that allows bursts of 5 and 1 more a second"""
    security_platform.burst(context.state, count, per_second=rate, burst_size=burst)


@then("the first {count:d} requests are answered")
def first_answered(context, count):
    """Then the first 5 requests are answered"""
    statuses = [a.status for a in context.state.variables["burst"]["client"][:count]]
    expect_equal(f"statuses of the first {count} requests", statuses, [200] * count)


@then("the client is then told to slow down, with the seconds to wait before retrying")
def told_to_slow_down(context):
    """Then the client is then told to slow down, with the seconds to wait before retrying"""
    waits = security_platform.retry_after_seconds(context.state.variables["burst"]["client"])
    expect_true("some requests were refused with HTTP 429", bool(waits))
    expect_true("every refusal says how long to wait (Retry-After, whole seconds >= 1)",
                all(w.isdigit() and int(w) >= 1 for w in waits), f"Retry-After values: {waits}")


@then("another client is still answered")
def other_client_answered(context):
    """Then another client is still answered"""
    expect_equal("status for another client", context.state.variables["burst"]["other client"][0].status, 200)


# -- TLS --------------------------------------------------------------------------------------
@when("clients connect to the platform served over HTTPS with a certificate from the local authority")
def connect_tls(context):
    """When clients connect to the platform served over HTTPS with a certificate from the local authority"""
    security_platform.connect_over_tls(context.state)


@then("the client that trusts the local authority is answered, and told to use HTTPS only from now on")
def trusted_client(context):
    """Then the client that trusts the local authority is answered, and told to use HTTPS only from now on"""
    answer = context.state.variables["tls"]["trusting"]
    expect_equal("status for the client trusting the local CA", (answer.status, answer.failure), (200, None))
    max_age = security_platform.hsts_max_age(answer)
    expect_true("HSTS with a max-age of at least a day", (max_age or 0) >= 86_400,
                f"Strict-Transport-Security: {answer.headers.get('strict-transport-security')!r}")


@then("the client that does not trust it refuses the connection")
def untrusting_client(context):
    """Then the client that does not trust it refuses the connection"""
    answer = context.state.variables["tls"]["untrusting"]
    expect_equal("status for a client without the local CA", answer.status, None)
    expect_true("the connection failed certificate verification", "TLS verification failed" in (answer.failure or ""),
                f"failure: {answer.failure!r}")
