"""How errors leave the GraphQL API: ``message`` plus a stable ``extensions.code``.

- PlatformError from a resolver: its detail and ``graphql_extensions()`` (code, field, extras).
- Any other exception: INTERNAL with a generic message; the original is logged, never shown.
- Errors graphql-core makes itself: BAD_USER_INPUT for variables that do not coerce,
  GRAPHQL_VALIDATION for documents that do not parse or validate, QUERY_TOO_COMPLEX for
  documents over the depth, alias or cost limits (``limits.py``).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from sandbox.errors import PlatformError
from sandbox.graphql.limits import is_limit_error

log = logging.getLogger("sandbox.graphql")
INTERNAL_MESSAGE = "unexpected server error; see the platform log"


def is_unexpected(error: GraphQLError) -> bool:
    """A bug rather than a refusal: worth a traceback in the log."""
    original = error.original_error
    return original is not None and not isinstance(original, (PlatformError, GraphQLError))


def _code(error: GraphQLError) -> str:
    if error.path is not None:
        return "INTERNAL"  # e.g. a resolver returned null for a non-null field
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    if is_limit_error(error.message):
        return "QUERY_TOO_COMPLEX"
    return "GRAPHQL_VALIDATION"


def format_error(error: GraphQLError) -> dict[str, Any]:
    body = error.formatted
    original = error.original_error
    if isinstance(original, PlatformError):
        body["message"] = original.detail
        body["extensions"] = original.graphql_extensions()
    elif is_unexpected(error):
        body["message"] = INTERNAL_MESSAGE
        body["extensions"] = {"code": "INTERNAL"}
    else:
        body["extensions"] = {**(body.get("extensions") or {}), "code": _code(error)}
    return body


def platform_error_body(error: PlatformError) -> dict[str, Any]:
    """A whole response for an error raised before execution (a bad token)."""
    return {"data": None, "errors": [{"message": error.detail, "extensions": error.graphql_extensions()}]}


def log_errors(errors: list[GraphQLError]) -> None:
    for error in errors:
        if is_unexpected(error):
            log.error("GraphQL resolver failed at %s", error.path, exc_info=error.original_error)
