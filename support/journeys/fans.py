"""A fan's own account: profile, GDPR erasure and order history (self-service over GraphQL).

What staff see after an erasure is read from the management REST API, because that is where an
organiser would look for leftover personal data; the fan's own view is GraphQL ``me``.
"""

from __future__ import annotations

from typing import Any

from support.assertions import money
from support.clients.graphql import operations
from support.errors import AuthenticationFailed
from support.journeys import buying, management, questions
from support.state import Outcome, ScenarioState

# Profile fields as a fan names them, to the GraphQL input field that changes them and the profile attribute.
PROFILE_FIELDS = {"first name": "firstName", "last name": "lastName", "phone number": "phone"}
PROFILE_ATTRIBUTES = {"first name": "first_name", "last name": "last_name", "phone number": "phone", "e-mail address": "email"}
PERSONAL_DATA = ("email", "firstName", "lastName", "phone")


def profile(state: ScenarioState, name: str) -> Any:
    """``name``'s profile as they see it themselves."""
    result = state.session.graphql.execute(operations.me(), {}, as_user=state.actor(name).credentials)
    return result.raise_for_errors().typed.me


def update_profile(state: ScenarioState, name: str, field: str, value: str | None) -> Outcome:
    """``name`` changes (or, with None, clears) one field of their profile."""
    state.variables[f"{name}.profile before"] = profile(state, name)
    state.variables[f"{name}.field changed"] = field
    variables = {"input": {PROFILE_FIELDS[field]: value}}
    return buying.as_fan(state, name, operations.update_my_profile(), variables, "update_my_profile")


def profile_value(state: ScenarioState, name: str, field: str) -> Any:
    """One field of ``name``'s profile ("phone number"), as they see it now."""
    return getattr(profile(state, name), PROFILE_ATTRIBUTES[field])


def side_effects(state: ScenarioState, name: str) -> list[str]:
    """Fields of ``name``'s profile that changed although their last change was about another one."""
    before, after = state.variables[f"{name}.profile before"], profile(state, name)
    asked = state.variables[f"{name}.field changed"]
    return [f for f, attr in PROFILE_ATTRIBUTES.items() if f != asked and getattr(before, attr) != getattr(after, attr)]


def erase(state: ScenarioState, name: str) -> Outcome:
    """``name`` exercises the right to erasure; the outcome says what was released and kept."""
    outcome = buying.as_fan(state, name, operations.delete_my_profile(), {}, "delete_my_profile")
    state.variables[f"{name}.erasure"] = outcome
    return outcome


def personal_data_seen_by_staff(state: ScenarioState, name: str) -> dict[str, Any]:
    """The personal data staff still find on ``name``'s fan record (and when it was erased)."""
    found = management.attempt(state, "GET", "/v1/fans/{id}", role=management.OPS,
                               path_params={"id": state.actor(name).fan_id})
    if found.error is not None:
        raise found.error
    return {key: found.value.get(key) for key in (*PERSONAL_DATA, "erasedAt")}


def can_log_in(state: ScenarioState, name: str) -> bool:
    """Whether ``name``'s e-mail and password still get a token."""
    try:
        state.session.tokens.login(state.actor(name).credentials)
    except AuthenticationFailed:
        return False
    return True


def order_as_staff_see_it(state: ScenarioState, name: str) -> dict[str, Any]:
    """``name``'s paid order in the operations view (status and whose it is)."""
    found = management.attempt(state, "GET", "/v1/orders/{id}", role=management.OPS,
                               path_params={"id": buying.paid_order_of(state, name).id})
    if found.error is not None:
        raise found.error
    return dict(found.value)


def order_history(state: ScenarioState, name: str) -> list[Any]:
    """``name``'s orders as their order history lists them (newest first)."""
    return questions.orders_of(state, name)


def unpaid_order_id(state: ScenarioState, name: str) -> str:
    """The order ``name``'s declined payment left unpaid: the platform names it in the refusal."""
    for outcome in reversed(state.checkouts.get(name, [])):
        details = (getattr(outcome.error, "errors", None) or [{}])[0].get("extensions") or {}
        if details.get("code") == "PAYMENT_DECLINED" and details.get("orderId"):
            return str(details["orderId"])
    raise LookupError(f"{name} has no declined payment in this scenario, so no unpaid order")


def cancel_unpaid_order(state: ScenarioState, name: str) -> Outcome:
    """``name`` cancels the order they have not paid for."""
    order_id = unpaid_order_id(state, name)
    outcome = buying.as_fan(state, name, operations.cancel_order(), {"orderId": order_id}, "cancel_order")
    state.cancellations[name] = outcome
    return outcome


def unpaid_order_now(state: ScenarioState, name: str) -> Any:
    """The order ``name`` left unpaid in this scenario, as they see it now."""
    return questions.current_order(state, name, unpaid_order_id(state, name))


def history_rows(state: ScenarioState, name: str) -> list[dict[str, str]]:
    """``name``'s order history as a business reader tabulates it: status, total, seats."""
    return [{"status": o.status, "total": money(o.total_cents), "seats": str(len(o.items))} for o in order_history(state, name)]


def payment_rows(order: Any) -> list[dict[str, str]]:
    """The payment attempts on an order, oldest first: status and amount."""
    return [{"status": p.status, "amount": money(p.amount_cents)} for p in order.payments]


def paid_order_now(state: ScenarioState, name: str) -> Any:
    """``name``'s paid order of this scenario, as they see it now."""
    return questions.current_order(state, name, buying.paid_order_of(state, name).id)
