"""One real request per operation of the access matrix, with the data it needs made by factories.

Each builder makes the parents its operation needs (an event with seats, a price point, an offer,
a fan's paid order...) so that an allowed caller really succeeds: "allow" then means the platform
did it, never that it failed for want of data. Builders of operations that act on a fan's objects
take the owner, so the same builder gives the caller's own object and another fan's (IDOR).
A refused write names a ``read_back``: what an administrator reads before and after, which must
not change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sgqlc.operation import Operation

import data_factories as df
from data_factories.declarations import namespaced
from support.clients.graphql import operations
from support.journeys import setup
from support.journeys.management_kinds import kind
from support.state import Actor, ScenarioState


@dataclass
class RestCall:
    method: str
    template: str
    path_params: dict[str, str] = field(default_factory=dict)
    json: Any = None
    register: tuple[str, str] | None = None          # (database, table) of the row an allowed create makes
    read_back: tuple[str, dict[str, str]] | None = None  # GET template and params read by an administrator


@dataclass
class GraphQLCall:
    operation: Operation
    variables: dict[str, Any]
    field: str
    read_back: tuple[str, dict[str, str]] | None = None  # REST GET an administrator reads before and after


Call = RestCall | GraphQLCall
Builder = Callable[[ScenarioState, Actor], Call]   # (state, the fan whose objects are used) -> the call


# -- parents ----------------------------------------------------------------------------------
def _venue(state: ScenarioState) -> str:
    if state.venue is None:
        state.venue = df.VenueFactory()
    return str(state.venue.id)


def _draft(state: ScenarioState) -> str:
    return str(df.event_with_seat_row(_venue(state), "DRAFT")[0].id)


def _draft_with_seats(state: ScenarioState) -> str:
    return str(df.event_with_seat_row(_venue(state), "DRAFT", seats=4)[0].id)


def _on_sale(state: ScenarioState) -> setup.EventRecord:
    return state.events.get("Matrix") or setup.event_with_seats(state, "Matrix", seats=10, section="A", base_cents=5000)


def _fan_row(state: ScenarioState, owner: Actor) -> Any:
    return state.variables[f"fan row {owner.name}"]


def _paid_order(state: ScenarioState, owner: Actor) -> str:
    seats = _on_sale(state).sections["A"].seats
    taken = state.variables.setdefault("seats taken", 0)
    state.variables["seats taken"] = taken + 2
    return str(df.purchase(_fan_row(state, owner), seats[taken:taken + 2]).order.id)


def _lock(state: ScenarioState, owner: Actor) -> str:
    seats = _on_sale(state).sections["A"].seats
    taken = state.variables.setdefault("seats taken", 0)
    state.variables["seats taken"] = taken + 2
    lock, _ = df.lock_seats(_fan_row(state, owner), seats[taken:taken + 2])
    return str(lock.availability_token)


def _price_point(state: ScenarioState) -> str:
    return str(df.PricePointFactory(event_id=_draft(state)).id)


def _seats_of(state: ScenarioState) -> tuple[str, dict[str, str]]:
    return "/v1/events/{id}/inventory", {"id": str(_on_sale(state).event.id)}


def _valid(label: str) -> Callable[[ScenarioState], tuple[dict[str, str], Any]]:
    return lambda s: kind(label).valid(s)


# -- REST builders ------------------------------------------------------------------------------
def _list(template: str) -> Builder:
    return lambda s, _: RestCall("GET", template)


def _create(template: str, label: str, database: str, table: str) -> Builder:
    def build(state: ScenarioState, _: Actor) -> RestCall:
        path_params, body = _valid(label)(state)
        return RestCall("POST", template, path_params, body, register=(database, table))
    return build


def _one(method: str, template: str, make: Callable[[ScenarioState], str], body: Callable[[], Any] | None = None,
         *, read_back: bool = True) -> Builder:
    def build(state: ScenarioState, _: Actor) -> RestCall:
        row_id = make(state)
        read = ("/".join(template.split("/")[:4]), {"id": row_id}) if read_back else None
        return RestCall(method, template, {"id": row_id}, body() if body else None, read_back=read)
    return build


def _crud(collection: str, label: str, database: str, table: str, make: Callable[[ScenarioState], str],
          change: Callable[[], Any]) -> dict[str, Builder]:
    item = collection + "/{id}"
    return {
        f"GET {collection}": _list(collection),
        f"POST {collection}": _create(collection, label, database, table),
        f"GET {item}": _one("GET", item, make, read_back=False),
        f"PATCH {item}": _one("PATCH", item, make, change),
        f"DELETE {item}": _one("DELETE", item, make),
    }


def _renamed() -> dict[str, str]:
    return {"name": namespaced("Renamed")}


def _owned(collection: str, child: str, label: str, table: str, make_parent: Callable[[ScenarioState], str],
           make_child: Callable[[str], str]) -> dict[str, Builder]:
    child_param = child[0].lower() + child[1:] + "Id"
    owned = collection + "/{id}/" + {"AccessCode": "access-codes", "UserAttribute": "user-attributes",
                                    "PriceComponent": "components"}[child]

    def create(state: ScenarioState, _: Actor) -> RestCall:
        path_params, body = _valid(label)(state)
        return RestCall("POST", owned, path_params, body, register=("inventory", table))

    def delete(state: ScenarioState, _: Actor) -> RestCall:
        parent = make_parent(state)
        return RestCall("DELETE", owned + "/{" + child_param + "}", {"id": parent, child_param: make_child(parent)},
                        read_back=(owned, {"id": parent}))

    return {
        f"GET {owned}": lambda s, _: RestCall("GET", owned, {"id": make_parent(s)}),
        f"POST {owned}": create,
        f"DELETE {owned}/{{{child_param}}}": delete,
    }


def _seat_map_body() -> dict[str, Any]:
    return {"sections": [{"section": "B", "priceCode": "STD", "rows": [{"row": "1", "seats": 4}]}]}


def _held(state: ScenarioState) -> str:
    record = _on_sale(state)
    setup_hold = state.session.rest.call("POST", "/v1/holds", role="admin",
                                         json={"eventId": str(record.event.id), "section": "A", "action": "HOLD"})
    setup_hold.raise_for_problem()
    return str(record.event.id)



REST: dict[str, Builder] = {
    "GET /health": _list("/health"),
    "GET /.well-known/jwks.json": _list("/.well-known/jwks.json"),
    **_crud("/v1/venues", "venue", "events", "venue", lambda s: str(df.VenueFactory().id), _renamed),
    **_crud("/v1/seasons", "season", "events", "season", lambda s: str(df.SeasonFactory().id), _renamed),
    **_crud("/v1/performers", "performer", "events", "performer", lambda s: str(df.PerformerFactory().id), _renamed),
    **_crud("/v1/events", "event", "events", "event", lambda s: str(_on_sale(s).event.id), _renamed),
    **_crud("/v1/event-groups", "event group", "events", "event_group", lambda s: str(df.EventGroupFactory().id), _renamed),
    **_crud("/v1/price-points", "price point", "inventory", "price_point", _price_point, lambda: {"baseCents": 6100}),
    **_crud("/v1/entitlement-templates", "entitlement template", "inventory", "entitlement_template",
            lambda s: str(df.EntitlementTemplateFactory(event_id=_draft(s)).id), _renamed),
    **_crud("/v1/offers", "offer", "inventory", "offer", lambda s: str(df.OfferFactory().id), _renamed),
    **_crud("/v1/fans", "fan", "inventory", "fan", lambda s: str(df.FanFactory().id), lambda: {"firstName": "Renamed"}),
    "DELETE /v1/events/{id}": _one("DELETE", "/v1/events/{id}", _draft),
    "POST /v1/events/{id}/publish": _one("POST", "/v1/events/{id}/publish", _draft_with_seats),
    "POST /v1/events/{id}/cancel": _one("POST", "/v1/events/{id}/cancel", lambda s: str(_on_sale(s).event.id)),
    "POST /v1/events/{id}/inventory": lambda s, _: RestCall("POST", "/v1/events/{id}/inventory", {"id": _draft(s)},
                                                            _seat_map_body(), read_back=None),
    "GET /v1/events/{id}/inventory": lambda s, _: RestCall("GET", "/v1/events/{id}/inventory", {"id": _draft_with_seats(s)}),
    "DELETE /v1/events/{id}/inventory": lambda s, _: RestCall(
        "DELETE", "/v1/events/{id}/inventory", {"id": (event := _draft_with_seats(s))},
        read_back=("/v1/events/{id}/inventory", {"id": event})),
    "GET /v1/events/{id}/seats": lambda s, _: RestCall("GET", "/v1/events/{id}/seats", {"id": _draft_with_seats(s)}),
    "POST /v1/holds": lambda s, _: RestCall("POST", "/v1/holds", json={
        "eventId": str(_on_sale(s).event.id), "section": "A", "action": "HOLD"}, read_back=_seats_of(s)),
    "POST /v1/holds/release": lambda s, _: RestCall("POST", "/v1/holds/release", json={
        "eventId": _held(s), "section": "A"}, read_back=_seats_of(s)),
    **_owned("/v1/price-points", "PriceComponent", "fee", "price_component", _price_point,
             lambda parent: str(df.PriceComponentFactory(price_point_id=parent, kind="SERVICE_FEE", amount_cents=100).id)),
    **_owned("/v1/offers", "AccessCode", "access code", "access_code", lambda s: str(df.OfferFactory(requires_access_code=True).id),
             lambda parent: str(df.AccessCodeFactory(offer_id=parent).id)),
    **_owned("/v1/offers", "UserAttribute", "user attribute", "user_attribute", lambda s: str(df.OfferFactory().id),
             lambda parent: str(df.UserAttributeFactory(offer_id=parent).id)),
    "GET /v1/orders": _list("/v1/orders"),
    "GET /v1/orders/{id}": lambda s, owner: RestCall("GET", "/v1/orders/{id}", {"id": _paid_order(s, owner)}),
    "GET /v1/audit-events": _list("/v1/audit-events"),
    "GET /v1/audit-events/{id}": lambda s, owner: RestCall("GET", "/v1/audit-events/{id}", {"id": _audit_event(s, owner)}),
}


def _audit_event(state: ScenarioState, owner: Actor) -> str:
    """An entry of the audit log: ``owner`` signs in, and an administrator finds that sign-in."""
    state.session.tokens.login(owner.credentials)
    found = state.session.rest.call("GET", "/v1/audit-events", role="admin",
                                    query={"fanId": owner.fan_id, "action": "SIGN_IN", "limit": 1}).raise_for_problem()
    return str(found.body["items"][0]["id"])


# -- GraphQL builders -----------------------------------------------------------------------------
def _event_id(state: ScenarioState) -> str:
    return str(_on_sale(state).event.id)


def _order_read(order_id: str) -> tuple[str, dict[str, str]]:
    return "/v1/orders/{id}", {"id": order_id}


def _checkout(state: ScenarioState, owner: Actor) -> GraphQLCall:
    token = _lock(state, owner)
    return GraphQLCall(operations.checkout(), {"input": {"availabilityToken": token, "paymentToken": "tok_visa",
                                                         "idempotencyKey": uuid.uuid4().hex}}, "checkout",
                       read_back=_seats_of(state))


def _release(state: ScenarioState, owner: Actor) -> GraphQLCall:
    return GraphQLCall(operations.release_reservation(), {"token": _lock(state, owner)}, "release_reservation",
                       read_back=_seats_of(state))


def _cancel(state: ScenarioState, owner: Actor) -> GraphQLCall:
    order_id = _paid_order(state, owner)
    return GraphQLCall(operations.cancel_order(), {"orderId": order_id}, "cancel_order", read_back=_order_read(order_id))


def _order(state: ScenarioState, owner: Actor) -> GraphQLCall:
    return GraphQLCall(operations.order(), {"id": _paid_order(state, owner)}, "order")


GRAPHQL: dict[str, Builder] = {
    "query events": lambda s, _: GraphQLCall(operations.events(), {"first": 1}, "events"),
    "query event": lambda s, _: GraphQLCall(operations.event(), {"id": _event_id(s)}, "event"),
    "query availability": lambda s, _: GraphQLCall(operations.availability(), {"eventId": _event_id(s)}, "availability"),
    "query offers": lambda s, _: GraphQLCall(operations.offers(), {"eventId": _event_id(s)}, "offers"),
    "query me": lambda s, _: GraphQLCall(operations.me(), {}, "me"),
    "query order": _order,
    "query myOrders": lambda s, _: GraphQLCall(operations.my_orders(), {}, "my_orders"),
    "mutation reserveSeats": lambda s, _: GraphQLCall(operations.reserve_seats(), {"input": {
        "eventId": _event_id(s), "quantity": 1, "priceType": "ADULT", "section": "A"}}, "reserve_seats",
        read_back=_seats_of(s)),
    "mutation releaseReservation": _release,
    "mutation checkout": _checkout,
    "mutation cancelOrder": _cancel,
    "mutation updateMyProfile": lambda s, _: GraphQLCall(operations.update_my_profile(), {"input": {"firstName": "Renamed"}},
                                                         "update_my_profile"),
    "mutation deleteMyProfile": lambda s, _: GraphQLCall(operations.delete_my_profile(), {}, "delete_my_profile"),
}
