"""The access matrix (features/security/access_matrix.csv) as data, and each of its cells as a check.

The CSV is the one place a security reviewer reads and changes who may call what.
``support/access_matrix.py`` reads it and writes access_matrix.feature from it (one Examples row
per cell, so every cell is a reported scenario named after it; a test keeps the two equal). Here
``unclassified`` compares it with the platform's contract (the served OpenAPI document, the pinned
and the served GraphQL schema), so a new operation without a row fails the run; ``try_cell``
calls the operation as the role with real data and ``cell_problems`` says how the answer
differs from the cell. An own-only cell is tried twice: on the caller's own object (must be
allowed) and on another fan's (must be refused and leave the object unchanged: IDOR).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from data_factories import AppUserFactory, FanFactory
from support.access_matrix import ACCOUNT_OPERATIONS, MATRIX_FILE, Rule, load_matrix
from support.clients.auth import Credentials
from support.journeys.security_matrix_calls import GRAPHQL, REST, Builder, Call, RestCall
from support.reporting.api_coverage import load_graphql_schema, root_fields
from support.state import REFUSALS, Actor, Outcome, ScenarioState


# -- the contract ---------------------------------------------------------------------------------
def contract_operations(state: ScenarioState) -> set[str]:
    """Every operation the platform offers: served OpenAPI paths, pinned and served GraphQL root fields."""
    found: set[str] = set()
    validator = state.session.rest.validator
    spec = validator.spec if validator is not None else state.session.rest.call("GET", "/openapi.json", validate=False).body
    for path, item in spec.get("paths", {}).items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                found.add(f"{method.upper()} {path}")
    for qualified in root_fields(load_graphql_schema()):
        found.add(_graphql_operation(qualified))
    served = state.session.graphql.execute(
        "query Roots { __schema { queryType { fields { name } } mutationType { fields { name } } } }").raise_for_errors()
    schema = (served.data or {})["__schema"]
    for kind, root in (("query", "queryType"), ("mutation", "mutationType")):
        found |= {f"{kind} {f['name']}" for f in (schema.get(root) or {}).get("fields", [])}
    return found


def _graphql_operation(qualified: str) -> str:
    root, _, name = qualified.partition(".")
    return f"{'query' if root == 'Query' else 'mutation' if root == 'Mutation' else root.lower()} {name}"


def unclassified(state: ScenarioState) -> dict[str, list[str]]:
    """Operations of the contract without a row, and rows naming no operation of the contract."""
    matrix = load_matrix()
    contract = contract_operations(state)
    result = {
        "unclassified operation": sorted(contract - set(matrix)),
        "row without an operation": sorted(set(matrix) - contract),
    }
    state.variables["matrix comparison"] = result
    return result


# -- trying one cell ---------------------------------------------------------------------------------
@dataclass
class Attempt:
    """One call of a cell: what was sent (for the failure message), the outcome, and the read-back."""

    label: str
    call: Call | None
    outcome: Outcome
    before: Any = None
    after: Any = None


@dataclass
class CellResult:
    role: str
    operation: str
    attempts: list[Attempt] = field(default_factory=list)


def _fan(state: ScenarioState, name: str) -> Actor:
    if name not in state.actors:
        fan = FanFactory(first_name=name.replace(" ", ""))
        state.actors[name] = Actor(name, str(fan.id), Credentials(username=fan.username, password=fan.password))
        state.variables[f"fan row {name}"] = fan
    return state.actors[name]


def _staff_account(state: ScenarioState, role: str) -> Credentials:
    """A throw-away account of ``role``: revoking or re-passwording it touches no shared login."""
    user = AppUserFactory(role=role, username=f"{role}.{uuid.uuid4().hex[:10]}")
    return Credentials(username=user.username, password=user.password)


def _caller_credentials(state: ScenarioState, role: str, *, own_account: bool) -> Credentials | None:
    if role == "anonymous":
        return None
    if role == "fan":
        return _fan(state, "Fan").credentials
    return _staff_account(state, role) if own_account else state.session.credentials[role]


def _token(state: ScenarioState, credentials: Credentials | None, *, fresh: bool) -> str | None:
    if credentials is None:
        return None
    return state.session.tokens.login(credentials).access_token if fresh else state.session.tokens.token(credentials)


def _account_call(state: ScenarioState, operation: str, role: str) -> RestCall:
    if operation == "POST /v1/auth/token":
        other = _fan(state, "Other fan").credentials
        return RestCall("POST", "/v1/auth/token", json={"username": other.username,
                                                        "password": other.password.get_secret_value()})
    if operation == "POST /v1/auth/revoke":
        return RestCall("POST", "/v1/auth/revoke")
    password = state.variables.get("account password") or ""
    return RestCall("POST", "/v1/auth/password", json={"currentPassword": password,
                                                       "newPassword": f"pw-{uuid.uuid4().hex}"})


def _send(state: ScenarioState, call: Call, token: str | None) -> Outcome:
    try:
        if isinstance(call, RestCall):
            response = state.session.rest.call(call.method, call.template, role=None, token=token,
                                               path_params=call.path_params, json=call.json)
            outcome = Outcome(value=response.raise_for_problem().body if response.status != 204 else {})
            if call.register and isinstance(outcome.value, dict) and "id" in outcome.value:
                state.registry.register(*call.register, outcome.value["id"])
        else:
            result = state.session.graphql.execute(call.operation, call.variables, token=token).raise_for_errors()
            outcome = Outcome(value=(result.data or {}).get(_camel(call.field)))
    except REFUSALS as error:
        outcome = Outcome(error=error)
    state.last = outcome
    return outcome


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _read_back(state: ScenarioState, call: Call | None) -> Any:
    if call is None or call.read_back is None:
        return None
    template, params = call.read_back
    response = state.session.rest.call("GET", template, role="admin", path_params=params)
    body = response.body
    if isinstance(body, dict):  # times that move on their own are not a change made by the caller
        body = {k: v for k, v in body.items() if k not in ("updatedAt",)}
    return (response.status, body)


def _attempt(state: ScenarioState, label: str, build: Builder, owner: Actor, token: str | None) -> Attempt:
    call = build(state, owner)
    before = _read_back(state, call)
    outcome = _send(state, call, token)
    return Attempt(label, call, outcome, before, _read_back(state, call))


def try_cell(state: ScenarioState, role: str, operation: str) -> CellResult:
    """Calls ``operation`` as ``role``: once, or for own-only cells on the caller's and on another fan's object."""
    matrix = load_matrix()
    if operation not in matrix:
        raise LookupError(f"{operation!r} has no row in {MATRIX_FILE.name}")
    result = CellResult(role, operation)
    if operation in ACCOUNT_OPERATIONS:
        credentials = _caller_credentials(state, role, own_account=True)
        token = _token(state, credentials, fresh=True)
        state.variables["account password"] = credentials.password.get_secret_value() if credentials else ""
        call = _account_call(state, operation, role)
        result.attempts.append(Attempt("the call", call, _send(state, call, token)))
        state.variables["cell"] = result
        return result
    build = REST.get(operation) or GRAPHQL.get(operation)
    if build is None:
        raise LookupError(f"no request is known for {operation!r}: add a builder to security_matrix_calls.py")
    token = _token(state, _caller_credentials(state, role, own_account=False), fresh=False)
    caller_fan = _fan(state, "Fan")
    result.attempts.append(_attempt(state, "the caller's own object" if matrix[operation].rule(role) == "own-only"
                                    else "the call", build, caller_fan, token))
    if matrix[operation].rule(role) == "own-only":
        result.attempts.append(_attempt(state, "another fan's object", build, _fan(state, "Other fan"), token))
    state.variables["cell"] = result
    return result


def verdict(outcome: Outcome) -> str:
    """allowed, refused as unauthenticated / forbidden / not found, or what else came back."""
    if outcome.error is None:
        return "allowed" if outcome.value is not None else "not found"
    code = getattr(outcome.error, "code", None)
    if code == "UNAUTHENTICATED":
        return "refused as unauthenticated"
    if code == "FORBIDDEN":
        return "refused as forbidden"
    if code == "NOT_FOUND" or getattr(outcome.error, "status", None) == 404:
        return "not found"
    return f"failed otherwise ({outcome.error})"


def _expected(rule: Rule, role: str) -> str:
    if rule == "allow":
        return "allowed"
    return "refused as unauthenticated" if role == "anonymous" else "refused as forbidden"


def cell_problems(result: CellResult, rule: str) -> list[str]:
    """How the platform's answers differ from the cell (empty when they agree)."""
    where = f"cell ({result.role}, {result.operation}) = {rule}"
    problems = []
    if rule == "own-only":
        own, other = result.attempts
        if verdict(own.outcome) != "allowed":
            problems.append(f"{where}: on {own.label} expected allowed, got {verdict(own.outcome)}")
        if verdict(other.outcome) not in ("refused as forbidden", "not found"):
            problems.append(f"{where}: on {other.label} expected refused (forbidden or not found), "
                            f"got {verdict(other.outcome)}")
        if other.before != other.after:
            problems.append(f"{where}: {other.label} changed: before {other.before!r}, after {other.after!r}")
        return problems
    attempt = result.attempts[0]
    expected = _expected(rule, result.role)  # type: ignore[arg-type]
    got = verdict(attempt.outcome)
    if got != expected:
        problems.append(f"{where}: expected {expected}, got {got}")
    if rule == "deny" and attempt.before != attempt.after:
        problems.append(f"{where}: the refused call changed what it targets: before {attempt.before!r}, "
                        f"after {attempt.after!r}")
    return problems
