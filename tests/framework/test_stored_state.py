"""Stored state reconciled: the API's answers about orders against the real inventory database.

The purchases are made by the factories (a consistent PAID order: items, captured payment, one
entitlement per SOLD seat); each test then breaks one stored fact the way a faulty platform would,
and the reconciler must name the API's figure, the stored figure and the row.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import data_factories as df
from data_factories.orders import Purchase
from data_factories.session import FactorySession
from support.clients.exchange import Exchange
from support.db.pool import Databases
from support.db.queries import execute
from support.reconciliation.check import Reconciliation, reconcile
from support.reconciliation.observed import ApiOrder, OrderObserver, orders_in
from support.reconciliation.rules import reconcile_order

ORDER = str(uuid.uuid4())
SEAT = str(uuid.uuid4())


def _graphql(body: dict[str, Any], operation: str = "Checkout") -> Exchange:
    return Exchange(service="graphql", operation=operation, method="POST", url="http://x/graphql", status=200, response_body=body)


def _answer(bought: Purchase, **changes: Any) -> ApiOrder:
    """What the platform's checkout answered for this purchase (GraphQL shape)."""
    order = {
        "id": str(bought.order.id), "status": "PAID", "eventId": str(bought.order.event_id), "totalCents": bought.order.total_cents,
        "items": [{"seat": {"id": str(i.inventory_item_id)}, "totalCents": i.total_cents} for i in bought.items],
        "payments": [{"id": str(bought.payment.id), "status": "CAPTURED", "amountCents": bought.payment.amount_cents}],
        "entitlements": [{"id": str(e.id), "status": "VALID", "barcode": e.barcode, "gateAccessLevel": "GENERAL",
                          "seat": {"id": str(e.inventory_item_id)}} for e in bought.entitlements],
        **changes,
    }
    [answer] = orders_in(_graphql({"data": {"checkout": order}}))
    return answer


@pytest.fixture()
def bought(factories: FactorySession) -> Purchase:
    event = df.EventFactory(status="ON_SALE")
    seats = df.seat_map(event, "A", rows=1, seats_per_row=3, price_code="STD").seats
    return df.purchase(df.FanFactory(), seats[:2])  # 2 x $59.00


def _mismatches(databases: Databases, answer: ApiOrder, bought: Purchase) -> list[str]:
    owners = {str(bought.order.fan_id)}
    return reconcile(databases.inventory, [answer], owners).mismatches


# -- reading the answers -------------------------------------------------------------------
def test_orders_are_read_from_graphql_and_rest_answers_but_not_from_look_alikes() -> None:
    graphql = _graphql({"data": {"checkout": {"id": ORDER, "status": "PAID", "totalCents": 11800,
                                              "items": [{"seat": {"id": SEAT}, "totalCents": 5900}]}}})
    [order] = orders_in(graphql)
    assert (order.id, order.status, order.total_cents, order.items[0].seat_id, order.operation) == (ORDER, "PAID", 11800, SEAT, "Checkout")
    rest = Exchange(service="rest", operation="GET /v1/orders/{id}", method="GET", url="http://x", status=200,
                    response_body={"id": ORDER, "status": "REFUNDED", "total_cents": 11800, "fan_id": SEAT,
                                   "entitlements": [{"id": SEAT, "status": "VOID", "inventory_item_id": SEAT}]})
    [ops_view] = orders_in(rest)
    assert (ops_view.status, ops_view.fan_id, ops_view.entitlements[0].seat_id) == ("REFUNDED", SEAT, SEAT)
    look_alikes = _graphql({"data": {"event": {"id": ORDER, "status": "CANCELLED", "name": "x"},
                                     "payment": {"id": ORDER, "status": "REFUNDED", "amountCents": 1, "idempotencyKey": "k"},
                                     "reserveSeats": {"id": ORDER, "status": "ACTIVE", "availabilityToken": "t", "totalCents": 1}}})
    assert orders_in(look_alikes) == []
    assert orders_in(Exchange(service="rest", operation="GET /v1/orders/{id}", method="GET", url="x", status=404,
                              response_body={"id": ORDER, "status": "PAID", "total_cents": 1})) == []


def test_a_declined_checkout_names_its_order_and_the_latest_full_answer_wins() -> None:
    declined = _graphql({"data": None, "errors": [{"message": "declined", "extensions": {"code": "PAYMENT_DECLINED", "orderId": ORDER}}]})
    paid = _graphql({"data": {"checkout": {"id": ORDER, "status": "PAID", "totalCents": 100}}})
    observer = OrderObserver()
    observer.jump_exchange(declined)
    assert [(o.id, o.declined) for o in observer.orders()] == [(ORDER, True)]
    observer.jump_exchange(paid)
    observer.jump_exchange(declined)  # a refusal adds nothing to a full answer
    assert [(o.status, o.declined) for o in observer.drain()] == [("PAID", False)]
    assert observer.orders() == []


def test_an_order_the_api_returned_but_nobody_stored_is_named() -> None:
    answer = ApiOrder(id=ORDER, status="PAID", operation="Checkout")
    assert reconcile_order(answer, None) == [
        f'order {ORDER}: the API returned it (Checkout), but no row is stored (inventory."order" id={ORDER})']


# -- against the real database --------------------------------------------------------------
def test_a_consistent_purchase_reconciles_without_findings(databases: Databases, bought: Purchase) -> None:
    outcome = reconcile(databases.inventory, [_answer(bought)], {str(bought.order.fan_id)})
    assert (outcome.orders, outcome.mismatches) == ([str(bought.order.id)], [])


def test_a_wrong_stored_total_shows_the_api_figure_the_stored_figure_and_the_row(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought)
    execute(databases.inventory, 'UPDATE "order" SET total_cents = total_cents - 1 WHERE id = %s', (bought.order.id,))
    oid = bought.order.id
    assert _mismatches(databases, answer, bought) == [
        f'order {oid}: API said total $118.00, stored total_cents 11799 (inventory."order" id={oid})',
        f'order {oid}: stored total_cents 11799, but its seats sum to 11800 (inventory."order" id={oid}, inventory.order_item order_id={oid})',
    ]


def test_a_missing_entitlement_is_named_by_seat(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought, entitlements=None)  # the answer did not select them: the stored rules still hold
    gone = bought.entitlements[1]
    execute(databases.inventory, "DELETE FROM entitlement WHERE id = %s", (gone.id,))
    assert _mismatches(databases, answer, bought) == [
        f"order {bought.order.id}: API said PAID, seat A/A/2 has no VALID entitlement (inventory.entitlement order_item_id={gone.order_item_id})"]


def test_an_entitlement_the_api_listed_but_did_not_store(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought)
    gone = bought.entitlements[0]
    execute(databases.inventory, "DELETE FROM entitlement WHERE id = %s", (gone.id,))
    oid = bought.order.id
    assert _mismatches(databases, answer, bought) == [
        f"order {oid}: API listed 2 entitlement(s), stored 1 (inventory.entitlement order_id={oid})",
        f"order {oid}: API listed entitlement {gone.id}, no such row (inventory.entitlement id={gone.id})",
        f"order {oid}: API said PAID, seat A/A/1 has no VALID entitlement (inventory.entitlement order_item_id={gone.order_item_id})",
    ]


def test_a_seat_left_locked_after_payment_is_named(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought)
    seat = bought.items[0].inventory_item_id
    lock = df.ReservationLockFactory(fan_id=bought.order.fan_id, event_id=bought.order.event_id)
    execute(databases.inventory, "UPDATE inventory_item SET status = 'LOCKED', lock_id = %s WHERE id = %s", (lock.id, seat))
    assert _mismatches(databases, answer, bought) == [
        f"order {bought.order.id}: API said PAID, seat A/A/1 stored status LOCKED (inventory.inventory_item id={seat})"]


def test_a_refund_the_database_did_not_finish_is_named(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought, status="REFUNDED", payments=None, entitlements=None)
    oid = bought.order.id
    execute(databases.inventory, "UPDATE \"order\" SET status = 'REFUNDED' WHERE id = %s", (oid,))
    found = _mismatches(databases, answer, bought)
    assert found[0] == f"order {oid}: API said REFUNDED, but no REFUNDED payment is stored (inventory.payment order_id={oid})"
    assert f"order {oid}: API said REFUNDED, but payment is CAPTURED (inventory.payment id={bought.payment.id})" in found
    assert sum("but entitlement is still VALID" in f for f in found) == 2 and sum("is still SOLD" in f for f in found) == 2


def test_a_refunded_order_keeps_one_void_entitlement_per_seat(databases: Databases, bought: Purchase) -> None:
    answer = _answer(bought, status="REFUNDED", payments=None, entitlements=None)
    oid, gone = bought.order.id, bought.entitlements[0]
    execute(databases.inventory, "UPDATE \"order\" SET status = 'REFUNDED' WHERE id = %s; UPDATE payment SET status = 'REFUNDED' "
            "WHERE order_id = %s; UPDATE entitlement SET status = 'VOID' WHERE order_id = %s; UPDATE inventory_item SET status = "
            "'AVAILABLE' WHERE id = ANY(%s)", (oid, oid, oid, [i.inventory_item_id for i in bought.items]))
    assert _mismatches(databases, answer, bought) == []
    execute(databases.inventory, "DELETE FROM entitlement WHERE id = %s", (gone.id,))
    assert _mismatches(databases, answer, bought) == [
        f"order {oid}: API said REFUNDED, seat A/A/1 has no (voided) entitlement (inventory.entitlement order_item_id={gone.order_item_id})"]


def test_another_scenarios_order_is_left_alone(databases: Databases, bought: Purchase) -> None:
    execute(databases.inventory, 'UPDATE "order" SET total_cents = 1 WHERE id = %s', (bought.order.id,))
    outcome = reconcile(databases.inventory, [_answer(bought)], owners={str(uuid.uuid4())})
    assert (outcome.orders, outcome.not_ours, outcome.mismatches) == ([], 1, [])


def test_the_failure_lists_every_difference_and_ends_with_the_first() -> None:
    assert Reconciliation(orders=[ORDER]).error() is None
    one = str(Reconciliation(orders=[ORDER], mismatches=["a"]).error())
    assert one.splitlines() == ["what was stored differs from what the platform said:", "a"]
    two = str(Reconciliation(orders=[ORDER], mismatches=["a", "b"]).error())
    assert two.splitlines()[1:] == ["a", "b", "first difference: a"]  # summaries show a failure's last line
