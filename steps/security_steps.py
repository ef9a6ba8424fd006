"""Who may do what, who sees which personal data, bad tokens, security headers, rate limits and TLS."""

from behave import given, register_type, then, when

from support.assertions import expect_equal, expect_no_differences, expect_true
from support.clients import tls_probe
from support.gherkin.types import one_of, phrase_type
from support.journeys import (
    security,
    security_abuse,
    security_audit,
    security_injection,
    security_matrix,
    security_personal_data,
    security_platform,
)
from support.journeys.security_tokens import FORGERIES, RESIGNED
from support.personal_data import VIEWERS, load_table

# the phrases each parameter accepts; the text is the line `./jump steps:list` shows for the type
register_type(
    Action=phrase_type(one_of([*security.REST_ACTIONS, *security.GRAPHQL_ACTIONS]),
                       'Something a caller tries: "add a venue", "cancel an order"...'),
    Role=phrase_type(r"admin|ops|analyst|fan|anonymous"),
    Credential=phrase_type(one_of(FORGERIES)),
    Api=phrase_type(r"management API|fan API"),
    Request=phrase_type(one_of(security_platform.REQUESTS)),
    MatrixOperation=phrase_type(one_of(security_matrix.load_matrix()),
                                'An operation of the access matrix: "GET /v1/venues", "mutation checkout"...'),
    MatrixRule=phrase_type(r"allow|deny|own-only"),
    Defect=phrase_type(one_of(RESIGNED), "What is wrong with a token the platform's own key signed: \"for another audience\"..."),
    AccountEvent=phrase_type(one_of(security.ACCOUNT_EVENTS)),
    Document=phrase_type(one_of(security_abuse.DOCUMENTS), 'A GraphQL document of the abuse checks: "a document with 4 aliases"...'),
    Input=phrase_type(one_of(security_injection.INPUTS),
                      'An input of the injection checks: "the id of an event in the fan API"...'),
    Viewer=phrase_type(one_of(VIEWERS), "Who looks at a fan's personal data: a staff role, \"own fan\", \"other fan\" or \"anonymous\"."),
    PersonalData=phrase_type(one_of(load_table()),
                             "A piece of a fan's personal data from the personal data table: \"e-mail address\", \"phone number\"..."),
    Visibility=phrase_type(r"shown|masked|hidden"),
    AuditedAction=phrase_type(one_of(security_audit.ACTIONS),
                              'Something the audit log must record: "signs in with a wrong password", "changes a price"...'),
    AuditOutcome=phrase_type(one_of(security_audit.OUTCOMES)),
)


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


# -- personal data ---------------------------------------------------------------------------------
@given("a fan with a complete profile who has bought tickets")
def fan_with_complete_profile(context):
    """Given a fan with a complete profile who has bought tickets"""
    security_personal_data.fan_with_complete_profile(context.state)


@when("the {viewer:Viewer} reads that fan in every way both APIs offer")
def reads_fan_every_way(context, viewer):
    """When the analyst reads that fan in every way both APIs offer"""
    security_personal_data.read_as(context.state, viewer)


@then("the fan's {data:PersonalData} is {rule:Visibility} in every answer, as the personal data table says")
def personal_data_as_table(context, data, rule):
    """Then the fan's e-mail address is masked in every answer, as the personal data table says"""
    expect_no_differences("answers against the personal data table",
                          security_personal_data.problems(context.state, data, rule))


# -- the audit log ----------------------------------------------------------------------------------
@when("someone with the {role:Role} role {action:AuditedAction}")
def audited_action(context, role, action):
    """When someone with the analyst role tries to add a venue"""
    security_audit.perform(context.state, role, action)


@then("the audit log holds exactly one entry for it, naming who did it and the outcome {outcome:AuditOutcome}")
def one_audit_entry(context, outcome):
    """Then the audit log holds exactly one entry for it, naming who did it and the outcome denied"""
    expect_no_differences("the audit log's entries for the action", security_audit.entry_problems(context.state, outcome))


@then("that entry holds neither a password that was typed nor a token")
def no_secrets_in_audit(context):
    """Then that entry holds neither a password that was typed nor a token"""
    expect_no_differences("secrets in the audit log", security_audit.secrets_in_log(context.state))


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


# -- abuse ------------------------------------------------------------------------------------
@when("someone tries {count:d} wrong passwords for one fan, claiming a new address each time, on a platform that allows {limit:d} failures per account")
def guesses_one_account(context, count, limit):
    """When someone tries 5 wrong passwords for one fan, claiming a new address each time, on a platform that allows 3 failures per account"""
    security_abuse.guess_passwords(context.state, count, per_account=limit, per_client=1000, many_accounts=False)


@when("someone tries {count:d} wrong passwords for different accounts, claiming a new address each time, on a platform that allows {limit:d} failures per client")
def guesses_many_accounts(context, count, limit):
    """When someone tries 8 wrong passwords for different accounts, claiming a new address each time, on a platform that allows 5 failures per client"""
    security_abuse.guess_passwords(context.state, count, per_account=1000, per_client=limit, many_accounts=True)


@then("the first {count:d} guesses are refused as wrong credentials")
def first_guesses_refused(context, count):
    """Then the first 3 guesses are refused as wrong credentials"""
    statuses = [r.status for r in context.state.variables["replies"][:count]]
    expect_equal(f"statuses of the first {count} guesses", statuses, [401] * count)
    context.state.variables["checked"] = count


@then("the next guesses are refused as too many, with the seconds to wait before retrying")
def next_guesses_throttled(context):
    """Then the next guesses are refused as too many, with the seconds to wait before retrying"""
    replies = context.state.variables["replies"][context.state.variables["checked"]:-1]
    expect_equal("statuses of the later guesses", [r.status for r in replies], [429] * len(replies))
    waits = [r.headers.get("retry-after", "") for r in replies]
    expect_true("every refusal says how long to wait (Retry-After, whole seconds >= 1)",
                all(w.isdigit() and int(w) >= 1 for w in waits), f"Retry-After values: {waits}")


@then("even the right password is refused until then")
def right_password_refused(context):
    """Then even the right password is refused until then"""
    expect_equal("status of the right password during the lock-out", context.state.variables["replies"][-1].status, 429)


@when("one client sends {count:d} requests, each with a token it made up, to a platform that allows bursts of {burst:d} and {rate:d} more a second")
def invented_tokens(context, count, burst, rate):
    """When one client sends 10 requests, each with a token it made up, to a platform that allows bursts of 5 and 1 more a second"""
    replies = security_abuse.invented_tokens(context.state, count, burst=burst, per_second=rate)
    context.state.variables["burst"] = {"client": replies}


@then("the first {count:d} requests are refused as unauthenticated")
def first_unauthenticated(context, count):
    """Then the first 5 requests are refused as unauthenticated"""
    statuses = [r.status for r in context.state.variables["replies"][:count]]
    expect_equal(f"statuses of the first {count} requests", statuses, [401] * count)


@when("someone sends {document:Document} and {allowed:Document} to a fan API that allows a depth of 3, 3 aliases and a cost of 50")
def sends_documents(context, document, allowed):
    """When someone sends a document with 4 aliases and a document with 3 aliases to a fan API that allows a depth of 3, 3 aliases and a cost of 50"""
    security_abuse.send_documents(context.state, [document, allowed])


@then("{document:Document} is refused as too complex, before anything runs")
def document_refused(context, document):
    """Then a document with 4 aliases is refused as too complex, before anything runs"""
    reply = context.state.variables["documents"][document]
    expect_equal(f"what the platform did with {document}", security_abuse.graphql_outcome(reply), "refused as too complex")
    expect_true("nothing ran (no data)", reply.body.get("data") is None, f"data: {reply.body.get('data')!r}")


@then("{document:Document} is answered")
def document_answered(context, document):
    """Then a document with 3 aliases is answered"""
    reply = context.state.variables["documents"][document]
    expect_equal(f"what the platform did with {document}", security_abuse.graphql_outcome(reply), "answered")


@when("someone sends requests of normal size and requests over the size limit to both APIs")
def sends_bodies(context):
    """When someone sends requests of normal size and requests over the size limit to both APIs"""
    security_abuse.send_bodies(context.state, limit=4096)


@then("the oversized requests are refused as too large")
def oversized_refused(context):
    """Then the oversized requests are refused as too large"""
    replies = context.state.variables["bodies"]
    got = {name: r.status for name, r in replies.items() if name.endswith("oversized")}
    expect_equal("statuses of the oversized requests", got, dict.fromkeys(got, 413))


@then("the requests of normal size are answered")
def normal_answered(context):
    """Then the requests of normal size are answered"""
    replies = context.state.variables["bodies"]
    got = {name: r.status for name, r in replies.items() if name.endswith("small")}
    expect_equal("statuses of the requests of normal size", got, dict.fromkeys(got, 200))


# -- strict input -----------------------------------------------------------------------------------
@then("the answer names the methods allowed: {allowed}")
def names_allowed_methods(context, allowed):
    """Then the answer names the methods allowed: GET, POST"""
    expect_equal("the methods the Allow header names", security_platform.allowed_methods(context.state), allowed)


# -- injection --------------------------------------------------------------------------------
@when("every injection payload is sent in {input_name:Input}")
def sends_injections(context, input_name):
    """When every injection payload is sent in the id of a venue in the management API"""
    security_injection.send_payloads(context.state, input_name)


@then("every payload is refused with a description of the problem")
def payloads_refused(context):
    """Then every payload is refused with a description of the problem"""
    expect_no_differences("payloads not refused with a problem description", security_injection.not_refused(context.state))


@then("no table of the platform's databases gained or lost a row")
def no_rows_changed(context):
    """Then no table of the platform's databases gained or lost a row"""
    expect_no_differences("row counts around the payloads", security_injection.tables_changed(context.state))


@then("the platform speaks only TLS 1.2 or newer with strong ciphers, and its certificate is valid for at least {days:d} more days")
def current_tls(context, days):
    """Then the platform speaks only TLS 1.2 or newer with strong ciphers, and its certificate is valid for at least 14 more days"""
    report = context.state.variables["tls report"]
    expect_no_differences(f"TLS problems of {report.host}:{report.port} ({report.protocol}, {report.cipher})",
                          tls_probe.problems(report, min_days_left=days))


@when("a browser on the ticket shop's web site asks to call the API")
def shop_browser_asks(context):
    """When a browser on the ticket shop's web site asks to call the API"""
    security_platform.browser_asks_to_call(context.state, "the ticket shop")


@when("a browser on another web site asks to call the API")
def other_browser_asks(context):
    """When a browser on another web site asks to call the API"""
    security_platform.browser_asks_to_call(context.state, "another site")


@then("the platform lets that browser call it")
def browser_let_in(context):
    """Then the platform lets that browser call it"""
    state = context.state
    answer, origin = state.variables["answer"], state.variables["browser origin"]
    expect_true(f"a browser on {origin} may call the API", security_platform.browser_may_call(answer, origin),
                f"HTTP {answer.status}, Access-Control-Allow-Origin {answer.headers.get('access-control-allow-origin')!r}")


@then("the platform does not let that browser call it")
def browser_kept_out(context):
    """Then the platform does not let that browser call it"""
    state = context.state
    answer, origin = state.variables["answer"], state.variables["browser origin"]
    expect_true(f"a browser on {origin} is kept out", not security_platform.browser_may_call(answer, origin),
                f"HTTP {answer.status}, Access-Control-Allow-Origin {answer.headers.get('access-control-allow-origin')!r}")
