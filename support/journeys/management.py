"""Management staff at work over REST v1: catalogue entries, event life cycle, seat maps, holds.

Every action returns an ``Outcome`` (the response body, or the platform's refusal) and keeps it on
the state, so a Then step can check either. Rows the platform creates for us are registered for
cleanup the moment their id is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import SecretStr

from data_factories import EventFactory, VenueFactory
from data_factories.declarations import namespaced
from support.clients.auth import Credentials
from support.clients.graphql import operations
from support.clients.masking import register_access_code
from support.errors import AuthenticationFailed
from support.journeys.management_kinds import Body, Kind, PathParams, kind, vary
from support.state import REFUSALS, EventRecord, Outcome, ScenarioState

ADMIN, OPS, ANALYST = "admin", "ops", "analyst"
HOLD_ACTIONS = {"hold": "HOLD", "kill": "KILL"}


def attempt(state: ScenarioState, method: str, template: str, *, role: str | None = ADMIN, token: str | None = None,
            path_params: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None,
            json: Any = None) -> Outcome:
    """One REST call as ``role`` (None: anonymous) or with an explicit ``token``; a refusal is kept, not raised."""
    try:
        response = state.session.rest.call(method, template, role=None if token else role, token=token,
                                           path_params=path_params, query=query, json=json)
        outcome = Outcome(value=response.raise_for_problem().body)
    except REFUSALS as error:
        outcome = Outcome(error=error)
    state.last = outcome
    return outcome


# -- catalogue entries ------------------------------------------------------------------
def add_entry(state: ScenarioState, label: str, variant: str | None = None) -> Outcome:
    """An administrator adds a new ``label`` (venue, offer, fee...), with one field varied when ``variant`` is given."""
    entry = kind(label)
    path_params, body = entry.valid(state)
    if variant is not None:
        body = vary(body, variant)
    outcome = attempt(state, "POST", entry.collection, path_params=path_params, json=body)
    if outcome.value is not None:
        state.registry.register(entry.database, entry.table, outcome.value["id"])
    state.variables["entry"] = (entry, path_params, body, outcome)
    return outcome


def added_entry(state: ScenarioState, label: str) -> dict[str, Any]:
    """Given-style: the new entry must be accepted."""
    outcome = add_entry(state, label)
    if outcome.error is not None:
        raise outcome.error
    return dict(outcome.value)


def _entry(state: ScenarioState) -> tuple[Kind, PathParams, Body, Outcome]:
    if "entry" not in state.variables:
        raise LookupError("no management entry in this scenario: add a step that adds one")
    return state.variables["entry"]


def read_back(state: ScenarioState, *, role: str | None = None) -> dict[str, Any] | None:
    """The entry as staff read it now (None once it is gone); owned entries are found in their parent's list.

    ``role``: who reads (default: the entry kind's reader, analysts for all but fans)."""
    entry, path_params, _, outcome = _entry(state)
    role = role or entry.reader
    entry_id = outcome.value["id"]
    if entry.owned:
        listing = attempt(state, "GET", entry.collection, role=role, path_params=path_params)
        return next((row for row in listing.value or [] if row["id"] == entry_id), None)
    found = attempt(state, "GET", entry.collection + "/{entry}", role=role, path_params={"entry": entry_id})
    if found.error is not None and getattr(found.error, "status", None) != 404:
        raise found.error
    return found.value


def differences(sent: Mapping[str, Any], stored: Mapping[str, Any] | None) -> list[str]:
    """Fields that did not come back as they were sent (write-only passwords excepted)."""
    if stored is None:
        return ["the entry cannot be found"]
    return [f"{field}: sent {value!r}, read {stored.get(field)!r}" for field, value in sent.items()
            if field != "password" and _normal(stored.get(field)) != _normal(value)]


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value) if "T" in value else value
        except ValueError:
            return value
    return value


def sent_body(state: ScenarioState) -> Body:
    return _entry(state)[2]


def change_entry(state: ScenarioState, changes: Mapping[str, Any]) -> Outcome:
    """An administrator changes the entry added earlier; the sent body now includes the changes."""
    entry, path_params, body, outcome = _entry(state)
    changed = attempt(state, "PATCH", entry.collection + "/{entry}", path_params={"entry": outcome.value["id"]},
                      json=dict(changes))
    state.variables["entry"] = (entry, path_params, {**body, **changes}, outcome)
    return changed


def change_fan_email(state: ScenarioState) -> Outcome:
    """An administrator gives the fan added earlier a new e-mail address (her login name too)."""
    old = sent_body(state)["email"]
    state.variables["fan.old_email"] = old
    return change_entry(state, {"email": "new." + old})


def add_fan_with_email_in_capitals(state: ScenarioState) -> Outcome:
    """An administrator adds a second fan whose e-mail address (her login name) is the first fan's in capitals."""
    entry = kind("fan")
    path_params, body = entry.valid(state)
    outcome = attempt(state, "POST", entry.collection, path_params=path_params,
                      json={**body, "email": sent_body(state)["email"].upper()})
    if outcome.value is not None:  # a platform that takes it: the second fan is the scenario's to remove
        state.registry.register(entry.database, entry.table, outcome.value["id"])
    return outcome


def sign_ins_after_email_change(state: ScenarioState) -> tuple[bool, bool]:
    """Whether the fan added earlier gets a token with her password and (the new, the old) e-mail address."""
    return _can_sign_in(state, sent_body(state)["email"]), _can_sign_in(state, state.variables["fan.old_email"])


def _can_sign_in(state: ScenarioState, email: str) -> bool:
    password = SecretStr(sent_body(state)["password"])
    try:
        state.session.tokens.login(Credentials(username=email, password=password))
    except AuthenticationFailed:
        return False
    return True


def remove_entry(state: ScenarioState) -> Outcome:
    """An administrator deletes the entry added earlier."""
    entry, path_params, _, outcome = _entry(state)
    return attempt(state, "DELETE", entry.collection + "/{entry}", path_params={**path_params, "entry": outcome.value["id"]})


# -- the life of an event ------------------------------------------------------------------
def draft_event(state: ScenarioState, title: str) -> EventRecord:
    """A DRAFT event with no seats and no prices yet, at the scenario's venue."""
    if state.venue is None:
        state.venue = VenueFactory()
    record = EventRecord(title=title, event=EventFactory(name=namespaced(title), venue_id=state.venue.id, status="DRAFT"))
    state.events[title] = record
    state.current_event = title
    return record


def lay_out_seats(state: ScenarioState, title: str, sections: Sequence[Mapping[str, str]]) -> Outcome:
    """Operations create the seat map: per section, a price code and ``rows`` rows of ``seats per row`` seats."""
    body = {"sections": [{
        "section": s["section"], "priceCode": s["price code"],
        "rows": [{"row": str(n + 1), "seats": int(s["seats per row"])} for n in range(int(s["rows"]))],
    } for s in sections]}
    return attempt(state, "POST", "/v1/events/{id}/inventory", role=OPS, path_params={"id": state.event(title).id}, json=body)


def price_seats(state: ScenarioState, title: str, price_code: str, base_cents: int, *, price_type: str = "ADULT") -> Outcome:
    """An administrator sets the base price of a price code for one price type."""
    body = {"eventId": state.event(title).id, "priceCode": price_code, "priceType": price_type, "baseCents": base_cents}
    outcome = attempt(state, "POST", "/v1/price-points", json=body)
    if outcome.value is not None:
        state.registry.register("inventory", "price_point", outcome.value["id"])
        state.variables[f"price point {price_code}"] = outcome.value["id"]
    return outcome


def add_component(state: ScenarioState, price_code: str, body: Body) -> Outcome:
    """A fee or tax on the price point set earlier for ``price_code``."""
    outcome = attempt(state, "POST", "/v1/price-points/{id}/components", json=body,
                      path_params={"id": state.variables[f"price point {price_code}"]})
    if outcome.value is not None:
        state.registry.register("inventory", "price_component", outcome.value["id"])
    return outcome


def gate_for_event(state: ScenarioState, title: str, gate: str) -> Outcome:
    """An administrator makes every seat of the event admit through ``gate``."""
    body = {"eventId": state.event(title).id, "name": namespaced(f"{gate} access"), "gateAccessLevel": gate}
    outcome = attempt(state, "POST", "/v1/entitlement-templates", json=body)
    if outcome.value is not None:
        state.registry.register("inventory", "entitlement_template", outcome.value["id"])
    return outcome


def gate_for_section(state: ScenarioState, title: str, section: str, gate: str, *, of_event: str | None = None) -> Outcome:
    """An administrator makes the seats of one section admit through ``gate``: a template of the
    event ``title`` for the block of ``section`` (of the event ``of_event``, by default the same one)."""
    block = state.event(of_event or title).sections[section].block
    body = {"eventId": state.event(title).id, "blockId": str(block.id), "name": namespaced(f"{gate} access"), "gateAccessLevel": gate}
    outcome = attempt(state, "POST", "/v1/entitlement-templates", json=body)
    if outcome.value is not None:
        state.registry.register("inventory", "entitlement_template", outcome.value["id"])
    return outcome


def delete_event(state: ScenarioState, title: str) -> Outcome:
    """An administrator deletes the event (the inventory database has no foreign key to it: the platform must refuse
    while seats, prices or orders refer to it)."""
    return attempt(state, "DELETE", "/v1/events/{id}", path_params={"id": state.event(title).id})


def change_status(state: ScenarioState, title: str, action: str) -> Outcome:
    """An administrator publishes or cancels the event (``action``: "publish" or "cancel")."""
    return attempt(state, "POST", f"/v1/events/{{id}}/{action}", path_params={"id": state.event(title).id})


def event_status(state: ScenarioState, title: str) -> str:
    """The event's status as staff see it in the management API."""
    found = attempt(state, "GET", "/v1/events/{id}", role=ANALYST, path_params={"id": state.event(title).id})
    if found.error is not None:
        raise found.error
    return str(found.value["status"])


def seat_counts(state: ScenarioState, section: str, title: str | None = None) -> dict[str, int]:
    """Seats of ``section`` per status (AVAILABLE, HELD, KILLED...) in the management view."""
    found = attempt(state, "GET", "/v1/events/{id}/inventory", role=ANALYST, path_params={"id": state.event(title).id})
    if found.error is not None:
        raise found.error
    counts: dict[str, int] = {}
    for block in found.value["sections"]:
        if block["section"] == section:
            for status, count in block["byStatus"].items():
                counts[status] = counts.get(status, 0) + count
    return counts


# -- holds and kills -------------------------------------------------------------------------
def take_off_sale(state: ScenarioState, verb: str, section: str, *, count: int | None = None, row: str | None = None) -> Outcome:
    """Operations hold or kill ``count`` seats of ``section`` (all of it, or one ``row``, when no count)."""
    selection = _selection(state, section, count=count, row=row)
    outcome = attempt(state, "POST", "/v1/holds", role=OPS, json={**selection, "action": HOLD_ACTIONS[verb]})
    if outcome.value is not None:
        state.variables["off sale"] = selection
    return outcome


def put_back_on_sale(state: ScenarioState, section: str | None = None, *, count: int | None = None) -> Outcome:
    """Operations release the seats taken off sale earlier (or ``count`` seats of ``section``)."""
    selection = state.variables.get("off sale") if section is None else _selection(state, section, count=count)
    if selection is None:
        raise LookupError("no seats were taken off sale in this scenario")
    return attempt(state, "POST", "/v1/holds/release", role=OPS, json=selection)


def _selection(state: ScenarioState, section: str, *, count: int | None, row: str | None = None) -> dict[str, Any]:
    record = state.event()
    if count is None:
        return {"eventId": record.id, "section": section, **({"row": row} if row else {})}
    seats = record.sections[section].seats[:count] if section in record.sections else []
    return {"eventId": record.id, "itemIds": [str(s.id) for s in seats]}


# -- offers ------------------------------------------------------------------------------
def open_offer(state: ScenarioState, name: str, title: str, *, access_code: str | None = None) -> Outcome:
    """An administrator opens offer ``name`` for the event (through an event group), optionally behind a code."""
    group = attempt(state, "POST", "/v1/event-groups", json={"name": namespaced(f"{title} group"),
                                                               "eventIds": [state.event(title).id]})
    if group.error is not None:
        raise group.error
    state.registry.register("events", "event_group", group.value["id"])
    body = {"name": namespaced(name), "startsAt": _now(-1), "endsAt": _now(30), "requiresAccessCode": access_code is not None,
            "eventGroupIds": [group.value["id"]]}
    offer = attempt(state, "POST", "/v1/offers", json=body)
    if offer.value is not None:
        state.registry.register("inventory", "offer", offer.value["id"])
        state.variables[f"offer {name}"] = offer.value["id"]
        if access_code is not None:
            register_access_code(access_code)  # masked in every report and log line from here on
            _owned(state, name, "access-codes", "access_code", {"code": access_code, "maxUses": 5})
    return offer


def restrict_offer(state: ScenarioState, name: str, attribute: str, value: str) -> Outcome:
    """The offer is only for fans whose ``attribute`` is ``value``."""
    return _owned(state, name, "user-attributes", "user_attribute", {"name": attribute, "value": value})


def _owned(state: ScenarioState, offer: str, path: str, table: str, body: Body) -> Outcome:
    outcome = attempt(state, "POST", f"/v1/offers/{{id}}/{path}", path_params={"id": state.variables[f"offer {offer}"]}, json=body)
    if outcome.error is not None:
        raise outcome.error
    state.registry.register("inventory", table, outcome.value["id"])
    return outcome


def offers_seen_by(state: ScenarioState, name: str, title: str) -> dict[str, bool]:
    """Offers of the event the fan ``name`` sees, by name (namespace tag removed) -> needs an access code."""
    result = state.session.graphql.execute(operations.offers(), {"eventId": state.event(title).id},
                                           as_user=state.actor(name).credentials).raise_for_errors()
    return {offer.name.rsplit(" [", 1)[0]: bool(offer.requires_access_code) for offer in result.typed.offers}


def _now(days: float) -> str:
    return (dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=days)).isoformat()
