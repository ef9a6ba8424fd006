"""Injection payloads (SQL, GraphQL, CRLF, path traversal) in the inputs of a sample of operations.

Each input here is one whose type the platform knows (an id, an enum, credentials), so every
payload must be refused with a problem description (REST: a 4xx problem+json; GraphQL: an
error with a code), never a 500 or a success, and nothing may be written: the row count of every
table of both platform databases (but the audit log, which records each refused sign-in by design)
is the same before and after (the scenario runs @serial, so
other scenarios' rows do not move the counts). Free text (names) is a different check: it is
stored verbatim, which the management features prove.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from data_factories.cleanup import REQUEST_TAGGED
from support.clients.graphql import operations
from support.db.snapshot import row_counts
from support.state import REFUSALS, ScenarioState

PAYLOADS: dict[str, list[str]] = {
    "SQL": ["' OR '1'='1", "1; DROP TABLE venue; --", "x' UNION SELECT password_hash FROM app_user --",
            "'; SELECT pg_sleep(5); --"],
    "GraphQL": ['") { __schema { types { name } } } #', "{ __typename }", "$id", "... on Query { me { email } }"],
    "CRLF": ["abc\r\nSet-Cookie: injected=1", "abc%0d%0aX-Injected:%201"],
    "path traversal": ["../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "..\\..\\windows\\win.ini"],
}


@dataclass
class Refusal:
    """What came back for one payload: the status (REST) or error code (GraphQL), and whether it is a
    proper refusal (a 4xx with a problem body, or a GraphQL error with a code)."""

    payload: str
    answer: str
    refused: bool


def _rest(state: ScenarioState, method: str, template: str, *, path: dict[str, str] | None = None,
          json: Any = None) -> tuple[str, bool]:
    response = state.session.rest.call(method, template, role="admin", path_params=path, json=json, validate=False)
    problem = response.headers.get("content-type", "").startswith("application/problem+json")
    return f"HTTP {response.status}", 400 <= response.status < 500 and problem


def _graphql(state: ScenarioState, operation: Any, variables: dict[str, Any]) -> tuple[str, bool]:
    try:
        result = state.session.graphql.execute(operation, variables, as_user=None, role=None)
    except REFUSALS as error:
        return f"refused before GraphQL ({error})", False
    codes = {str((e.get("extensions") or {}).get("code")) for e in result.errors}
    if not result.errors:
        return "answered without error", False
    return f"GraphQL {', '.join(sorted(codes))}", "INTERNAL" not in codes and "None" not in codes


INPUTS: dict[str, Callable[[ScenarioState, str], tuple[str, bool]]] = {
    "the id of a venue in the management API": lambda s, p: _rest(s, "GET", "/v1/venues/{id}", path={"id": p}),
    "the id of an event to put on sale": lambda s, p: _rest(s, "POST", "/v1/events/{id}/publish", path={"id": p}),
    "the price type of a new price point": lambda s, p: _rest(s, "POST", "/v1/price-points", json={
        "eventId": "00000000-0000-4000-8000-000000000000", "priceCode": "STD", "priceType": p, "baseCents": 100}),
    "the user name of a login": lambda s, p: _rest(s, "POST", "/v1/auth/token", json={"username": p, "password": p}),
    "the id of an event in the fan API": lambda s, p: _graphql(s, operations.event(), {"id": p}),
    "the event of an availability question": lambda s, p: _graphql(s, operations.availability(), {"eventId": p}),
}


def _counts(state: ScenarioState) -> dict[str, int]:
    """Rows per table, but the audit log's: it records every refused sign-in by design."""
    databases = state.session.databases
    logs = {(database, table) for database, table, _ in REQUEST_TAGGED}
    return {f"{name}.{table}": count for name in ("events", "inventory")
            for table, count in row_counts(databases[name]).items() if (name, table) not in logs}


def send_payloads(state: ScenarioState, input_name: str) -> list[Refusal]:
    """Every payload of every set, in ``input_name``; keeps the refusals and the row counts around them."""
    if input_name not in INPUTS:
        raise LookupError(f"unknown input {input_name!r}; known: {', '.join(INPUTS)}")
    before = _counts(state)
    refusals = []
    for payload in (p for payloads in PAYLOADS.values() for p in payloads):
        answer, refused = INPUTS[input_name](state, payload)
        refusals.append(Refusal(payload, answer, refused))
    state.variables["injection"] = {"refusals": refusals, "before": before, "after": _counts(state)}
    return refusals


def not_refused(state: ScenarioState) -> list[str]:
    """The payloads that were not refused with a problem description, and what came back instead."""
    return [f"{r.payload!r} -> {r.answer}" for r in state.variables["injection"]["refusals"] if not r.refused]


def tables_changed(state: ScenarioState) -> list[str]:
    before, after = state.variables["injection"]["before"], state.variables["injection"]["after"]
    return [f"{table}: {before.get(table)} rows before, {after.get(table)} after"
            for table in sorted(set(before) | set(after)) if before.get(table) != after.get(table)]
