"""Errors of the framework, as one tree (lower-level errors are mapped to the most specific one).

    JumpError                         anything the framework raises on purpose
    ├── ConfigError                   support.config: invalid or missing setting (exit 2)
    ├── StackError                    support.stack: the local stack could not start (exit 3)
    ├── PlatformUnreachable           connection refused, DNS, TLS handshake, timeouts after
    │                                 retries, circuit open (exit 3 when it stops a run)
    ├── ApiError                      the platform answered, but not with what was asked
    │   ├── ProblemError              REST application/problem+json (status, type, detail, fields)
    │   ├── GraphQLResponseError      GraphQL `errors` array: message, path, extensions.code
    │   ├── AuthenticationFailed      credentials refused by POST /v1/auth/token
    │   └── ContractViolation         a response that does not match the OpenAPI / GraphQL schema
    └── DataSetupError                a factory or seeder could not create the data a step needs

The transport boundary: requests' exceptions never leave support.clients; they become
PlatformUnreachable with the URL and the last cause.
"""

from __future__ import annotations

from typing import Any


class JumpError(Exception):
    """Base of everything the framework raises on purpose; str() is one readable line."""


class PlatformUnreachable(JumpError):
    def __init__(self, service: str, url: str, cause: str) -> None:
        super().__init__(f"{service} unreachable at {url}: {cause}")
        self.service, self.url, self.cause = service, url, cause


class ApiError(JumpError):
    """The platform answered; carries the request id and status to look it up in its logs.

    ``code`` is the platform's error code (problem ``code`` / GraphQL ``extensions.code``); errors
    the framework itself detects use a code of their own, so every ApiError can be classified.
    """

    code: str = "API_ERROR"

    def __init__(self, message: str, *, status: int | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.request_id = request_id


class ProblemError(ApiError):
    """An RFC 9457 problem from the REST API."""

    def __init__(self, *, method: str, url: str, status: int, problem: dict[str, Any], request_id: str | None = None) -> None:
        self.method, self.url, self.problem = method, url, problem
        self.type = str(problem.get("type", "about:blank"))
        self.code = str(problem.get("code", "")) or self.type.rsplit("/", 1)[-1].upper().replace("-", "_")
        self.detail = str(problem.get("detail", problem.get("title", "")))
        self.fields = [str(e.get("field")) for e in problem.get("errors", []) if isinstance(e, dict)]
        super().__init__(f"{method} {url} -> {status} {self.code}: {self.detail}", status=status, request_id=request_id)


class GraphQLResponseError(ApiError):
    """The first entry of a GraphQL ``errors`` array (all of them in ``errors``)."""

    def __init__(self, errors: list[dict[str, Any]], *, operation: str, status: int | None = None) -> None:
        first = errors[0] if errors else {}
        self.errors = errors
        self.operation = operation
        self.message = str(first.get("message", "unknown GraphQL error"))
        self.path = [str(p) for p in first.get("path") or []]
        self.code = str((first.get("extensions") or {}).get("code", "UNKNOWN"))
        where = f" at {'.'.join(self.path)}" if self.path else ""
        super().__init__(f"GraphQL {operation}{where} -> {self.code}: {self.message}", status=status)


class AuthenticationFailed(ApiError):
    """The platform refused the credentials of a role; the message never contains the password."""

    code = "AUTHENTICATION_FAILED"


class ContractViolation(ApiError):
    """A response that the served OpenAPI document or the GraphQL schema does not allow."""

    code = "CONTRACT_VIOLATION"


class DataSetupError(JumpError):
    """Test data could not be created; names the entity and the cause."""
