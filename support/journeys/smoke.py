"""The production smoke check: read-only looks at a live platform, using only data it already has.

Nothing here creates, changes or deletes anything, and nothing calls a factory: the journeys
find an event that is already on sale and read it through the same APIs fans and staff use. In
a read-only environment the transport would refuse a write anyway; these journeys never try one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import get_introspection_query

from support.clients import tls_probe
from support.clients.graphql import operations
from support.clients.tls_probe import TlsReport
from support.contracts.graphql_diff import compare
from support.contracts.pins import load_graphql
from support.errors import ContractViolation
from support.journeys.security_platform import Answer, answer_to
from support.state import ScenarioState

LOOK_AT = 20  # events of the on-sale listing the smoke check considers


@dataclass(frozen=True)
class ExistingEvent:
    """An event the platform already offers (never one this run made)."""

    id: str
    name: str


def platform_health(state: ScenarioState) -> dict[str, Any]:
    """The platform's own health document (GET /health)."""
    response = state.session.rest.call("GET", "/health", validate=False).raise_for_problem()
    return dict(response.body) if isinstance(response.body, dict) else {"status": response.body}


def unhealthy_parts(health: dict[str, Any]) -> list[str]:
    """What the health document says is not ok (the platform itself and each database)."""
    parts = [] if health.get("status") == "ok" else [f"platform: {health.get('status')!r}"]
    databases = health.get("databases") or {}
    parts += [f"database {name}: {status!r}" for name, status in sorted(databases.items()) if status != "ok"]
    return parts


def event_on_sale(state: ScenarioState) -> ExistingEvent:
    """An event on sale with seats a fan can see, as the fan's listing shows it; remembered in the state."""
    result = state.session.graphql.execute(operations.events(), {"filter": {"status": "ON_SALE"}, "first": LOOK_AT},
                                           role="fan").raise_for_errors()
    candidates = [ExistingEvent(str(edge.node.id), str(edge.node.name)) for edge in result.typed.events.edges]
    if not candidates:
        raise ContractViolation("the platform lists no event on sale: the smoke check needs one to look at")
    chosen = next((c for c in candidates if fan_availability(state, c).sections), candidates[0])
    state.variables["existing event"] = chosen
    return chosen


def fan_availability(state: ScenarioState, event: ExistingEvent) -> Any:
    """A fan's view of the event's sections, seats left and prices."""
    result = state.session.graphql.execute(operations.availability(), {"eventId": event.id}, role="fan")
    return result.raise_for_errors().typed.availability


def availability_problems(availability: Any) -> list[str]:
    """What is wrong with an availability answer: no section, negative seats, or a price that does not add up."""
    problems = [] if availability.sections else ["no section is listed"]
    for section in availability.sections:
        where = f"section {section.section} ({section.price_code})"
        if section.available < 0:
            problems.append(f"{where}: {section.available} seats available")
        if not section.prices:
            problems.append(f"{where}: no price")
        for price in section.prices:
            parts = price.base_cents + price.fees_cents + price.tax_cents
            if price.total_cents != parts or min(price.base_cents, price.fees_cents, price.tax_cents) < 0:
                problems.append(f"{where} {price.price_type}: total {price.total_cents} is not base {price.base_cents}"
                                f" + fees {price.fees_cents} + tax {price.tax_cents}")
    return problems


def management_view(state: ScenarioState, event: ExistingEvent, role: str) -> dict[str, Any]:
    """The event as staff see it in the management REST API."""
    response = state.session.rest.call("GET", "/v1/events/{id}", role=role, path_params={"id": event.id})
    return dict(response.raise_for_problem().body)


def secure_answer(state: ScenarioState) -> tuple[str, Answer]:
    """The scheme the platform was reached with (TLS verified by the transport) and its answer to a health check."""
    return str(state.session.settings.platform.rest_url).split(":", 1)[0], answer_to(state, "a health check")


def examine_tls(state: ScenarioState) -> TlsReport:
    """The TLS of the platform's REST endpoint, verified with the configured CA (handshakes only: read-only)."""
    platform = state.session.settings.platform
    report = tls_probe.probe(str(platform.rest_url), platform.ca_file if isinstance(platform.ca_file, Path) else None)
    state.variables["tls report"] = report
    return report


def breaking_schema_changes(state: ScenarioState) -> list[str]:
    """Breaking changes from the pinned GraphQL schema to the one the platform serves (introspection is a query)."""
    live = state.session.graphql.execute(get_introspection_query(descriptions=True), name="IntrospectionQuery")
    if live.errors or live.data is None:
        raise ContractViolation(f"introspection failed: {live.errors[0].get('message') if live.errors else 'no data'}")
    return [c.description for c in compare(load_graphql(), {"data": live.data}) if c.severity == "breaking"]
