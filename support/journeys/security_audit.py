"""The platform's audit log: each security-relevant action leaves exactly one entry, naming who did it.

Every action is done by an account made for the scenario (a fan from the factory, a throw-away
staff login), so the entry it leaves is recognisable, and is removed with that account. The action's
own request is found among the exchanges sent while it ran (the last one: set-up requests such as
the caller's sign-in come first), and its X-Request-Id is how an administrator looks the entry up
in the log (``GET /v1/audit-events?requestId=``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from data_factories import AppUserFactory, FanFactory, purchase
from support.clients.auth import Credentials
from support.clients.graphql import operations
from support.clients.masking import JWT
from support.db.queries import fetch_all
from support.journeys import setup
from support.journeys.exchanges_kept import kept_exchanges
from support.state import REFUSALS, ScenarioState

OUTCOMES = {"success": "SUCCESS", "failure": "FAILURE", "denied": "DENIED", "throttled": "THROTTLED"}
ROLES = ("admin", "ops", "analyst", "fan")


@dataclass
class Account:
    """The scenario's own account of a role: a staff login or a fan with their login."""

    role: str
    username: str
    password: str
    user_id: str | None = None   # staff: their app_user id
    fan_id: str | None = None    # fans: their fan id

    @property
    def credentials(self) -> Credentials:
        return Credentials(username=self.username, password=self.password)


@dataclass
class Performed:
    """An action done for the audit log: which entry it must leave, and the request that did it."""

    action: str
    account: Account
    audit_action: str
    request_id: str
    typed: list[str] = field(default_factory=list)   # secrets the action sent (never to be found in the log)


def _account(state: ScenarioState, role: str) -> Account:
    key = f"audit account {role}"
    if key not in state.variables:
        if role == "fan":
            fan = FanFactory()
            state.variables[key] = Account("fan", fan.username, fan.password, fan_id=str(fan.id))
            state.variables["audit fan row"] = fan
        else:
            user = AppUserFactory(role=role)
            state.variables[key] = Account(role, user.username, user.password, user_id=str(user.id))
    return state.variables[key]


def _token(state: ScenarioState, account: Account) -> str:
    return state.session.tokens.login(account.credentials).access_token


def _sign_in(state: ScenarioState, account: Account, password: str) -> None:
    state.session.rest.call("POST", "/v1/auth/token", role=None, validate=False,
                            json={"username": account.username, "password": password})


def _rest(state: ScenarioState, account: Account, method: str, template: str, path: dict[str, str] | None = None,
          body: Any = None, *, token: str | None = None) -> None:
    state.session.rest.call(method, template, role=None, token=token or _token(state, account), path_params=path,
                            json=body, validate=False)


def _wrong_password() -> str:
    return f"wrong-{uuid.uuid4().hex}"


def _signs_in(state: ScenarioState, account: Account) -> list[str]:
    _sign_in(state, account, account.password)
    return [account.password]


def _signs_in_wrongly(state: ScenarioState, account: Account) -> list[str]:
    wrong = _wrong_password()
    _sign_in(state, account, wrong)
    return [wrong]


def _signs_in_after_too_many_failures(state: ScenarioState, account: Account) -> list[str]:
    """The platform's limit of failed sign-ins per account (5, sandbox/README.md), then one more."""
    typed = [_wrong_password() for _ in range(5)]
    for password in typed:
        _sign_in(state, account, password)
    _sign_in(state, account, account.password)
    return [*typed, account.password]


def _ends_sessions(state: ScenarioState, account: Account) -> list[str]:
    _rest(state, account, "POST", "/v1/auth/revoke")
    return []


def _changes_password(state: ScenarioState, account: Account, *, current: str | None = None) -> list[str]:
    new = f"new-{uuid.uuid4().hex}"
    given = current or account.password
    _rest(state, account, "POST", "/v1/auth/password", body={"currentPassword": given, "newPassword": new})
    if current is None:
        account.password = new
    return [given, new]


def _tries_to_add_a_venue(state: ScenarioState, account: Account) -> list[str]:
    _rest(state, account, "POST", "/v1/venues", body={"name": f"Refused {uuid.uuid4().hex[:8]}", "city": "Austin",
                                                      "country": "US", "capacity": 100})
    return []


def _tries_to_reserve(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    event = setup.event_with_seats(state, "Audited", seats=2, section="A", base_cents=5000)
    try:
        state.session.graphql.execute(operations.reserve_seats(), {"input": {
            "eventId": str(event.event.id), "quantity": 1, "priceType": "ADULT"}}, token=token).raise_for_errors()
    except REFUSALS:
        pass  # refused: the entry is what this action is for
    return []


def _erases(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    state.session.graphql.execute(operations.delete_my_profile(), {}, token=token).raise_for_errors()
    return []


def _reads_fan(state: ScenarioState, account: Account) -> list[str]:
    fan = FanFactory(login=False)
    state.variables["audited fan"] = str(fan.id)
    _rest(state, account, "GET", "/v1/fans/{id}", {"id": str(fan.id)})
    return []


def _reads_buyer(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    fan = FanFactory(login=False)
    seats = setup.event_with_seats(state, "Audited sale", seats=2, section="A", base_cents=5000).sections["A"].seats
    order = purchase(fan, seats[:1]).order
    state.variables["audited fan"] = str(fan.id)
    state.session.graphql.execute(operations.order_buyer(), {"id": str(order.id)}, token=token).raise_for_errors()
    return []


def _changes_price(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    point = setup.event_with_seats(state, "Repriced", seats=2, section="A", base_cents=5000).sections["A"].price_point
    _rest(state, account, "PATCH", "/v1/price-points/{id}", {"id": str(point.id)}, {"baseCents": 5500}, token=token)
    return []


def _publishes(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    event = setup.event_with_seats(state, "Going on sale", seats=2, section="A", base_cents=5000, status="DRAFT")
    _rest(state, account, "POST", "/v1/events/{id}/publish", {"id": str(event.event.id)}, token=token)
    return []


def _cancels(state: ScenarioState, account: Account) -> list[str]:
    token = _token(state, account)
    event = setup.event_with_seats(state, "Called off", seats=2, section="A", base_cents=5000)
    _rest(state, account, "POST", "/v1/events/{id}/cancel", {"id": str(event.event.id)}, token=token)
    return []


# phrase of the feature -> (what the account does, the audit action its entry names)
ACTIONS: dict[str, tuple[Callable[[ScenarioState, Account], list[str]], str]] = {
    "signs in": (_signs_in, "SIGN_IN"),
    "signs in with a wrong password": (_signs_in_wrongly, "SIGN_IN"),
    "signs in once more after too many wrong passwords": (_signs_in_after_too_many_failures, "SIGN_IN"),
    "ends every session of their account": (_ends_sessions, "TOKENS_REVOKED"),
    "changes their password": (_changes_password, "PASSWORD_CHANGED"),
    "changes their password giving a wrong current one": (
        lambda s, a: _changes_password(s, a, current=_wrong_password()), "PASSWORD_CHANGED"),
    "tries to add a venue": (_tries_to_add_a_venue, "ACCESS_DENIED"),
    "tries to reserve seats": (_tries_to_reserve, "ACCESS_DENIED"),
    "erases their personal data": (_erases, "PROFILE_ERASED"),
    "reads a fan's personal data": (_reads_fan, "PERSONAL_DATA_READ"),
    "reads who bought an order": (_reads_buyer, "PERSONAL_DATA_READ"),
    "changes a price": (_changes_price, "PRICE_CHANGED"),
    "puts an event on sale": (_publishes, "EVENT_PUBLISHED"),
    "cancels an event": (_cancels, "EVENT_CANCELLED"),
}


def perform(state: ScenarioState, role: str, action: str) -> Performed:
    """The scenario's ``role`` account does ``action``; the request id of its last request is kept."""
    do, audit_action = ACTIONS[action]
    account = _account(state, role)
    with kept_exchanges() as kept:
        typed = do(state, account)
    request_id = kept.exchanges[-1].request_headers.get("X-Request-Id", "")
    performed = Performed(action, account, audit_action, request_id, typed)
    state.variables["audited action"] = performed
    return performed


def entries_of(state: ScenarioState, request_id: str) -> list[dict[str, Any]]:
    """What an administrator finds in the audit log for one request."""
    found = state.session.rest.call("GET", "/v1/audit-events", role="admin",
                                    query={"requestId": request_id, "limit": 200}).raise_for_problem()
    return list(found.body["items"])


def entry_problems(state: ScenarioState, outcome: str) -> list[str]:
    """How the log's entries for the action's request differ from exactly one naming the account and outcome."""
    performed: Performed = state.variables["audited action"]
    entries = entries_of(state, performed.request_id)
    if not performed.request_id:
        return ["the action's request carried no X-Request-Id"]
    if len(entries) != 1:
        return [f"{len(entries)} entries for request {performed.request_id} ({performed.action}), expected exactly one: "
                f"{[(e['action'], e['outcome']) for e in entries]}"]
    entry, account = entries[0], performed.account
    expected: dict[str, Any] = {"action": performed.audit_action, "outcome": OUTCOMES[outcome], "actorRole": account.role}
    if performed.audit_action == "PROFILE_ERASED":   # the login is gone, and the name was the e-mail
        expected |= {"actorUserId": None, "actorName": None, "fanId": account.fan_id}
    elif account.fan_id is not None:
        expected |= {"fanId": account.fan_id, "actorName": account.username}
    else:
        expected |= {"actorUserId": account.user_id, "actorName": account.username}
    if performed.audit_action == "PERSONAL_DATA_READ":
        expected |= {"targetType": "fan", "targetId": state.variables["audited fan"], "fanId": state.variables["audited fan"]}
    problems = [f"{key}: expected {value!r}, got {entry.get(key)!r}" for key, value in expected.items() if entry.get(key) != value]
    if performed.audit_action == "PROFILE_ERASED":
        problems += _erased_name_still_logged(state, account)
    return problems


def _erased_name_still_logged(state: ScenarioState, account: Account) -> list[str]:
    """After erasure no entry about the fan names them: their user name was their e-mail address."""
    found = state.session.rest.call("GET", "/v1/audit-events", role="admin",
                                    query={"fanId": account.fan_id, "limit": 200}).raise_for_problem().body["items"]
    return [f"the {e['action']} entry of {e['occurredAt']} still names the erased fan" for e in found
            if e.get("actorName") == account.username]


def secrets_in_log(state: ScenarioState) -> list[str]:
    """Passwords the action typed, or any token, found in its entries as answered and as stored."""
    performed: Performed = state.variables["audited action"]
    answered = json.dumps(entries_of(state, performed.request_id))
    stored = json.dumps(fetch_all(state.session.databases["inventory"],
                                  "SELECT * FROM audit_event WHERE request_id = %s", (performed.request_id,)), default=str)
    found = []
    for where, text in (("the log as answered", answered), ("the stored entry", stored)):
        found += [f"{where} holds a password the action typed" for secret in performed.typed if secret in text]
        found += [f"{where} holds a token" for _ in JWT.finditer(text)]
    return found
