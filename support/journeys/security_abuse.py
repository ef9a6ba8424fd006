"""Abuse a platform must survive: password guessing, invented tokens, greedy GraphQL documents,
oversized bodies.

Each check runs on a second platform process started with low limits (``security_platform``), so
a handful of requests proves the limit and the shared platform is never throttled. Every request
rotates the headers a client controls (X-Forwarded-For, X-Real-IP) so a limit that trusted them
would be escaped, and the checks would fail.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from data_factories import FanFactory
from support.clients.transport import HttpTransport
from support.errors import PlatformUnreachable
from support.journeys.security_platform import extra_platform, transport_to
from support.stack.state import PlatformOptions
from support.state import ScenarioState

_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


@dataclass
class Reply:
    """One answer as the abuse checks read it."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


def _spoofed() -> dict[str, str]:
    """Headers a client may set to look like someone else (a new address each time)."""
    address = next(_addresses)
    return {"X-Forwarded-For": address, "X-Real-IP": address, "Forwarded": f"for={address}", "Connection": "close"}


def _send(transport: HttpTransport, method: str, path: str, *, json: Any = None,
          headers: dict[str, str] | None = None) -> Reply:
    try:
        sent = {**_spoofed(), **(headers or {})}
        response, _ = transport.send(method, path, operation=f"{method} {path}", json=json, headers=sent)
    except PlatformUnreachable as exc:
        return Reply(None, body=exc.cause)
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, body)


def _with_platform(settings: dict[str, str], **options: Any) -> Any:
    return extra_platform(PlatformOptions(settings=settings, **options))


# -- password guessing ---------------------------------------------------------------------------------
def guess_passwords(state: ScenarioState, guesses: int, *, per_account: int, per_client: int,
                    many_accounts: bool) -> list[Reply]:
    """``guesses`` wrong passwords (for one fan, or for a new user name each time), then the right one."""
    fan = FanFactory(first_name="Target")
    settings = {"login_max_failures_per_account": str(per_account), "login_max_failures_per_client": str(per_client)}
    with _with_platform(settings) as (url, _):
        transport = transport_to(url, verify=True)
        try:
            replies = []
            for _ in range(guesses):
                username = f"guess.{uuid.uuid4().hex[:8]}@example.test" if many_accounts else fan.username
                replies.append(_send(transport, "POST", "/v1/auth/token",
                                     json={"username": username, "password": f"wrong-{uuid.uuid4().hex[:6]}"}))
            replies.append(_send(transport, "POST", "/v1/auth/token",
                                 json={"username": fan.username, "password": fan.password}))
        finally:
            transport.close()
    state.variables["replies"] = replies
    return replies


# -- invented tokens -----------------------------------------------------------------------------------
def invented_tokens(state: ScenarioState, count: int, *, burst: int, per_second: float) -> list[Reply]:
    """``count`` requests, each with a fresh random bearer token, to a platform allowing ``burst``."""
    options = {"rate_limit_burst": burst, "rate_limit_per_second": per_second}
    with _with_platform({}, **options) as (url, _):
        transport = transport_to(url, verify=True)
        try:
            replies = [_send(transport, "GET", "/v1/venues", headers={"Authorization": f"Bearer {uuid.uuid4().hex}.x.y"})
                       for _ in range(count)]
        finally:
            transport.close()
    state.variables["replies"] = replies
    return replies


# -- greedy GraphQL documents --------------------------------------------------------------------------
DOCUMENTS = {
    "a document nested 4 levels deep": "query Deep { events(first: 1) { edges { node { performers { id } } } } }",
    "a document nested 3 levels deep": "query Shallow { events(first: 1) { edges { cursor } } }",
    "a document with 4 aliases": "query Batch { a: events(first: 1) { totalCount } b: events(first: 1) { totalCount }"
                                 " c: events(first: 1) { totalCount } d: events(first: 1) { totalCount } }",
    "a document with 3 aliases": "query Batch { a: events(first: 1) { totalCount } b: events(first: 1) { totalCount }"
                                 " c: events(first: 1) { totalCount } }",
    "a document asking for 100 events with their details": "query Costly { events(first: 100) { edges { cursor node {"
                                                            " id name status startsAt } } } }",
    "a document asking for 2 events": "query Cheap { events(first: 2) { edges { node { id } } } }",
}
GRAPHQL_LIMITS = {"graphql_max_depth": "3", "graphql_max_aliases": "3", "graphql_max_complexity": "50"}


def send_documents(state: ScenarioState, names: list[str]) -> dict[str, Reply]:
    """Each named document once, to a platform allowing depth 3, 3 aliases and a cost of 50."""
    with _with_platform(GRAPHQL_LIMITS) as (url, _):
        transport = transport_to(url + "/graphql", verify=True)
        try:
            replies = {name: _send(transport, "POST", "", json={"query": DOCUMENTS[name]}) for name in names}
        finally:
            transport.close()
    state.variables["documents"] = replies
    return replies


def graphql_outcome(reply: Reply) -> str:
    """answered, refused as too complex, or what else came back."""
    if reply.status is None or not isinstance(reply.body, dict):
        return f"no GraphQL answer (HTTP {reply.status})"
    errors = reply.body.get("errors") or []
    if not errors:
        return "answered"
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    if codes == {"QUERY_TOO_COMPLEX"}:
        return "refused as too complex"
    return f"refused otherwise ({'; '.join(str(e.get('message')) for e in errors)})"


# -- oversized bodies ----------------------------------------------------------------------------------
def send_bodies(state: ScenarioState, limit: int) -> dict[str, Reply]:
    """A body just under and one 4x over ``limit`` bytes, to the management and the fan API."""
    filler = "x" * (4 * limit)
    with _with_platform({"max_body_bytes": str(limit)}) as (url, _):
        transport = transport_to(url, verify=True)
        token = state.session.tokens.token(state.session.credentials["admin"])
        auth = {"Authorization": f"Bearer {token}"}
        try:
            replies = {
                "management API, small": _send(transport, "GET", "/v1/venues", headers=auth),
                "management API, oversized": _send(transport, "POST", "/v1/venues", headers=auth, json={"name": filler}),
                "fan API, small": _send(transport, "POST", "/graphql", json={"query": "{ events(first: 1) { totalCount } }"}),
                "fan API, oversized": _send(transport, "POST", "/graphql", json={
                    "query": "{ events(first: 1) { totalCount } }", "variables": {"padding": filler}}),
            }
        finally:
            transport.close()
    state.variables["bodies"] = replies
    return replies
