"""A fan's personal data as each viewer sees it (features/security/personal_data.csv), over both APIs.

One fan with every personal field filled in buys a ticket; each viewer then reads that fan in
every way the two APIs offer: the management API's fan list and fan by id, the fan API's buyer of
the fan's order, and (for the fan themselves) their own profile. Which of those ways the viewer
may use comes from the access matrix: a way it allows must answer, and every answer that shows
the fan must show each field as the table says. A refused way shows nothing, which is what the
table says for another fan and for callers without a token (their rows are "hidden").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from data_factories import FanFactory, purchase
from support.access_matrix import load_matrix
from support.clients.auth import Credentials
from support.clients.graphql import operations
from support.clients.masking import EMAIL, PHONE, mask_email, mask_phone
from support.journeys import setup
from support.journeys.security_matrix import verdict
from support.personal_data import TABLE_FILE, Visibility, load_table
from support.state import REFUSALS, Outcome, ScenarioState

PROFILE = "profiled fan"


@dataclass
class Reading:
    """One way of reading the fan: over which API, whether the access matrix lets the viewer use it, what came back."""

    api: str
    way: str
    allowed: bool
    outcome: Outcome
    fan: dict[str, Any] | None = None   # the fan as answered (None: refused, or not in the answer)


def fan_with_complete_profile(state: ScenarioState) -> None:
    """A fan with every personal field filled in and a paid order (whose buyer the fan API shows)."""
    fan = FanFactory(attributes={"fanClub": "gold"})
    seats = setup.event_with_seats(state, "Personal data", seats=2, section="A", base_cents=5000).sections["A"].seats
    state.variables[PROFILE] = fan
    state.variables["profiled order"] = str(purchase(fan, seats[:1]).order.id)


def _token(state: ScenarioState, viewer: str) -> str | None:
    if viewer == "anonymous":
        return None
    if viewer == "own fan":
        fan = state.variables[PROFILE]
        return state.session.tokens.token(Credentials(username=fan.username, password=fan.password))
    if viewer == "other fan":
        other = state.variables.get("other fan") or FanFactory()
        state.variables["other fan"] = other
        return state.session.tokens.token(Credentials(username=other.username, password=other.password))
    return state.session.tokens.token(state.session.credentials[viewer])


def _may(operation: str, viewer: str) -> bool:
    """Whether the access matrix lets ``viewer`` use ``operation`` on this fan's data."""
    rule = load_matrix()[operation].rule("fan" if viewer in ("own fan", "other fan") else viewer)
    return rule == "allow" or (rule == "own-only" and viewer == "own fan")


def _rest(state: ScenarioState, viewer: str, token: str | None) -> list[Reading]:
    fan_id, email = str(state.variables[PROFILE].id), state.variables[PROFILE].email
    readings = []
    for operation, way, query in (("GET /v1/fans", "the fan list", {"email": email}), ("GET /v1/fans/{id}", "the fan by id", None)):
        _, template = operation.split(" ", 1)
        try:
            body = state.session.rest.call("GET", template, role=None, token=token, path_params={"id": fan_id},
                                           query=query).raise_for_problem().body
            outcome = Outcome(value=body)
        except REFUSALS as error:
            outcome, body = Outcome(error=error), None
        listed = (body or {}).get("items", [body] if body else [])
        readings.append(Reading("the management API", way, _may(operation, viewer), outcome,
                                next((f for f in listed if f and f.get("id") == fan_id), None)))
    return readings


def _graphql(state: ScenarioState, viewer: str, token: str | None) -> list[Reading]:
    fan_id = str(state.variables[PROFILE].id)
    ways = [("query order", "the buyer of the fan's order", operations.order_buyer(), {"id": state.variables["profiled order"]})]
    if viewer == "own fan":  # another fan's own profile is someone else's data
        ways.append(("query me", "their own profile", operations.me(), {}))
    readings = []
    for operation, way, document, variables in ways:
        try:
            data = state.session.graphql.execute(document, variables, token=token).raise_for_errors().data or {}
            fan = (data.get("order") or {}).get("fan") if "order" in data else data.get("me")
            outcome = Outcome(value=fan)
        except REFUSALS as error:
            outcome, fan = Outcome(error=error), None
        readings.append(Reading("the fan API", way, _may(operation, viewer), outcome,
                                fan if fan and fan.get("id") == fan_id else None))
    return readings


def read_as(state: ScenarioState, viewer: str) -> list[Reading]:
    """``viewer`` reads the profiled fan in every way of both APIs; kept for the Then step."""
    token = _token(state, viewer)
    readings = _rest(state, viewer, token) + _graphql(state, viewer, token)
    state.variables["personal data readings"] = (viewer, readings)
    return readings


def expected_value(stored: Any, field: str, rule: Visibility) -> Any:
    """What the table's rule makes of the stored value; masks as sandbox/README.md states them."""
    if rule == "shown":
        return stored
    if rule == "hidden":
        return {} if field == "attributes" else None
    masked = {"email": lambda v: EMAIL.sub(mask_email, v), "phone": lambda v: PHONE.sub(mask_phone, v)}
    if field not in masked:
        raise ValueError(f"{TABLE_FILE.name}: {field} cannot be masked (only email and phone can)")
    value = masked[field](stored)
    if value == stored:
        raise ValueError(f"the stored {field} has no shape the mask recognises, so masking it would change nothing")
    return value


def problems(state: ScenarioState, data: str, rule: Visibility) -> list[str]:
    """How the answers differ from the table's cell (empty when they agree)."""
    viewer, readings = state.variables["personal data readings"]
    row = load_table()[data]
    stored = getattr(state.variables[PROFILE], _column(row.field))
    expected = expected_value(stored, row.field, rule)
    where = f"cell ({viewer}, {data}) = {rule}"
    found = []
    for reading in readings:
        if reading.allowed and reading.fan is None:
            found.append(f"{where}: over {reading.api}, {reading.way}: the access matrix lets the {viewer} read the fan, "
                         f"but the answer did not show them ({verdict(reading.outcome)})")
        elif reading.fan is not None and reading.fan.get(row.field) != expected and not (
                rule == "hidden" and reading.fan.get(row.field) in (None, {})):
            found.append(f"{where}: over {reading.api}, {reading.way}: expected {expected!r}, "
                         f"got {reading.fan.get(row.field)!r}")
    if rule != "hidden" and not any(r.fan is not None for r in readings):
        found.append(f"{where}: no way of either API showed the fan to the {viewer}, so '{rule}' was never seen")
    return found


def _column(field: str) -> str:
    """firstName -> first_name: the factory row's attribute of an API field."""
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in field)
