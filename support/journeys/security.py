"""Who may do what, over both APIs, and what the platform does with bad tokens.

An access check is an action run as one caller: a staff role, a fan of the scenario, or nobody
(anonymous). Each action makes the data it acts on, so "allowed" means the platform really did
it, and a refusal is classified the way a business reader says it: "refused as unauthenticated"
(401 / UNAUTHENTICATED) or "refused as forbidden" (403 / FORBIDDEN).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_fixed

from data_factories import AppUserFactory, FanFactory, purchase, seat_map
from support.clients.auth import Credentials
from support.clients.graphql import operations
from support.journeys import management, setup
from support.journeys.management_kinds import kind
from support.journeys.security_tokens import forged_token, resigned
from support.state import REFUSALS, Actor, Outcome, ScenarioState

ANONYMOUS, FAN = "anonymous", "fan"
Caller = dict[str, Any]  # keyword arguments naming the caller: role=..., token=..., as_user=...


def _fan(state: ScenarioState) -> Actor:
    """The scenario's own fan (never the shared demo fan): acts for the "fan" role."""
    if "Fan" not in state.actors:
        fan = FanFactory(first_name="Fan")
        state.actors["Fan"] = Actor("Fan", str(fan.id), Credentials(username=fan.username, password=fan.password))
        state.variables["fan row"] = fan
    return state.actors["Fan"]


def _rest_caller(state: ScenarioState, role: str) -> Caller:
    if role == ANONYMOUS:
        return {"role": None}
    if role == FAN:
        return {"token": state.session.tokens.token(_fan(state).credentials)}
    return {"role": role}


def _graphql_caller(state: ScenarioState, role: str) -> Caller:
    if role == ANONYMOUS:
        return {}
    if role == FAN:
        return {"as_user": _fan(state).credentials}
    return {"role": role}


def _graphql(state: ScenarioState, operation: Any, variables: dict[str, Any], caller: Caller, field: str) -> Outcome:
    try:
        result = state.session.graphql.execute(operation, variables, **caller).raise_for_errors()
        outcome = Outcome(value=getattr(result.typed, field))
    except REFUSALS as error:
        outcome = Outcome(error=error)
    state.last = outcome
    return outcome


def _draft_with_seats(state: ScenarioState) -> str:
    record = management.draft_event(state, "Access Check Draft")
    seat_map(record.event, "A", rows=1, seats_per_row=4)
    return record.id


def _on_sale(state: ScenarioState) -> str:
    return setup.event_with_seats(state, "Access Check", seats=10, section="A", base_cents=5000).id


def _paid_order(state: ScenarioState) -> str:
    """A paid order of the scenario's fan for two seats of an on-sale event."""
    record = state.events.get("Access Check") or setup.event_with_seats(state, "Access Check", seats=10, section="A",
                                                                        base_cents=5000)
    _fan(state)
    order_id = str(purchase(state.variables["fan row"], record.sections["A"].seats[:2]).order.id)
    state.variables["order id"] = order_id
    return order_id


# -- the management API (REST v1) ---------------------------------------------------------
def _rest(method: str, template: str, make: Callable[[ScenarioState], tuple[dict[str, Any], Any]] | None = None,
          register: tuple[str, str] | None = None) -> Callable[[ScenarioState, Caller], Outcome]:
    def act(state: ScenarioState, caller: Caller) -> Outcome:
        path_params, body = make(state) if make else ({}, None)
        outcome = management.attempt(state, method, template, path_params=path_params, json=body, **caller)
        if register and outcome.value is not None:
            state.registry.register(*register, outcome.value["id"])
        return outcome
    return act


def _venue_body(state: ScenarioState) -> tuple[dict[str, Any], Any]:
    path_params, body = kind("venue").valid(state)
    state.variables["venue name"] = body["name"]
    return path_params, body


SEAT_MAP = {"sections": [{"section": "B", "priceCode": "STD", "rows": [{"row": "1", "seats": 4}]}]}

REST_ACTIONS: dict[str, Callable[[ScenarioState, Caller], Outcome]] = {
    "look up the venues": _rest("GET", "/v1/venues"),
    "add a venue": _rest("POST", "/v1/venues", lambda s: _venue_body(s), register=("events", "venue")),
    "put an event on sale": _rest("POST", "/v1/events/{id}/publish", lambda s: ({"id": _draft_with_seats(s)}, None)),
    "lay out a seat map": _rest("POST", "/v1/events/{id}/inventory", lambda s: ({"id": _draft_with_seats(s)}, SEAT_MAP)),
    "hold seats": _rest("POST", "/v1/holds", lambda s: ({}, {"eventId": _on_sale(s), "section": "A", "action": "HOLD"})),
    "read the order book": _rest("GET", "/v1/orders"),
    "read the audit log": _rest("GET", "/v1/audit-events"),
}

# -- the fan API (GraphQL) ------------------------------------------------------------------
GRAPHQL_ACTIONS: dict[str, Callable[[ScenarioState, Caller], Outcome]] = {
    "browse the events": lambda s, c: _graphql(s, operations.events(), {"first": 1}, c, "events"),
    "read their own profile": lambda s, c: _graphql(s, operations.me(), {}, c, "me"),
    "reserve seats": lambda s, c: _graphql(s, operations.reserve_seats(), {"input": {
        "eventId": _on_sale(s), "quantity": 1, "priceType": "ADULT", "section": "A"}}, c, "reserve_seats"),
    "look up an order": lambda s, c: _graphql(s, operations.order(), {"id": _paid_order(s)}, c, "order"),
    "cancel an order": lambda s, c: _graphql(s, operations.cancel_order(), {"orderId": _paid_order(s)}, c, "cancel_order"),
}


def act_as(state: ScenarioState, role: str, action: str) -> Outcome:
    """``role`` (admin, ops, analyst, fan, anonymous) tries ``action`` over the API that offers it."""
    if action in REST_ACTIONS:
        outcome = REST_ACTIONS[action](state, _rest_caller(state, role))
    elif action in GRAPHQL_ACTIONS:
        outcome = GRAPHQL_ACTIONS[action](state, _graphql_caller(state, role))
    else:
        raise LookupError(f"unknown action {action!r}; known: {', '.join([*REST_ACTIONS, *GRAPHQL_ACTIONS])}")
    state.variables["attempt"] = (action, outcome)
    return outcome


def _venues_named(state: ScenarioState, name: str) -> int:
    found = management.attempt(state, "GET", "/v1/venues", query={"name": name})
    return int(found.value["total"]) if found.value else -1


def _order_status(state: ScenarioState) -> str:
    found = management.attempt(state, "GET", "/v1/orders/{id}", path_params={"id": state.variables["order id"]})
    return str(found.value["status"]) if found.value else "unknown"


# What each changing action leaves behind, read back as an administrator: True when it happened.
EFFECTS: dict[str, Callable[[ScenarioState], bool]] = {
    "add a venue": lambda s: _venues_named(s, s.variables["venue name"]) == 1,
    "put an event on sale": lambda s: management.event_status(s, "Access Check Draft") == "ON_SALE",
    "lay out a seat map": lambda s: sum(management.seat_counts(s, "B", "Access Check Draft").values()) == 4,
    "hold seats": lambda s: management.seat_counts(s, "A", "Access Check").get("HELD", 0) == 10,
    "reserve seats": lambda s: management.seat_counts(s, "A", "Access Check").get("LOCKED", 0) == 1,
    "cancel an order": lambda s: _order_status(s) == "REFUNDED",
}


def effect_matches(state: ScenarioState) -> tuple[str, bool, bool] | None:
    """(action, allowed, happened) for the last attempt when its action changes something; None for reads."""
    action, outcome = state.variables["attempt"]
    if action not in EFFECTS:
        return None
    return action, verdict(outcome) == "allowed", EFFECTS[action](state)


def verdict(outcome: Outcome) -> str:
    """How a business reader names the outcome: allowed, refused as unauthenticated / forbidden, or what else."""
    if outcome.error is None:
        return "allowed"
    code = getattr(outcome.error, "code", None)
    status = getattr(outcome.error, "status", None)
    if code == "UNAUTHENTICATED" and status in (None, 200, 401):
        return "refused as unauthenticated"
    if code == "FORBIDDEN" and status in (None, 200, 403):
        return "refused as forbidden"
    return f"failed otherwise ({outcome.error})"


# -- bad tokens ------------------------------------------------------------------------------
def _signing_keys(state: ScenarioState) -> dict[str, Any]:
    return dict(state.session.rest.call("GET", "/.well-known/jwks.json").raise_for_problem().body)


def _use(state: ScenarioState, api: str, token: str | None) -> Outcome:
    """A staff read (management API) or the fan's own profile (fan API) with ``token`` (None: none)."""
    if api == "management API":
        return management.attempt(state, "GET", "/v1/orders", **({"token": token} if token else {"role": None}))
    return _graphql(state, operations.me(), {}, {"token": token} if token else {}, "me")


def call_with(state: ScenarioState, api: str, credential: str) -> Outcome:
    """A staff read (management API) or the fan's own profile (fan API), presenting ``credential``."""
    who = state.session.credentials["analyst"] if api == "management API" else _fan(state).credentials
    token = forged_token(state.session.tokens, who, credential, jwks=lambda: _signing_keys(state))
    outcome = _use(state, api, token)
    state.variables["credential outcome"] = outcome
    return outcome


def call_with_resigned(state: ScenarioState, api: str, defect: str) -> Outcome:
    """A token signed with the platform's own key (the local stack's key file) but ``defect`` (kid, aud, iss)."""
    from support.stack.lifecycle import LocalStack

    who = state.session.credentials["analyst"] if api == "management API" else _fan(state).credentials
    genuine = state.session.tokens.login(who).access_token
    state.variables["while valid"] = _use(state, api, genuine)
    outcome = _use(state, api, resigned(genuine, LocalStack().key_file.read_bytes(), defect))
    state.variables["credential outcome"] = outcome
    return outcome


def _own_account(state: ScenarioState, api: str) -> Credentials:
    """A login of the scenario's own: revoking it or changing its password touches no shared account."""
    if api == "fan API":
        return _fan(state).credentials
    user = AppUserFactory(role="analyst", username=f"analyst.{uuid.uuid4().hex[:10]}")
    return Credentials(username=user.username, password=user.password)


ACCOUNT_EVENTS = ("a password change", "a revocation of the account's sessions")


def call_after_account_event(state: ScenarioState, api: str, event: str) -> Outcome:
    """Uses a token issued before ``event`` (one of ACCOUNT_EVENTS), then one issued after it."""
    if event not in ACCOUNT_EVENTS:
        raise LookupError(f"unknown event {event!r}; known: {', '.join(ACCOUNT_EVENTS)}")
    who = _own_account(state, api)
    before = state.session.tokens.login(who).access_token
    if event == "a password change":
        new_password = f"pw-{uuid.uuid4().hex}"
        changed = management.attempt(state, "POST", "/v1/auth/password", token=before, json={
            "currentPassword": who.password.get_secret_value(), "newPassword": new_password})
        who = Credentials(username=who.username, password=new_password)
    else:
        changed = management.attempt(state, "POST", "/v1/auth/revoke", token=before)
    if changed.error is not None:
        raise changed.error
    outcome = _use(state, api, before)
    state.variables["credential outcome"] = outcome
    state.variables["issued after"] = _use(state, api, state.session.tokens.login(who).access_token)
    state.last = outcome
    return outcome


def call_before_and_after_expiry(state: ScenarioState, api: str, *, lifetime_s: int = 3, limit_s: float = 8.0) -> Outcome:
    """Uses a short-lived token once while valid, waits (bounded) until it has expired, then uses it again.

    3 s, not 1: on a loaded machine (CI shards, load 15) the login and the first call took over a second,
    so a 1 s token had expired before it was first used and "accepted while valid" failed on both attempts."""
    who = state.session.credentials["analyst"] if api == "management API" else _fan(state).credentials
    issued = state.session.tokens.login(who, expires_in=lifetime_s)
    expires_at = time.time() + issued.expires_in

    def use() -> Outcome:
        if api == "management API":
            return management.attempt(state, "GET", "/v1/orders", token=issued.access_token)
        return _graphql(state, operations.me(), {}, {"token": issued.access_token}, "me")

    state.variables["while valid"] = use()
    _wait_until(expires_at + 1.0, limit_s=limit_s)
    outcome = use()
    state.variables["credential outcome"] = outcome
    return outcome


def _wait_until(moment: float, *, limit_s: float) -> None:
    """Bounded wait for a moment on the clock (a token's expiry); never longer than ``limit_s``."""
    poll = Retrying(stop=stop_after_delay(limit_s), wait=wait_fixed(0.2), retry=retry_if_result(lambda early: early))
    try:
        poll(lambda: time.time() < moment)
    except RetryError as exc:
        raise TimeoutError(f"the token did not expire within {limit_s:.0f}s") from exc
