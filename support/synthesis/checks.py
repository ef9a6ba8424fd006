"""What the framework adds to Schemathesis' own checks: the access matrix, and the rules the
contract does not state.

``access_matrix_cell`` is a Schemathesis check (registered with ``schemathesis.check``): for a
deny cell the answer must be a refusal (401 for anonymous callers, 403 for the others; over
GraphQL the UNAUTHENTICATED / FORBIDDEN error codes), for an allowed cell it must not be one.
``keep_failure`` is a ``filter_failure`` hook: Schemathesis' ``positive_data_acceptance`` calls
a schema-valid request that the platform refuses a failure; where the platform refuses because
of a business rule JSON Schema cannot express (dates in order, an id that must exist, one of two
fields), the refusal is expected. Those rules are a reviewed list (``unstated_rules.toml``), each
matched on the operation and the problem's detail, never a blanket "422 is fine".
"""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

import schemathesis
from pydantic import BaseModel
from schemathesis.graphql.checks import GraphQLClientError, GraphQLServerError
from schemathesis.openapi.checks import RejectedPositiveData

from support.synthesis.plan import Api, matrix_name

RULES_FILE = Path(__file__).with_name("unstated_rules.toml")
ACCOUNT_OPERATIONS = frozenset({"POST /v1/auth/token", "POST /v1/auth/password"})  # refuse bad credentials by design
REFUSAL_CODES = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}
# GraphQL has no status codes, so Schemathesis counts every resolver error as a server error; the
# platform's documented refusals (sandbox/errors.py, PLATFORM.md) are answers, INTERNAL is not
GRAPHQL_ANSWERS = frozenset({
    "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "SEATS_UNAVAILABLE",
    "EVENT_NOT_ON_SALE", "RESERVATION_EXPIRED", "LIMIT_EXCEEDED", "OFFER_NOT_AVAILABLE", "ACCESS_CODE_INVALID",
    "PAYMENT_DECLINED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "QUERY_TOO_COMPLEX", "GRAPHQL_VALIDATION",
    "SERVICE_UNAVAILABLE",
})


class UnstatedRule(BaseModel):
    """A refusal of schema-valid data that is the platform's rule, not a defect."""

    operations: list[str]   # Schemathesis labels ("POST /v1/venues", "Query.events"), shell-style patterns ("Query.*", "*")
    detail: str             # regular expression over the problem's "detail"
    why: str

    def matches(self, label: str, detail: str) -> bool:
        return any(fnmatchcase(label, pattern) for pattern in self.operations) and re.search(self.detail, detail) is not None


@cache
def unstated_rules(path: Path = RULES_FILE) -> tuple[UnstatedRule, ...]:
    return tuple(UnstatedRule.model_validate(r) for r in tomllib.loads(path.read_text(encoding="utf-8"))["rule"])


class ActiveRole(BaseModel):
    """The role a run calls as and what the matrix says per operation (matrix names)."""

    api: Api
    role: str
    rules: dict[str, str]


_issued: set[str] = set()   # bearer tokens of the synthesis accounts: other tokens are Schemathesis' own probes
_revoked: set[str] = set()  # tokens a generated request revoked: their 401s are the platform doing its job
_active: list[ActiveRole | None] = [None]   # one engine run at a time; read from its worker threads


def activate(role: ActiveRole | None) -> None:
    _active[0] = role


def issued(token: str) -> None:
    """Marks ``token`` as one of the run's own accounts' (support/synthesis/accounts.py)."""
    _issued.add(token)


def revoked(token: str) -> None:
    """A generated request ended the sessions of ``token``'s account (revocation, password change)."""
    _revoked.add(token)


def sent_as_role(role: str, response: Any) -> bool:
    """Whether the request went with the role's own credentials: ``ignored_auth`` resends requests
    without a token or with a forged one on purpose, and those answers are judged by that check."""
    header = str(response.request.headers.get("Authorization") or "")
    if role == "anonymous":
        return not header
    return header.startswith("Bearer ") and header[7:] in _issued and header[7:] not in _revoked


def active() -> ActiveRole | None:
    return _active[0]


def _body(response: Any) -> Any:
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def _graphql_codes(body: Any) -> set[str]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return {str((e.get("extensions") or {}).get("code")) for e in errors or [] if isinstance(e, dict)}


def refusal(api: Api, response: Any) -> int | None:
    """401/403 when the answer refuses the caller (REST status or GraphQL error code), else None."""
    if api == "rest":
        return response.status_code if response.status_code in (401, 403) else None
    codes = _graphql_codes(_body(response))
    found = [REFUSAL_CODES[c] for c in codes if c in REFUSAL_CODES]
    return min(found) if found else None


def cell_problem(api: Api, role: str, rule: str, operation: str, response: Any) -> str | None:
    """How the answer breaks the matrix cell, or None."""
    refused = refusal(api, response)
    if response.status_code == 429:   # throttled: says nothing about authorisation
        return None
    if rule == "deny":
        expected = 401 if role == "anonymous" else 403
        if refused != expected:
            got = f"HTTP {response.status_code}" + (f" ({', '.join(sorted(_graphql_codes(_body(response))))})" if api == "graphql" else "")
            return (f"access matrix: {role} may not call {operation} (deny), expected a refusal "
                    f"({'unauthenticated 401' if expected == 401 else 'forbidden 403'}), got {got}")
        return None
    if refused is not None and operation not in ACCOUNT_OPERATIONS and not (rule == "own-only" and refused == 403):
        return f"access matrix: {role} may call {operation} ({rule}), but the platform refused it ({refused})"
    return None


@schemathesis.check
def access_matrix_cell(ctx: Any, response: Any, case: Any) -> bool | None:
    """A deny cell must be refused (401 anonymous / 403 others); an allowed cell must not be."""
    role = active()
    if role is None:
        return None
    operation = matrix_name(role.api, case.operation.label)
    rule = role.rules.get(operation)
    if rule is None or not sent_as_role(role.role, response):
        return None
    problem = cell_problem(role.api, role.role, rule, operation, response)
    if problem:
        raise AssertionError(problem)
    return None


def keep_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """``filter_failure`` hook: drop a GraphQL "server error" that is a documented refusal, and a
    rejected-positive-data failure explained by an unstated rule."""
    if isinstance(failure, GraphQLServerError):
        codes = _graphql_codes(_body(response)) if response is not None else set()
        return not codes or not codes <= GRAPHQL_ANSWERS
    if not isinstance(failure, (RejectedPositiveData, GraphQLClientError)) or response is None:
        return True
    body = _body(response)
    if isinstance(failure, GraphQLClientError):
        details = [str(e.get("message", "")) for e in (body or {}).get("errors") or [] if isinstance(e, dict)] or [""]
    else:
        details = [str(body.get("detail", "")) if isinstance(body, dict) else ""]
    return not all(any(rule.matches(case.operation.label, detail) for rule in unstated_rules()) for detail in details)
