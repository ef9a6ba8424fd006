"""The three scenarios: what one client sends in a loop, and how each scenario is named.

Kept apart from the process machinery (load.py) so a scenario can be read, or added, in one place.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # load.py imports this module at run time; these names are only annotations here
    from .load import LoadSpec, Recorder

SCENARIOS = ("rest_get_event", "graphql_availability", "reserve_release")
TITLES = {
    "rest_get_event": "REST GET /v1/events/{id} (analyst)",
    "graphql_availability": "GraphQL availability(eventId) (fan)",
    "reserve_release": "GraphQL reserveSeats+releaseReservation",
}
# The operation whose latencies and rate are the scenario's headline figure.
HEADLINE = {"rest_get_event": "GET /v1/events/{id}", "graphql_availability": "availability", "reserve_release": "cycle"}

AVAILABILITY_QUERY = """query($id: ID!) { availability(eventId: $id) { eventId status totalAvailable
  sections { section priceCode available offerId prices { priceType baseCents feesCents taxCents totalCents } } } }"""
RESERVE_MUTATION = """mutation($input: ReserveSeatsInput!) { reserveSeats(input: $input) {
  availabilityToken status expiresAt totalCents seats { id section row seat } } }"""
RELEASE_MUTATION = "mutation($t: String!) { releaseReservation(availabilityToken: $t) { status } }"

THROTTLED = ("HTTP 429", "HTTP 503")  # refused with Retry-After (>= 1 s): count it, then wait like a real client


async def back_off(error: str | None) -> None:
    """Wait 1 s after a 429/503, as a real client honouring Retry-After would, instead of hammering."""
    if error is not None and error.startswith(THROTTLED):
        await asyncio.sleep(1.0)


def _graphql_error(status: int, body: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The response's ``data`` and None, or None and a short error label."""
    try:
        document = json.loads(body)
    except ValueError:
        return None, f"HTTP {status} (not JSON)"
    errors = document.get("errors") if isinstance(document, dict) else None
    if errors:
        code = (errors[0].get("extensions") or {}).get("code", "?")
        return None, f"HTTP {status} {code}"
    if status != 200:
        return None, f"HTTP {status}"
    return document.get("data"), None


async def _rest_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    """One analyst reading the event over REST, as fast as it is answered (closed loop)."""
    url = f"{spec.base_url}/v1/events/{spec.event_id}"
    headers = {"Authorization": f"Bearer {token}"}
    while rec.running():
        started = time.monotonic()
        error = None
        try:
            async with session.get(url, headers=headers) as response:
                body = await response.read()
                if response.status != 200 or not body.startswith(b"{"):
                    error = f"HTTP {response.status}"
        except Exception as exc:  # a failed request is a data point, not the end of the run
            error = type(exc).__name__
        rec.add("GET /v1/events/{id}", started, time.monotonic(), error)
        await back_off(error)


async def _availability_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    """One fan asking GraphQL for the event's availability, as fast as it is answered."""
    url = f"{spec.base_url}/graphql"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    payload = json.dumps({"query": AVAILABILITY_QUERY, "variables": {"id": spec.event_id}}).encode()
    while rec.running():
        started = time.monotonic()
        error = None
        try:
            async with session.post(url, data=payload, headers=headers) as response:
                body = await response.read()
                # cheap check on the hot path; parse only what looks wrong
                if response.status != 200 or b'"errors"' in body or b'"totalAvailable"' not in body:
                    error = _graphql_error(response.status, body)[1] or "unexpected body"
        except Exception as exc:
            error = type(exc).__name__
        rec.add("availability", started, time.monotonic(), error)
        await back_off(error)


async def _graphql(session: Any, url: str, headers: dict[str, str], payload: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """One GraphQL request whose ``data`` is needed: failures become an error label, never an exception."""
    try:
        async with session.post(url, data=payload, headers=headers) as response:
            return _graphql_error(response.status, await response.read())
    except Exception as exc:
        return None, type(exc).__name__


async def _reserve_release_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    """One fan: reserve ``quantity`` seats, release them, again. A cycle is never left half done."""
    url = f"{spec.base_url}/graphql"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    reserve = json.dumps({"query": RESERVE_MUTATION, "variables": {"input": {
        "eventId": spec.event_id, "quantity": spec.quantity, "priceType": "ADULT"}}}).encode()
    while rec.running():
        started = time.monotonic()
        data, error = await _graphql(session, url, headers, reserve)
        reserved = time.monotonic()
        rec.add("reserveSeats", started, reserved, error)
        if error is not None:
            rec.add("cycle", started, reserved, f"reserveSeats: {error}")
            await back_off(error)
            continue
        availability_token = data["reserveSeats"]["availabilityToken"]  # type: ignore[index]
        release = json.dumps({"query": RELEASE_MUTATION, "variables": {"t": availability_token}}).encode()
        data, error = await _graphql(session, url, headers, release)
        if error is None and (data or {}).get("releaseReservation", {}).get("status") != "RELEASED":
            error = "release did not answer RELEASED"
        ended = time.monotonic()
        rec.add("releaseReservation", reserved, ended, error)
        rec.add("cycle", started, ended, None if error is None else f"releaseReservation: {error}")
        await back_off(error)


Client = Callable[[Any, "LoadSpec", str, "Recorder"], Awaitable[None]]

CLIENTS: dict[str, Client] = {
    "rest_get_event": _rest_client,
    "graphql_availability": _availability_client,
    "reserve_release": _reserve_release_client,
}
