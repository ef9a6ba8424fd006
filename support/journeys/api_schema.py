"""Does a response match its contract? REST against the pinned OpenAPI document, GraphQL against
the pinned schema (support/contracts/graphql.json).

GraphQL has no response schema to validate against, so the data shape is checked the way a
server would produce it: the operation is executed by graphql-core over the pinned schema with
a resolver that only reads the response's own data. Every missing non-null field, wrong scalar
or unknown enum value then surfaces as an execution error, with its path.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
from graphql import GraphQLError, GraphQLResolveInfo, GraphQLSchema, build_client_schema, execute_sync, parse, validate

from support.clients.openapi import OpenApiValidator
from support.clients.rest import RestResponse
from support.contracts.pins import PINNED_GRAPHQL, load_graphql
from support.errors import ContractViolation, JumpError


@lru_cache(maxsize=4)
def pinned_schema(path: Path = PINNED_GRAPHQL) -> GraphQLSchema:
    """The schema pinned at ``path`` (the active target's graphql.json; Jump's by default)."""
    return build_client_schema(load_graphql(path)["data"])


def _from_response(source: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
    """Reads a field from the response data by its response key (the alias, if any)."""
    return source.get(info.path.key) if isinstance(source, dict) else None


def graphql_problems(document: str, variables: dict[str, Any], body: dict[str, Any], pinned: Path = PINNED_GRAPHQL) -> list[str]:
    """Validation errors of the operation, then data-shape errors (only when the request succeeded:
    a refused request legitimately nulls the fields its errors name)."""
    schema = pinned_schema(pinned)
    try:
        ast = parse(document)
    except GraphQLError as exc:
        return [f"the operation does not parse: {exc.message}"]
    problems = [f"operation: {e.message}" for e in validate(schema, ast)]
    if problems or body.get("errors") or body.get("data") is None:
        return problems
    result = execute_sync(schema, ast, root_value=body["data"], variable_values=variables, field_resolver=_from_response)
    return [f"data.{'.'.join(str(p) for p in (e.path or []))}: {e.message}" for e in result.errors or []]


def rest_problems(validator: OpenApiValidator | None, response: RestResponse) -> list[str]:
    """openapi-core's verdict on the response, rebuilt from what the client kept of it."""
    if validator is None:
        raise JumpError("this environment has no pinned OpenAPI document (no platform.rest_url, or contracts.openapi = false): "
                        "'the response matches its schema' cannot check REST responses here")
    exchange = response.exchange
    raw = requests.Response()
    raw.status_code = response.status
    raw.headers.update(response.headers)
    raw._content = b"" if response.body is None else json.dumps(response.body).encode()  # noqa: SLF001 (requests has no public setter)
    raw.request = requests.Request(exchange.method, exchange.url, json=exchange.request_body).prepare()
    try:
        validator.validate(raw)
    except ContractViolation as exc:
        return [str(exc)]
    return []
