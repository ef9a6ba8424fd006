"""Schema drift: the pinned introspection (committed) against the live platform's (graphql-core)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from graphql import build_client_schema, find_breaking_changes, find_dangerous_changes, get_introspection_query

PINNED_INTROSPECTION = Path(__file__).with_name("schema.json")


@dataclass(frozen=True)
class SchemaChange:
    severity: str  # "breaking" | "dangerous"
    kind: str
    description: str


def fetch_introspection(graphql_url: str, *, verify: bool | str = True, timeout: float = 15.0) -> dict[str, Any]:
    response = requests.post(graphql_url, json={"query": get_introspection_query(descriptions=True)}, timeout=timeout, verify=verify)
    response.raise_for_status()
    payload = response.json()
    if payload.get("errors"):
        raise ValueError(f"introspection failed: {payload['errors'][0].get('message')}")
    return payload


def compare(pinned: dict[str, Any], live: dict[str, Any]) -> list[SchemaChange]:
    """Changes from the pinned schema to the live one that would break or endanger our operations."""
    old, new = build_client_schema(pinned["data"]), build_client_schema(live["data"])
    changes = [SchemaChange("breaking", c.type.name, c.description) for c in find_breaking_changes(old, new)]
    changes += [SchemaChange("dangerous", c.type.name, c.description) for c in find_dangerous_changes(old, new)]
    return changes


def load_pinned(path: Path = PINNED_INTROSPECTION) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
