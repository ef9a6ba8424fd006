"""The platform's GraphQL operations, built with sgqlc from the generated schema module.

Each function returns a fresh :class:`sgqlc.operation.Operation`; pass it with its variables to
``GraphQLClient.execute`` and read ``result.typed`` for typed objects (snake_case attributes).
Selections are explicit so the report shows exactly what a journey asked for.
"""

from __future__ import annotations

from sgqlc.operation import Operation
from sgqlc.types import ID, Arg, String, Variable, non_null

from support.clients.graphql.jump_schema import (
    CheckoutInput,
    EventFilter,
    Int,
    ReserveSeatsInput,
    UpdateProfileInput,
    jump_schema,
)

Query, Mutation = jump_schema.Query, jump_schema.Mutation


def _seats(selection: object) -> None:
    selection.id()  # type: ignore[attr-defined]
    selection.section()  # type: ignore[attr-defined]
    selection.row()  # type: ignore[attr-defined]
    selection.seat()  # type: ignore[attr-defined]


def _line_items(items: object) -> None:
    _seats(items.seat())  # type: ignore[attr-defined]
    for field in ("price_type", "base_cents", "fees_cents", "tax_cents", "total_cents"):
        getattr(items, field)()


def _order(order: object) -> None:
    for field in ("id", "status", "event_id", "total_cents", "idempotency_key", "created_at"):
        getattr(order, field)()
    _line_items(order.items())  # type: ignore[attr-defined]
    entitlements = order.entitlements()  # type: ignore[attr-defined]
    for field in ("id", "barcode", "gate_access_level", "status"):
        getattr(entitlements, field)()
    _seats(entitlements.seat())
    payments = order.payments()  # type: ignore[attr-defined]
    for field in ("id", "status", "amount_cents", "method", "idempotency_key", "decline_reason"):
        getattr(payments, field)()


def _reservation(reservation: object) -> None:
    for field in ("id", "availability_token", "expires_at", "status", "event_id", "offer_id", "total_cents"):
        getattr(reservation, field)()
    _seats(reservation.seats())  # type: ignore[attr-defined]
    _line_items(reservation.items())  # type: ignore[attr-defined]


def events() -> Operation:
    """Variables: filter (EventFilter), after (cursor)."""
    op = Operation(Query, name="Events", variables={"filter": Arg(EventFilter), "first": Arg(Int), "after": Arg(String)})
    conn = op.events(filter=Variable("filter"), first=Variable("first"), after=Variable("after"))
    conn.total_count()
    conn.page_info.__fields__("has_next_page", "end_cursor")
    node = conn.edges.node()
    node.__fields__("id", "name", "status", "starts_at", "max_tickets_per_fan")
    node.venue().__fields__("id", "name", "city")
    return op


def event() -> Operation:
    op = Operation(Query, name="Event", variables={"id": Arg(non_null(ID))})
    node = op.event(id=Variable("id"))
    node.__fields__("id", "name", "status", "starts_at", "ends_at", "max_tickets_per_fan")
    node.venue().__fields__("id", "name", "city", "country")
    return op


def availability() -> Operation:
    op = Operation(Query, name="Availability", variables={"eventId": Arg(non_null(ID))})
    result = op.availability(event_id=Variable("eventId"))
    result.__fields__("event_id", "status", "total_available")
    sections = result.sections()
    sections.__fields__("section", "price_code", "available", "offer_id")
    sections.prices().__fields__("price_type", "base_cents", "fees_cents", "tax_cents", "total_cents")
    return op


def offers() -> Operation:
    op = Operation(Query, name="Offers", variables={"eventId": Arg(non_null(ID))})
    op.offers(event_id=Variable("eventId")).__fields__("id", "name", "starts_at", "ends_at", "requires_access_code")
    return op


def me() -> Operation:
    op = Operation(Query, name="Me")
    op.me().__fields__("id", "email", "first_name", "last_name", "phone", "attributes", "erased_at")
    return op


def order() -> Operation:
    op = Operation(Query, name="Order", variables={"id": Arg(non_null(ID))})
    _order(op.order(id=Variable("id")))
    return op


def order_buyer() -> Operation:
    """The buyer of an order with every personal field: what a caller sees of them depends on who asks."""
    op = Operation(Query, name="OrderBuyer", variables={"id": Arg(non_null(ID))})
    op.order(id=Variable("id")).fan().__fields__("id", "email", "first_name", "last_name", "phone", "attributes")
    return op


def my_orders() -> Operation:
    op = Operation(Query, name="MyOrders")
    _order(op.my_orders())
    return op


def reserve_seats() -> Operation:
    op = Operation(Mutation, name="ReserveSeats", variables={"input": Arg(non_null(ReserveSeatsInput))})
    _reservation(op.reserve_seats(input=Variable("input")))
    return op


def release_reservation() -> Operation:
    op = Operation(Mutation, name="ReleaseReservation", variables={"token": Arg(non_null(String))})
    _reservation(op.release_reservation(availability_token=Variable("token")))
    return op


def checkout() -> Operation:
    op = Operation(Mutation, name="Checkout", variables={"input": Arg(non_null(CheckoutInput))})
    _order(op.checkout(input=Variable("input")))
    return op


def cancel_order() -> Operation:
    op = Operation(Mutation, name="CancelOrder", variables={"orderId": Arg(non_null(ID))})
    _order(op.cancel_order(order_id=Variable("orderId")))
    return op


def update_my_profile() -> Operation:
    op = Operation(Mutation, name="UpdateMyProfile", variables={"input": Arg(non_null(UpdateProfileInput))})
    op.update_my_profile(input=Variable("input")).__fields__("id", "email", "first_name", "last_name", "phone", "attributes")
    return op


def delete_my_profile() -> Operation:
    op = Operation(Mutation, name="DeleteMyProfile")
    op.delete_my_profile().__fields__("fan_id", "erased_at", "released_reservations", "orders_kept")
    return op
