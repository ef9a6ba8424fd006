"""Schema drift: the pinned GraphQL introspection against a live (or changed) one."""

from __future__ import annotations

import copy
from typing import Any

from support.clients.graphql.drift import compare, fetch_introspection, load_pinned
from support.stack.state import StackState


def _type(introspection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in introspection["data"]["__schema"]["types"] if t["name"] == name)


def test_pinned_schema_matches_the_live_platform(stack_state: StackState) -> None:
    assert compare(load_pinned(), fetch_introspection(stack_state.graphql_url)) == []


def test_removed_field_is_a_breaking_change() -> None:
    pinned = load_pinned()
    live = copy.deepcopy(pinned)
    availability = _type(live, "Availability")
    availability["fields"] = [f for f in availability["fields"] if f["name"] != "totalAvailable"]
    changes = compare(pinned, live)
    assert [(c.severity, c.kind) for c in changes] == [("breaking", "FIELD_REMOVED")]
    assert "Availability.totalAvailable" in changes[0].description


def test_added_enum_value_is_dangerous_not_breaking() -> None:
    pinned = load_pinned()
    live = copy.deepcopy(pinned)
    _type(live, "OrderStatus")["enumValues"].append(
        {"name": "DISPUTED", "description": None, "isDeprecated": False, "deprecationReason": None})
    changes = compare(pinned, live)
    assert [(c.severity, c.kind) for c in changes] == [("dangerous", "VALUE_ADDED_TO_ENUM")]
