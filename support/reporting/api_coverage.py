"""Which GraphQL fields and REST operations a run exercised, measured against their schemas.

GraphQL documents are parsed with graphql-core and walked with the pinned schema's TypeInfo, so
aliases, fragments and nested selections all count as the fields they name. REST URLs are matched
to the OpenAPI path templates with one regex per template (literal segments beat parameters, as
OpenAPI requires).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_client_schema,
    get_named_type,
    parse,
    visit,
)
from graphql.language import FieldNode

from support.contracts.pins import PINNED_GRAPHQL

GRAPHQL_SCHEMA = PINNED_GRAPHQL
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=4)
def load_graphql_schema(path: Path = GRAPHQL_SCHEMA) -> GraphQLSchema:
    data = json.loads(path.read_text(encoding="utf-8"))
    return build_client_schema(data.get("data", data))


def root_fields(schema: GraphQLSchema) -> list[str]:
    """``Query.events``, ``Mutation.checkout``, ...: the operations a client can call."""
    roots = [t for t in (schema.query_type, schema.mutation_type, schema.subscription_type) if t is not None]
    return sorted(f"{root.name}.{field}" for root in roots for field in root.fields)


def schema_fields(schema: GraphQLSchema) -> list[str]:
    """Every field of every object type the API defines (introspection types excluded)."""
    out = []
    for name, type_ in schema.type_map.items():
        if not name.startswith("__") and isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
            out += [f"{name}.{field}" for field in type_.fields]
    return sorted(out)


class _FieldCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.fields: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.type_info.get_parent_type()
        if parent is not None and not node.name.value.startswith("__"):
            self.fields.add(f"{get_named_type(parent).name}.{node.name.value}")


def fields_of_document(document: str, schema: GraphQLSchema | None = None) -> frozenset[str]:
    """``Type.field`` names a document selects; an unparsable document selects nothing."""
    return _fields_cached(document, schema or load_graphql_schema())


@lru_cache(maxsize=4096)
def _fields_cached(document: str, schema: GraphQLSchema) -> frozenset[str]:
    try:
        ast = parse(document, no_location=True)
    except Exception:  # noqa: BLE001 - a deliberately malformed document (error scenarios)
        return frozenset()
    type_info = TypeInfo(schema)
    collector = _FieldCollector(type_info)
    visit(ast, TypeInfoVisitor(type_info, collector))
    return frozenset(collector.fields)


class RestMatcher:
    """Maps ``(method, /v1/events/42)`` to ``GET /v1/events/{eventId}`` of the OpenAPI document."""

    def __init__(self, spec: dict[str, Any] | None) -> None:
        self.operations: list[str] = []
        patterns: list[tuple[int, str, re.Pattern[str]]] = []
        for template, item in (spec or {}).get("paths", {}).items():
            methods = [m.upper() for m in HTTP_METHODS if m in item]
            self.operations += [f"{m} {template}" for m in methods]
            regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "/?$"
            patterns.append((template.count("{"), template, re.compile(regex)))
        self._patterns = sorted(patterns)  # fewest parameters first: /events/search before /events/{id}
        self.operations.sort()
        self._cache: dict[str, str | None] = {}

    def template(self, path: str) -> str | None:
        if path not in self._cache:
            self._cache[path] = next((t for _, t, rx in self._patterns if rx.match(path)), None)
        return self._cache[path]

    def operation(self, method: str, path: str) -> str | None:
        template = self.template(path)
        return f"{method.upper()} {template}" if template else None


def graphql_fields_used(documents: Iterable[str], schema: GraphQLSchema | None = None) -> set[str]:
    used: set[str] = set()
    for document in documents:
        used |= fields_of_document(document, schema)
    return used
