"""Contract drift, compared directly: the pinned GraphQL schema and OpenAPI document against changed copies.

The pins themselves are the baseline (support/contracts/), so each test changes one thing the way
a platform release would and asserts what the comparison calls it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from support.contracts import graphql_diff, openapi_diff, pins
from support.contracts.changes import ContractChange


def _type(introspection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in introspection["data"]["__schema"]["types"] if t["name"] == name)


def _summary(changes: list[ContractChange]) -> list[tuple[str, str]]:
    return [(c.severity, c.kind) for c in changes]


@pytest.fixture()
def graphql() -> tuple[dict[str, Any], dict[str, Any]]:
    pinned = pins.load_graphql()
    return pinned, copy.deepcopy(pinned)


@pytest.fixture()
def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    pinned = pins.load_openapi()
    return pinned, copy.deepcopy(pinned)


def test_identical_contracts_have_no_change(graphql, openapi) -> None:
    assert graphql_diff.compare(*graphql) == []
    assert openapi_diff.compare(*openapi) == []


def test_graphql_renamed_field_is_breaking_removal_and_additive_addition(graphql) -> None:
    pinned, live = graphql
    field = next(f for f in _type(live, "Availability")["fields"] if f["name"] == "totalAvailable")
    field["name"] = "availableTotal"
    changes = graphql_diff.compare(pinned, live)
    assert _summary(changes) == [("breaking", "FIELD_REMOVED"), ("additive", "FIELD_ADDED")]
    assert "Availability.totalAvailable was removed" in changes[0].description
    assert "Availability.availableTotal was added" in changes[1].description


def test_graphql_added_enum_value_is_dangerous_not_breaking(graphql) -> None:
    pinned, live = graphql
    _type(live, "OrderStatus")["enumValues"].append(
        {"name": "DISPUTED", "description": None, "isDeprecated": False, "deprecationReason": None})
    assert _summary(graphql_diff.compare(pinned, live)) == [("dangerous", "VALUE_ADDED_TO_ENUM")]


def test_graphql_changed_field_type_is_breaking(graphql) -> None:
    pinned, live = graphql
    field = next(f for f in _type(live, "Availability")["fields"] if f["name"] == "totalAvailable")
    field["type"] = {"kind": "NON_NULL", "name": None, "ofType": {"kind": "SCALAR", "name": "String", "ofType": None}}
    changes = graphql_diff.compare(pinned, live)
    assert _summary(changes) == [("breaking", "FIELD_CHANGED_KIND")]
    assert "Availability.totalAvailable changed type from Int! to String!" in changes[0].description


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def test_rest_integer_that_became_a_string_is_breaking_and_named_once(openapi) -> None:
    pinned, live = openapi
    _schema(live, "OrderItemRead")["properties"]["totalCents"] = {"type": "string", "title": "Totalcents"}
    changes = openapi_diff.compare(pinned, live)
    assert _summary(changes) == [("breaking", "TYPE_CHANGED")]  # one change, though several operations return it
    assert changes[0].description.startswith("OrderItemRead: totalCents type changed from integer to string (in GET /v1/orders/")


def test_rest_renamed_property_is_named_as_a_likely_rename(openapi) -> None:
    pinned, live = openapi
    props = _schema(live, "EntitlementRead")["properties"]
    props["accessLevel"] = props.pop("gateAccessLevel")
    changes = openapi_diff.compare(pinned, live)
    assert _summary(changes) == [("breaking", "PROPERTY_REMOVED"), ("additive", "PROPERTY_ADDED")]
    assert "property gateAccessLevel was removed (renamed to accessLevel?)" in changes[0].description


def test_rest_removed_operation_is_breaking_and_a_new_one_additive(openapi) -> None:
    pinned, live = openapi
    live["paths"]["/v1/refunds"] = {"post": {"responses": {"201": {"description": "Created"}}}}
    del live["paths"]["/v1/venues/{id}"]["get"]
    assert _summary(openapi_diff.compare(pinned, live)) == [("breaking", "OPERATION_REMOVED"), ("additive", "OPERATION_ADDED")]


def test_rest_request_rules_new_required_field_breaks_new_optional_does_not(openapi) -> None:
    pinned, live = openapi
    create = _schema(live, "EventCreate")
    create["properties"]["currency"] = {"type": "string"}
    create["properties"]["notes"] = {"type": "string"}
    create.setdefault("required", []).append("currency")
    changes = openapi_diff.compare(pinned, live)
    assert _summary(changes) == [("breaking", "REQUIRED_PROPERTY_ADDED"), ("additive", "PROPERTY_ADDED")]
    assert "EventCreate: new required property currency (in POST /v1/events request body)" == changes[0].description


def test_rest_response_nullability_widened_breaks_narrowed_does_not(openapi) -> None:
    pinned, live = openapi
    props = _schema(live, "OrderItemRead")["properties"]
    props["totalCents"] = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert _summary(openapi_diff.compare(pinned, live)) == [("breaking", "TYPE_CHANGED")]
    # the reverse (a nullable response field that is now always set) is no risk to a client
    assert _summary(openapi_diff.compare(live, pinned)) == [("additive", "TYPE_CHANGED")]


def test_rest_parameters_new_required_breaks_new_optional_is_additive(openapi) -> None:
    pinned, live = openapi
    operation = live["paths"]["/v1/venues/{id}"]["get"]
    operation["parameters"].append({"name": "expand", "in": "query", "required": False, "schema": {"type": "string"}})
    operation["parameters"].append({"name": "tenant", "in": "header", "required": True, "schema": {"type": "string"}})
    assert _summary(openapi_diff.compare(pinned, live)) == [("additive", "PARAMETER_ADDED"), ("breaking", "REQUIRED_PARAMETER_ADDED")]


def test_rest_response_enum_gaining_a_value_is_dangerous(openapi) -> None:
    pinned, live = openapi
    status = _schema(live, "EntitlementRead")["properties"]["status"]
    status["enum"] = [*status["enum"], "TRANSFERRED"]
    changes = openapi_diff.compare(pinned, live)
    assert _summary(changes) == [("dangerous", "ENUM_VALUE_ADDED")] and "TRANSFERRED" in changes[0].description


def test_rest_path_parameter_renamed_is_the_same_operation(openapi) -> None:
    pinned, live = openapi
    item = live["paths"].pop("/v1/venues/{id}")
    for operation in item.values():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                parameter["name"] = "venue_id"
    live["paths"]["/v1/venues/{venue_id}"] = item
    assert openapi_diff.compare(pinned, live) == []
