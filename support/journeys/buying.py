"""When: fans and staff act through the platform's GraphQL API; outcomes are kept on the state."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from support.clients.graphql import operations
from support.clients.masking import register_access_code
from support.journeys.at_once import at_once
from support.state import REFUSALS, Actor, Outcome, ScenarioState

VALID_CARD = "tok_visa"
DECLINED_CARD = "tok_declined"


def _as(state: ScenarioState, actor: Actor, operation: Any, variables: dict[str, Any], field: str,
        idempotent: bool | None = None) -> Outcome:
    """Runs one operation as ``actor``; a refusal becomes the outcome's error instead of raising."""
    try:
        result = state.session.graphql.execute(operation, variables, as_user=actor.credentials, idempotent=idempotent)
        result.raise_for_errors()
        outcome = Outcome(value=getattr(result.typed, field))
    except REFUSALS as error:
        outcome = Outcome(error=error)
    state.last = outcome
    return outcome


def _reserve_as(state: ScenarioState, actor: Actor, reservation: dict[str, Any]) -> Outcome:
    """One reserveSeats call with a fresh idempotency key, so a transient failure may be retried
    without ever locking seats twice."""
    variables = {"input": {**reservation, "idempotencyKey": f"reserve-{uuid.uuid4()}"}}
    return _as(state, actor, operations.reserve_seats(), variables, "reserve_seats", idempotent=True)


def reserve(state: ScenarioState, name: str, quantity: int, section: str, *, event: str | None = None) -> Outcome:
    """``name`` reserves ``quantity`` adult seats in ``section``."""
    reservation = {"eventId": state.event(event).id, "quantity": quantity, "priceType": "ADULT", "section": section}
    outcome = _reserve_as(state, state.actor(name), reservation)
    state.reservations[name] = outcome
    return outcome


def reserved(state: ScenarioState, name: str, quantity: int, section: str) -> Any:
    """Given-style reserve: the reservation must succeed."""
    outcome = reserve(state, name, quantity, section)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def release(state: ScenarioState, name: str) -> Outcome:
    """``name`` lets their reservation go."""
    token = _reservation_of(state, name).availability_token
    # releasing twice is harmless on the platform, so the call is idempotent and may be retried
    return _as(state, state.actor(name), operations.release_reservation(), {"token": token}, "release_reservation",
               idempotent=True)


def checkout(state: ScenarioState, name: str, card: str, *, idempotency_key: str | None = None) -> Outcome:
    """``name`` pays for their reservation; the idempotency key makes the mutation safe to retry."""
    key = idempotency_key or f"checkout-{uuid.uuid4()}"
    variables = {"input": {"availabilityToken": _reservation_of(state, name).availability_token,
                           "paymentToken": card, "idempotencyKey": key}}
    outcome = _as(state, state.actor(name), operations.checkout(), variables, "checkout", idempotent=True)
    state.checkouts.setdefault(name, []).append(outcome)
    state.variables[f"{name}.idempotency_key"] = key
    return outcome


def repeat_checkout(state: ScenarioState, name: str) -> Outcome:
    """The same checkout again, with the same idempotency key (a double click, a retried request)."""
    return checkout(state, name, VALID_CARD, idempotency_key=state.variables[f"{name}.idempotency_key"])


def bought(state: ScenarioState, name: str, quantity: int, section: str) -> Any:
    """Given-style purchase: reserve and pay by card, both must succeed."""
    reserved(state, name, quantity, section)
    outcome = checkout(state, name, VALID_CARD)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def cancel_order(state: ScenarioState, owner: str, *, by: str | None = None, role: str | None = None) -> Outcome:
    """The order of ``owner`` is cancelled by a fan (``by``, default the owner) or a staff ``role``."""
    order_id = paid_order_of(state, owner).id
    operation, variables = operations.cancel_order(), {"orderId": order_id}
    if role is not None:
        try:
            result = state.session.graphql.execute(operation, variables, role=role).raise_for_errors()
            outcome = Outcome(value=result.typed.cancel_order)
        except REFUSALS as error:
            outcome = Outcome(error=error)
        state.last = outcome
    else:
        outcome = _as(state, state.actor(by or owner), operation, variables, "cancel_order")
    state.cancellations[owner] = outcome
    return outcome


def crowd_reserves(state: ScenarioState, quantity: int, section: str) -> list[Outcome]:
    """Every fan of the crowd reserves at the same moment; fails unless their requests overlapped."""
    crowd = state.crowd
    for actor in crowd:  # log in first so the race is about seats, not tokens
        state.session.tokens.token(actor.credentials)
    reservation = {"eventId": state.event().id, "quantity": quantity, "priceType": "ADULT", "section": section}
    outcomes, _ = at_once([partial(_reserve_as, state, actor, reservation) for actor in crowd],
                          what=f"{len(crowd)} fans reserving at the same moment")
    for actor, outcome in zip(crowd, outcomes, strict=True):
        state.reservations[actor.name] = outcome
    return outcomes


def _reservation_of(state: ScenarioState, name: str) -> Any:
    outcome = state.reservations.get(name)
    if outcome is None or outcome.value is None:
        raise LookupError(f"{name} has no reservation in this scenario" + (f" ({outcome.error})" if outcome and outcome.error else ""))
    return outcome.value


def paid_order_of(state: ScenarioState, name: str) -> Any:
    for outcome in reversed(state.checkouts.get(name, [])):
        if outcome.value is not None:
            return outcome.value
    raise LookupError(f"{name} has no order in this scenario")


def as_fan(state: ScenarioState, name: str, operation: Any, variables: dict[str, Any], field: str,
           idempotent: bool | None = None) -> Outcome:
    """Runs one operation as the fan ``name``; for journeys of other modules (offers, fans, inventory)."""
    return _as(state, state.actor(name), operation, variables, field, idempotent)


def reserve_with(state: ScenarioState, name: str, quantity: int, *, section: str | None = None, price_type: str = "ADULT",
                 offer_id: str | None = None, access_code: str | None = None, event: str | None = None) -> Outcome:
    """``name`` reserves through any door the platform has: a price type, an offer, an access code."""
    register_access_code(access_code)  # masked in every report and log line from here on
    fields = {"eventId": state.event(event).id, "quantity": quantity, "priceType": price_type, "section": section,
              "offerId": offer_id, "accessCode": access_code}
    outcome = _reserve_as(state, state.actor(name), {k: v for k, v in fields.items() if v is not None})
    state.reservations[name] = outcome
    return outcome
