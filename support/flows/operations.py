"""The operations a request step can call, from the active target's pinned contracts
(support/contracts/: openapi.json and the GraphQL introspection): the builder's operation picker.

A REST operation fills the step's method and path (path parameters stay ``{id}``, so the saved-value
check asks for a step that keeps ``id`` first) and names its documented answers; a GraphQL field
fills the doc string with a document whose variables are the field's arguments and whose selection
is the returned type's scalar fields.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, get_named_type, is_leaf_type
from pydantic import BaseModel

from support.contracts.graphql_diff import schema_of
from support.contracts.pins import load

METHODS = ("get", "post", "put", "patch", "delete")
# the generic request steps of steps/api_steps.py the picker configures
REST_STEP = re.compile(r'\{method:Method\} request to "\{path\}" \{caller:Caller\}( with:)?$')
GRAPHQL_STEP = re.compile(r"^I send this GraphQL request \{caller:Caller\}:$")


class RestOperation(BaseModel):
    method: str
    path: str
    summary: str = ""
    body: bool = False             # takes a JSON body: the "... with:" step
    statuses: list[str] = []

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}" + (f" - {self.summary}" if self.summary else "")


class GraphQLOperation(BaseModel):
    kind: str                      # query | mutation
    field: str
    document: str

    @property
    def label(self) -> str:
        return f"{self.kind} {self.field}"


def rest_operations(openapi: Path) -> list[RestOperation]:
    """Every operation of the pinned OpenAPI document, by path then method (none when it is not pinned)."""
    if not openapi.is_file():
        return []
    document = load(openapi)
    found = []
    for path, item in sorted(document.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is not None:
                found.append(RestOperation(method=method.upper(), path=path, summary=operation.get("summary", ""),
                                           body="requestBody" in operation, statuses=sorted(operation.get("responses", {}))))
    return found


def _selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if is_leaf_type(named) or not isinstance(named, GraphQLObjectType):
        return ""
    leaves = [name for name, sub in named.fields.items() if is_leaf_type(get_named_type(sub.type)) and not sub.args]
    return " { " + " ".join(leaves or ["__typename"]) + " }"


def _document(kind: str, name: str, field: GraphQLField) -> str:
    variables = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    arguments = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    title = name[:1].upper() + name[1:]
    return (f"{kind} {title}" + (f"({variables})" if variables else "") + " { " + name
            + (f"({arguments})" if arguments else "") + _selection(field) + " }")


def graphql_operations(introspection: Path) -> list[GraphQLOperation]:
    """Every query and mutation field of the pinned GraphQL schema, with a document to start from."""
    if not introspection.is_file():
        return []
    schema = schema_of(load(introspection))
    found = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for name, field in sorted((root.fields if root else {}).items()):
            found.append(GraphQLOperation(kind=kind, field=name, document=_document(kind, name, field)))
    return found


def picker_of(phrase: str) -> str:
    """Which picker a catalog phrase gets: "rest-body", "rest", "graphql" or ""."""
    rest = REST_STEP.search(phrase)
    if rest:
        return "rest-body" if rest.group(1) else "rest"
    return "graphql" if GRAPHQL_STEP.search(phrase) else ""


def contract_operations(settings: Any) -> tuple[list[RestOperation], list[GraphQLOperation]]:
    """The active target's operations (its contracts.dir; none for an API the target does not pin)."""
    from support.contracts.pins import contract_paths, has_graphql, has_openapi

    paths = contract_paths(settings)
    return (rest_operations(paths.openapi) if has_openapi(settings) else [],
            graphql_operations(paths.graphql) if has_graphql(settings) else [])
