"""Boundary conditions a fan can reach: profile text at and beyond its limits, and many devices
paying for one reservation at the same moment (TDG-001.5).

Quantities and prices reuse the ordinary journeys (``buying``, ``management``) with boundary
values; what lives here is what they cannot express: a fan's own profile edits, and a race.
"""

from __future__ import annotations

import uuid
from typing import Any

from support.clients.graphql import operations
from support.journeys import buying, questions
from support.journeys.at_once import at_once
from support.state import REFUSALS, Outcome, ScenarioState

# A fan's profile text, as features name it -> the value sent
PROFILE_TEXTS: dict[str, str] = {
    "a name in many scripts": "Zoë Ōsaka-Müller — 東京 · Ρόδος · 🎫",
    "a 100-character name": "Z" * 100,
    "a 101-character name": "Z" * 101,
    "a 10 kB name": "ж" * 10_240,
    "an empty name": "",
}


def change_first_name(state: ScenarioState, name: str, text: str) -> Outcome:
    """``name`` changes the first name on their own profile to one of PROFILE_TEXTS."""
    value = PROFILE_TEXTS[text]
    try:
        result = state.session.graphql.execute(operations.update_my_profile(), {"input": {"firstName": value}},
                                               as_user=state.actor(name).credentials).raise_for_errors()
        outcome = Outcome(value=result.typed.update_my_profile)
    except REFUSALS as error:
        outcome = Outcome(error=error)
    state.last = outcome
    state.variables["first name sent"] = value
    return outcome


def first_name_now(state: ScenarioState, name: str) -> str | None:
    """The first name on ``name``'s profile as the platform returns it now."""
    result = state.session.graphql.execute(operations.me(), {}, as_user=state.actor(name).credentials)
    return result.raise_for_errors().typed.me.first_name


def pay_from_many_devices(state: ScenarioState, name: str, devices: int) -> list[Outcome]:
    """``name`` pays for one reservation from ``devices`` devices at once; fails unless the payments overlapped.

    Each device sends its own idempotency key, as separate phones or browser tabs would: only the
    reservation token is shared, so nothing but the platform's locking can stop a double sale.
    """
    actor = state.actor(name)
    reservation = state.reservations.get(name)
    if reservation is None or reservation.value is None:
        raise LookupError(f"{name} has no reservation to pay for in this scenario")
    token = reservation.value.availability_token
    state.session.tokens.token(actor.credentials)  # log in first: the race is about the reservation

    def attempt() -> Outcome:
        variables = {"input": {"availabilityToken": token, "paymentToken": buying.VALID_CARD,
                               "idempotencyKey": f"device-{uuid.uuid4()}"}}
        try:
            result = state.session.graphql.execute(operations.checkout(), variables, as_user=actor.credentials,
                                                   idempotent=True).raise_for_errors()
            return Outcome(value=result.typed.checkout)
        except REFUSALS as error:
            return Outcome(error=error)

    outcomes, _ = at_once([attempt] * devices, what=f"{name} paying from {devices} devices at the same moment")
    state.checkouts.setdefault(name, []).extend(outcomes)
    return outcomes


def payments_of(state: ScenarioState, name: str) -> dict[str, Any]:
    """Across all of ``name``'s orders: how many are paid, and the captured payments (cents)."""
    orders = questions.orders_of(state, name)
    return {
        "paid orders": sum(1 for o in orders if o.status == "PAID"),
        "captured payments": sorted(int(p.amount_cents) for o in orders for p in o.payments if p.status == "CAPTURED"),
    }
