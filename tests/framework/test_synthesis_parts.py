"""The parts of the API test synthesis that need no platform: cells, the access-matrix verdict, the
reviewed rules, id feeding and the cleanup's table map (the end-to-end runs: test_synthesis.py)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from support.access_matrix import ROLES, load_matrix
from support.contracts import pins
from support.synthesis import guard, plan
from support.synthesis.checks import cell_problem, unstated_rules
from support.synthesis.created_rows import CREATES, UNDER_OWN_PARENT
from support.synthesis.known_ids import KnownIds, replace_graphql_ids
from support.synthesis.runner import masked

OWN = "11111111-1111-4111-8111-111111111111"
OTHER = "22222222-2222-4222-8222-222222222222"


def test_every_cell_of_the_matrix_is_planned_with_one_allowed_primary_role() -> None:
    cells = plan.cells()
    matrix = load_matrix()
    assert {(c.operation, c.role) for c in cells} == {(op, role) for op in matrix for role in ROLES}
    for operation, row in matrix.items():
        primaries = [c for c in cells if c.operation == operation and c.primary]
        assert len(primaries) == 1 and row.rule(primaries[0].role) != "deny", operation


def _answer(status: int, body: object = None) -> SimpleNamespace:
    return SimpleNamespace(status_code=status, content=json.dumps(body).encode() if body is not None else b"")


@pytest.mark.parametrize(("api", "role", "rule", "answer", "wrong"), [
    ("rest", "anonymous", "deny", _answer(401), False),
    ("rest", "ops", "deny", _answer(403), False),
    ("rest", "ops", "deny", _answer(401), True),          # a valid token refused as unauthenticated
    ("rest", "ops", "deny", _answer(201), True),          # the write went through
    ("rest", "ops", "deny", _answer(422), True),          # validated before authorised: tells a denied caller the rules
    ("rest", "ops", "deny", _answer(429), False),         # throttled: says nothing about authorisation
    ("rest", "admin", "allow", _answer(403), True),
    ("rest", "admin", "allow", _answer(404), False),
    ("graphql", "fan", "own-only", _answer(200, {"errors": [{"extensions": {"code": "FORBIDDEN"}}]}), False),
    ("graphql", "analyst", "deny", _answer(200, {"data": {"cancelOrder": {"id": OWN}}}), True),
    ("graphql", "analyst", "deny", _answer(200, {"errors": [{"extensions": {"code": "FORBIDDEN"}}]}), False),
    ("graphql", "anonymous", "deny", _answer(200, {"errors": [{"extensions": {"code": "FORBIDDEN"}}]}), True),
])
def test_the_access_matrix_verdict(api: plan.Api, role: str, rule: str, answer: SimpleNamespace, wrong: bool) -> None:
    assert (cell_problem(api, role, rule, "OP", answer) is not None) is wrong


def test_the_unstated_rules_are_narrow() -> None:
    rules = unstated_rules()
    assert all(rule.why and re.compile(rule.detail) for rule in rules)

    def explained(label: str, detail: str) -> bool:
        return any(rule.matches(label, detail) for rule in rules)

    assert explained("POST /v1/events", "venueId refers to a row that does not exist")
    assert explained("Query.events", "first must be between 0 and 100, got 2796")
    assert not explained("GET /v1/events", "limit must be between 1 and 200")      # REST states its ranges
    assert not explained("POST /v1/venues", "capacity: must not be a boolean")      # a refusal of bad data is no rule
    assert not explained("POST /v1/venues", "unexpected server error")


def _case(method: str, label: str, path: dict[str, str], body: object = None) -> SimpleNamespace:
    return SimpleNamespace(method=method, operation=SimpleNamespace(label=label), path_parameters=dict(path), body=body)


def test_generated_ids_are_pointed_at_the_runs_own_rows_and_writes_never_at_anothers() -> None:
    rows = guard.OwnRows()
    rows.adopt(KnownIds(path={"GET /v1/venues/{id}": {"id": OWN}, "DELETE /v1/venues/{id}": {"id": OWN}},
                        body={"POST /v1/events": {"venueId": OWN, "performerIds": [OWN]}}))
    made = "33333333-3333-4333-8333-333333333333"
    rows.ids.add(made)   # created by a generated POST: a stateful sequence may delete it
    guard.activate(rows)
    try:
        cases = [
            _case("GET", "GET /v1/venues/{id}", {"id": OTHER}),
            _case("DELETE", "DELETE /v1/venues/{id}", {"id": OTHER}),
            _case("DELETE", "DELETE /v1/venues/{id}", {"id": made}),
            _case("DELETE", "DELETE /v1/seasons/{id}", {"id": OTHER}),   # no own season: an id nothing has
            _case("GET", "GET /v1/seasons/{id}", {"id": OTHER}),         # a read without an own object: as generated
            _case("GET", "GET /v1/venues/{id}", {"id": "not-a-uuid"}),   # the negative case stays negative
            _case("POST", "POST /v1/events", {}, {"venueId": OTHER, "performerIds": [OTHER, OWN], "name": "x"}),
        ]
        for case in cases:
            guard.use_own_rows(None, case)
    finally:
        guard.activate(None)
    ids = [c.path_parameters.get("id") for c in cases]
    assert ids[:3] == [OWN, OWN, made]
    assert ids[3] not in (OTHER, OWN, made)
    assert ids[4:6] == [OTHER, "not-a-uuid"]
    assert cases[6].body == {"venueId": OWN, "performerIds": [OWN], "name": "x"}


def test_graphql_id_arguments_get_real_ids() -> None:
    document = '{ order(id: "x") { id } availability(eventId: "y") { status } events(after: "z") { totalCount } }'
    changed = replace_graphql_ids(document, {"orderId": OWN, "eventId": OTHER}, field="order")
    assert f'order(id: "{OWN}")' in changed and f'availability(eventId: "{OTHER}")' in changed and 'after: "z"' in changed


def test_every_creating_operation_of_the_contract_has_its_table_for_the_cleanup() -> None:
    creating = {f"POST {path}" for path, item in pins.load_openapi()["paths"].items()
                if "201" in (item.get("post") or {}).get("responses", {})}
    assert creating == set(CREATES) | UNDER_OWN_PARENT, "a generated POST would create rows the cleanup does not know"


def test_findings_mask_tokens_and_personal_data_like_every_report() -> None:
    """A finding's answer and curl line go into Allure attachments and failures.json as they are."""
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYW4ifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
    answer = masked(json.dumps({"access_token": jwt, "email": "maya.fan@example.com"}))  # a token endpoint's, a fan's
    assert jwt not in answer and "maya.fan@example.com" not in answer and "m***@example.com" in answer
    assert masked(f"curl -H 'Authorization: Bearer {jwt}' http://x/v1/fans") == "curl -H 'Authorization: Bearer <token>' http://x/v1/fans"
