"""The read-only guard of the HTTP boundary: what a read-only environment (production) may send.

The transport asks the guard before a request leaves the process, so a step, a journey or a
generic API step that tries to change a read-only platform fails with one line instead of
changing it. Safe methods (GET, HEAD, OPTIONS) pass; other methods pass only on the explicit
allow-list below. A POST to the GraphQL endpoint passes only when graphql-core's parser finds
nothing but queries in the document: the operation type is read from the syntax tree, so a
comment, an alias or a fragment cannot disguise a mutation, and a document that does not parse
is refused (nothing proves it is a read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

from support.errors import ReadOnlyRefused

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Requests that use a method other than GET/HEAD/OPTIONS and still change nothing on the platform,
# each with the reason it is needed: (method, path relative to the REST base URL) -> why.
ALLOWED_WRITES: Mapping[tuple[str, str], str] = {
    ("POST", "/v1/auth/token"): "logging in issues a token and stores nothing; every authenticated read needs one",
}


@dataclass(frozen=True)
class ReadOnlyGuard:
    """Refuses mutating requests for ``environment``; ``graphql_url`` is where GraphQL documents go."""

    environment: str
    rest_url: str
    graphql_url: str

    def check(self, method: str, url: str, body: Any) -> None:
        """Raises :class:`ReadOnlyRefused` unless the request cannot change the platform."""
        method = method.upper()
        if method in SAFE_METHODS:
            return
        path = _path(url)
        if _same_endpoint(url, self.graphql_url) and method == "POST":
            self._check_graphql(body, path)
            return
        if (method, _relative(path, self.rest_url)) in ALLOWED_WRITES and _same_origin(url, self.rest_url):
            return
        raise ReadOnlyRefused(self.environment, f"{method} {path}")

    def _check_graphql(self, body: Any, path: str) -> None:
        requests_ = body if isinstance(body, list) else [body]  # a batch is refused if any entry mutates
        for request in requests_:
            if not isinstance(request, Mapping) or not isinstance(request.get("query"), str):
                raise ReadOnlyRefused(self.environment, f"POST {path} without a GraphQL document (cannot prove it is a query)")
            kind, fields = operation_of(request["query"], request.get("operationName"))
            if kind != OperationType.QUERY.value:
                raise ReadOnlyRefused(self.environment, f"GraphQL {kind} {', '.join(fields) or '(anonymous)'} (POST {path})")


def operation_of(document: str, operation_name: str | None = None) -> tuple[str, list[str]]:
    """The operation type (``query``, ``mutation``, ``subscription``) and root fields a request would run.

    With no ``operationName`` and several operations, the most dangerous one counts. A document
    that does not parse is reported as ``unparseable`` (the guard refuses it).
    """
    try:
        tree = parse(document)
    except GraphQLError:
        return "unparseable document", []
    operations = [d for d in tree.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name is not None and o.name.value == operation_name]
    if not operations:
        return "document without operation", []
    writes = [o for o in operations if o.operation != OperationType.QUERY]
    chosen = writes[0] if writes else operations[0]
    fields = [s.name.value for s in chosen.selection_set.selections if isinstance(s, FieldNode)]
    return chosen.operation.value, fields


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _relative(path: str, base_url: str) -> str:
    base = _path(base_url).rstrip("/")
    return path[len(base):] if base and path.startswith(base + "/") else path


def _same_origin(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _same_endpoint(url: str, other: str) -> bool:
    return _same_origin(url, other) and _path(url).rstrip("/") == _path(other).rstrip("/")
