"""The generic API vocabulary: any GraphQL document or REST request, as any caller, and its answer.

Business journeys (buying.py, questions.py) speak in typed operations; these functions let a QA
engineer reach the whole API from Gherkin alone. Every text a step hands over is interpolated
(``{order_id}``, ``{namespace}``, ``{uuid}``) here, so steps stay a parse and one call.
Rows a REST POST creates are registered for cleanup (``CREATED_BY_POST``), so a scenario that
creates a venue through the API leaves nothing behind.
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from data_factories.ledger import ApiRequest
from support.clients.auth import Credentials
from support.clients.rest import RestResponse
from support.contracts.pins import contract_paths, has_graphql
from support.errors import GherkinDataError, JumpError, NoResponse, UnknownRole
from support.gherkin.interpolation import interpolate, kept_value
from support.gherkin.json_paths import resolve
from support.gherkin.tables import nested_variables, normalise
from support.journeys import api_schema
from support.journeys.security_tokens import forged_token
from support.session import PlatformSession
from support.state import ScenarioState

CallerKind = Literal["role", "anonymous", "expired", "tampered"]
EXPIRED_TOKEN_ROLE = "fan"  # whose expired or tampered token a scenario sends; any role proves the point
# (a tampered token is security_tokens' forgery: the platform's signature over a payload claiming admin)

# REST collections whose POST creates a row the scenario owns: (database, table) to register.
# Sub-resources (components, access codes, seat maps) belong to these rows and go with them.
CREATED_BY_POST: dict[str, tuple[str, str]] = {
    "/v1/venues": ("events", "venue"), "/v1/seasons": ("events", "season"), "/v1/performers": ("events", "performer"),
    "/v1/events": ("events", "event"), "/v1/event-groups": ("events", "event_group"),
    "/v1/price-points": ("inventory", "price_point"), "/v1/offers": ("inventory", "offer"),
    "/v1/fans": ("inventory", "fan"), "/v1/entitlement-templates": ("inventory", "entitlement_template"),
}


@dataclass(frozen=True)
class Caller:
    """Who sends a request: a configured role, nobody, or a role holding a broken token."""

    kind: CallerKind
    role: str | None = None

    def __str__(self) -> str:
        return {"role": f'as "{self.role}"', "anonymous": "as an anonymous caller",
                "expired": "with an expired token", "tampered": "with a tampered token"}[self.kind]


@dataclass
class ApiResponse:
    """The last answer of a generic step, REST or GraphQL, as one JSON document."""

    kind: Literal["rest", "graphql"]
    operation: str
    status: int
    body: Any
    request_id: str | None = None
    document: str | None = None                 # the GraphQL document as sent
    variables: dict[str, Any] = field(default_factory=dict)
    rest: RestResponse | None = None

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or []) if self.kind == "graphql" and isinstance(self.body, dict) else []

    def describe(self) -> str:
        """Where to look: the operation, its status and request id (also in the report's attachment)."""
        rid = f", request id {self.request_id}" if self.request_id else ""
        return f"{self.operation} -> {self.status}{rid}; body: {json.dumps(self.body, default=str)[:400]}"


def fill(state: ScenarioState, text: str) -> str:
    """``text`` with the scenario's variables and the built-ins filled in."""
    return interpolate(text, state.variables, namespace=state.registry.namespace)


def set_variables(state: ScenarioState, rows: list[list[str]] | None = None, text: str | None = None) -> dict[str, Any]:
    """The variables of the next GraphQL request: ``| name | value |`` rows, or a JSON object."""
    if rows is not None:
        variables = nested_variables([[name, fill(state, value)] for name, value in rows])
    else:
        variables = _json_text(fill(state, text or "{}"), "the variables")
        if not isinstance(variables, dict):
            raise GherkinDataError("the variables must be a JSON object")
    state.request_variables = variables
    return variables


def _json_text(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise GherkinDataError(f"{what} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}):\n{text}") from None


def _bearer(state: ScenarioState, caller: Caller) -> tuple[str | None, str | None]:
    """(role, token) for the clients: a role logs in; a broken token is sent as it is."""
    if caller.kind == "role":
        state.session.auth.provider(str(caller.role))  # UnknownRole names the configured ones; secrets resolved now
        return caller.role, None
    if caller.kind == "anonymous":
        return None, None
    if caller.kind == "expired":
        return None, expired_token(state)
    return None, forged_token(state.session.tokens, _credentials(state, EXPIRED_TOKEN_ROLE), "a tampered token")


def _credentials(state: ScenarioState, role: str) -> Credentials:
    if role not in state.session.credentials:
        known = ", ".join(sorted(state.session.credentials))
        raise UnknownRole(f'no credentials for role "{role}" in this environment (configured: {known})')
    return state.session.credentials[role]


def expired_token(state: ScenarioState) -> str:
    """A genuine token that has run out: issued with a one-second lifetime, then waited out (bounded)."""
    token = state.session.tokens.login(_credentials(state, EXPIRED_TOKEN_ROLE), expires_in=1).access_token
    payload = token.split(".")[1]
    expires_at = float(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"])
    time.sleep(min(max(0.0, expires_at - time.time() + 1.0), 3.0))  # exp has one-second resolution
    return token


def _needs(state: ScenarioState, key: Literal["graphql_url", "rest_url"], api: str) -> None:
    """One clear line, not a connection error, when the environment's target has no such API."""
    settings = state.session.settings
    if not getattr(settings.platform, key):
        raise JumpError(f"environment {settings.environment} has no {api} API (platform.{key} is not set): "
                        f"a {api} step cannot run against it")


def send_graphql(state: ScenarioState, document: str, caller: Caller) -> ApiResponse:
    """Sends a GraphQL document with the variables set before it (then forgotten)."""
    _needs(state, "graphql_url", "GraphQL")
    text, variables = fill(state, document), state.request_variables
    role, token = _bearer(state, caller)
    result = state.session.graphql.execute(text, variables, role=role, token=token)
    body = {"data": result.data, **({"errors": result.errors} if result.errors else {})}
    state.request_variables = {}
    state.response = ApiResponse("graphql", f"GraphQL {result.name}", result.status, body,
                                 result.exchange.request_headers.get("X-Request-Id"), document=text, variables=variables)
    return state.response


def send_rest(state: ScenarioState, method: str, path: str, caller: Caller, body: str | None = None) -> ApiResponse:
    """Sends one REST request; a 201 from a known collection registers the created row for cleanup."""
    _needs(state, "rest_url", "REST")
    target = fill(state, path)
    payload = _json_text(fill(state, body), "the request body") if body is not None else None
    role, token = _bearer(state, caller)
    # the client formats its path as a template: braces left in a concrete path must stay literal.
    # validate=False: a contract violation is the business of 'the response matches its schema'
    response = state.session.rest.call(method, target.replace("{", "{{").replace("}", "}}"), role=role, token=token,
                                       json=payload, validate=False)
    state.response = ApiResponse("rest", f"{method.upper()} {target}", response.status, response.body,
                                 response.exchange.request_headers.get("X-Request-Id"), rest=response)
    _register_created(state, method, target, response)
    return state.response


def _register_created(state: ScenarioState, method: str, path: str, response: RestResponse) -> None:
    collection = re.sub(r"\?.*$", "", path).rstrip("/")
    if method.upper() == "POST" and response.status == 201 and isinstance(response.body, dict) and "id" in response.body:
        if collection in CREATED_BY_POST:
            database, table = CREATED_BY_POST[collection]
            state.registry.register(database, table, response.body["id"])


def remove_after_scenario(state: ScenarioState, database: str, table: str, row_id: str) -> None:
    """Registers a row the platform created (and the scenario knows the id of) for cleanup."""
    state.registry.register(database, table, fill(state, row_id))


def last_response(state: ScenarioState) -> ApiResponse:
    if state.response is None:
        raise NoResponse("no request was sent yet in this scenario: add a 'When I send ...' step first")
    return state.response


def field_value(state: ScenarioState, path: str) -> Any:
    """The value at a JSON path of the last response body (GraphQL: the whole {data, errors} document)."""
    return resolve(last_response(state).body, fill(state, path))


def field_label(state: ScenarioState, path: str) -> str:
    """How a failed field check names what it looked at: the path, the request and its id."""
    response = last_response(state)
    rid = f", request id {response.request_id}" if response.request_id else ""
    return f'response field "{path}" of {response.operation} -> {response.status}{rid}'


def keep(state: ScenarioState, path: str, name: str) -> Any:
    """Keeps a value of the last response as a scenario variable, for ``{name}`` in later steps."""
    value = field_value(state, path)
    state.variables[name] = value
    return value


def graphql_error_code(state: ScenarioState) -> str | None:
    """``extensions.code`` of the first GraphQL error (None when the request succeeded)."""
    return graphql_error_part(state, "extension", "code")


def graphql_error_part(state: ScenarioState, part: Literal["message", "path", "extension"], key: str = "") -> str | None:
    """What the first GraphQL error says: its ``message``, its ``path`` (``createBook.book``), or one of
    its ``extensions`` (any key: ``code``, ``exception.detail``); None when there is none."""
    errors = last_response(state).errors
    if not errors:
        return None
    error = errors[0]
    if part == "message":
        return str(error.get("message", ""))
    if part == "path":
        return ".".join(str(p) for p in error.get("path") or [])
    extensions = error.get("extensions") or {}
    try:
        value = resolve(extensions, key)
    except JumpError:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def field_equals(state: ScenarioState, path: str, text: str) -> tuple[Any, Any, bool]:
    """(actual, expected, equal) of a field against quoted text. Text that is exactly one kept value
    (``"{author_id}"``) compares with the value itself (a number as a number, by value); other text
    compares as text, filled in."""
    actual = normalise(field_value(state, path))
    is_kept, kept = kept_value(text, state.variables)
    if not is_kept:
        expected = fill(state, text)
        return actual, expected, actual == expected
    expected = normalise(kept)
    numbers = all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in (actual, expected))
    return actual, expected, Decimal(str(actual)) == Decimal(str(expected)) if numbers else actual == expected


def send_after_scenario(state: ScenarioState, document: str, caller: Caller) -> None:
    """Registers a GraphQL request (a delete through the API) sent when the scenario ends, before the
    registry's own cleanup; its text is filled in now, with the values kept so far."""
    request = ApiRequest(kind="graphql", document=fill(state, document), variables=dict(state.request_variables))
    _after_scenario(state, request, caller)


def send_rest_after_scenario(state: ScenarioState, method: str, path: str, caller: Caller) -> None:
    """Registers a REST request (``DELETE /v1/venues/{venue_id}``) sent when the scenario ends."""
    _after_scenario(state, ApiRequest(kind="rest", method=method.upper(), path=fill(state, path)), caller)


def _after_scenario(state: ScenarioState, request: ApiRequest, caller: Caller) -> None:
    """Queues the request for the scenario's end. A role's or an anonymous request is also recorded in the
    ledger (the role, never its token), so when the run is killed first the next run's sweep sends it;
    one with a broken token (expired, tampered) holds that token and lives only in memory."""
    role, token = _bearer(state, caller)
    if token is not None:
        state.after_scenario.append(lambda: send_recorded(state.session, request, token=token))
        return
    recorded = request.model_copy(update={"role": role})
    entry = state.registry.register_request(recorded)

    def send() -> None:
        try:
            send_recorded(state.session, recorded)
        finally:  # tried once, as the sweep tries it: a failure is reported by the caller, not retried
            state.registry.forget_request(entry)

    state.after_scenario.append(send)


def send_recorded(session: PlatformSession, request: ApiRequest, *, token: str | None = None) -> None:
    """Sends an after-scenario request as its role (authenticated by the environment's provider for that
    role; a recorded one possibly by another process, the next run's sweep); an error answer raises."""
    if request.kind == "graphql":
        result = session.graphql.execute(request.document or "", request.variables, role=request.role, token=token)
        if result.errors:
            raise JumpError(f"after-scenario request {result.name} answered errors: {result.errors[0].get('message')}")
        return
    path = str(request.path)
    # the client formats its path as a template: braces left in a concrete path must stay literal
    response = session.rest.call(str(request.method), path.replace("{", "{{").replace("}", "}}"), role=request.role, token=token,
                                 validate=False)
    if response.status >= 400 and response.status != 404:  # already gone is fine
        raise JumpError(f"after-scenario request {request.method} {path} answered HTTP {response.status}")


def schema_problems(state: ScenarioState) -> list[str]:
    """What the last response does wrong against its contract (REST: OpenAPI; GraphQL: pinned schema)."""
    response = last_response(state)
    if response.kind == "graphql":
        settings = state.session.settings
        if not has_graphql(settings):
            raise JumpError(f"environment {settings.environment} has no pinned GraphQL schema (contracts.graphql = false): "
                            "'the response matches its schema' cannot check GraphQL responses here")
        return api_schema.graphql_problems(response.document or "", response.variables, response.body, contract_paths(settings).graphql)
    assert response.rest is not None
    return api_schema.rest_problems(state.session.rest.validator, response.rest)
