"""GraphQL client on sgqlc operations: typed results, one exception type for `errors`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sgqlc.operation import Operation

from support.clients.auth import Credentials, TokenProvider
from support.clients.auth_providers import Authenticator
from support.clients.exchange import Exchange
from support.clients.transport import HttpTransport
from support.errors import ContractViolation, GraphQLResponseError, ProblemError


@dataclass
class GraphQLResult:
    operation: Operation | None
    name: str
    status: int
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]
    exchange: Exchange

    @property
    def typed(self) -> Any:
        """The response interpreted by sgqlc into the schema's Python types (``op + data``)."""
        if self.operation is None or self.data is None:
            raise ContractViolation(f"GraphQL {self.name} has no data to interpret", status=self.status)
        return self.operation + {"data": self.data}

    @property
    def error_code(self) -> str | None:
        return str((self.errors[0].get("extensions") or {}).get("code")) if self.errors else None

    def raise_for_errors(self) -> GraphQLResult:
        if self.errors:
            raise GraphQLResponseError(self.errors, operation=self.name, status=self.status)
        return self


class GraphQLClient:
    """Executes sgqlc operations (or raw documents, for the generic Gherkin steps) as a role."""

    def __init__(self, transport: HttpTransport, tokens: TokenProvider, credentials: Mapping[str, Credentials],
                 auth: Authenticator | None = None) -> None:
        self.transport = transport
        self.tokens = tokens
        self.credentials = credentials
        self.auth = auth or Authenticator.for_credentials(tokens, credentials)  # a role's provider (auth_providers.py)

    def execute(self, operation: Operation | str, variables: Mapping[str, Any] | None = None, *, name: str | None = None,
                role: str | None = None, as_user: Credentials | None = None, token: str | None = None,
                idempotent: bool | None = None) -> GraphQLResult:
        """Queries are retried on transient failures; mutations only when ``idempotent`` (idempotency key)."""
        document = str(operation) if isinstance(operation, Operation) else operation
        op_name = name or _operation_name(operation, document)
        is_query = not document.lstrip().startswith("mutation")
        retryable = is_query if idempotent is None else idempotent
        response, exchange = self._post(document, variables, op_name, self._auth_headers(as_user, role, token), retryable)
        if response.status_code == 401 and token is None and (as_user is not None or role is not None):
            # cached token no longer accepted: refresh once
            if as_user is not None:
                self.tokens.forget(as_user)
            else:
                self.auth.forget(str(role))
            response, exchange = self._post(document, variables, op_name, self._auth_headers(as_user, role, token), retryable)
        try:
            payload = response.json()
        except ValueError:
            raise ContractViolation(f"GraphQL {op_name} -> HTTP {response.status_code} without a JSON body", status=response.status_code) from None
        if isinstance(payload, dict) and response.headers.get("content-type", "").startswith("application/problem+json"):
            # the HTTP layer refused before GraphQL ran (503 fault, 429 rate limit): a problem, not a contract break
            raise ProblemError(method="POST", url=exchange.url, status=response.status_code, problem=payload,
                               request_id=exchange.request_headers.get("X-Request-Id"))
        if not isinstance(payload, dict) or ("data" not in payload and "errors" not in payload):
            raise ContractViolation(f"GraphQL {op_name} -> HTTP {response.status_code}: not a GraphQL response", status=response.status_code)
        return GraphQLResult(operation if isinstance(operation, Operation) else None, op_name, response.status_code,
                             payload.get("data"), list(payload.get("errors") or []), exchange)

    def _auth_headers(self, as_user: Credentials | None, role: str | None, token: str | None) -> dict[str, str]:
        """An explicit token, else a Jump user's login, else the role's provider (any kind), else nothing."""
        if token is not None:
            return {"Authorization": f"Bearer {token}"}
        if as_user is not None:
            return {"Authorization": f"Bearer {self.tokens.token(as_user)}"}
        return self.auth.headers(role) if role else {}

    def _post(self, document: str, variables: Mapping[str, Any] | None, name: str, auth: Mapping[str, str],
              retryable: bool) -> tuple[Any, Exchange]:
        headers = {"Content-Type": "application/json", **auth}
        body = {"query": document, "variables": dict(variables or {}), "operationName": None}
        return self.transport.send("POST", "", operation=name, json=body, headers=headers, retryable=retryable)


def _operation_name(operation: Operation | str, document: str) -> str:
    if isinstance(operation, Operation):
        return str(getattr(operation, "_Operation__name", None) or "anonymous")
    head = document.strip().split("{", 1)[0].split("(", 1)[0].split()
    return head[1] if len(head) > 1 else (head[0] if head else "anonymous")
