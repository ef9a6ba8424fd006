"""Checkout and cancellation over GraphQL: rules 3, 6 and 7."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.sandbox.gql import CANCEL, CHECKOUT, ORDER, GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401 (fixtures)
from tests.sandbox.seed import Seeder

PAYMENTS_OF_LOCK = "SELECT p.status, count(*) FROM payment p JOIN \"order\" o ON o.id = p.order_id WHERE o.lock_id = %s GROUP BY p.status"


def test_paid_order_has_one_entitlement_per_seat_with_the_template_level(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=4)
    vip_block = seeder.block(sale.event_id, section="VIP", price_code="VIP")
    seeder.seats(sale.event_id, vip_block, 2, section="VIP")
    seeder.price(sale.event_id, price_code="VIP", base_cents=20000)
    seeder.template(sale.event_id, "FLOOR")
    seeder.template(sale.event_id, "BACKSTAGE", block_id=vip_block)
    _, token = new_fan()

    order = gql.checkout(token, gql.reserve(token, sale.event_id, 2, section="A")["availabilityToken"], "a")
    assert order["status"] == "PAID"
    assert order["totalCents"] == sum(i["totalCents"] for i in order["items"]) == 11800
    assert {e["gateAccessLevel"] for e in order["entitlements"]} == {"FLOOR"}
    assert {e["seat"]["id"] for e in order["entitlements"]} == {i["seat"]["id"] for i in order["items"]}
    assert len({e["barcode"] for e in order["entitlements"]}) == 2
    assert order["payments"] == [{"status": "CAPTURED", "amountCents": 11800, "idempotencyKey": "a", "declineReason": None}]

    vip = gql.checkout(token, gql.reserve(token, sale.event_id, 1, section="VIP")["availabilityToken"], "b")
    assert [e["gateAccessLevel"] for e in vip["entitlements"]] == ["BACKSTAGE"]
    sold = seeder.rows("SELECT status, lock_id FROM inventory_item WHERE event_id = %s AND status <> 'AVAILABLE'", sale.event_id)
    assert sold == [("SOLD", None)] * 3


def test_without_a_template_the_gate_access_level_is_general(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=1)
    _, token = new_fan()
    order = gql.checkout(token, gql.reserve(token, sale.event_id, 1)["availabilityToken"], "k", payment="tok_mastercard")
    assert [e["gateAccessLevel"] for e in order["entitlements"]] == ["GENERAL"]


def test_same_idempotency_key_never_charges_twice(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    reservation = gql.reserve(token, sale.event_id, 2)
    start = threading.Barrier(6)

    def pay(_: int) -> dict:
        start.wait()
        return gql.checkout(token, reservation["availabilityToken"], "same-key")

    with ThreadPoolExecutor(6) as pool:
        orders = list(pool.map(pay, range(6)))
    assert len({o["id"] for o in orders}) == 1
    assert dict(seeder.rows(PAYMENTS_OF_LOCK, reservation["id"])) == {"CAPTURED": 1}
    assert gql.checkout(token, reservation["availabilityToken"], "same-key")["id"] == orders[0]["id"]
    assert gql.code(CHECKOUT, gql.checkout_vars(reservation["availabilityToken"], "other-key"), token) == "RESERVATION_EXPIRED"
    assert dict(seeder.rows(PAYMENTS_OF_LOCK, reservation["id"])) == {"CAPTURED": 1}


def test_declined_card_leaves_the_order_unpaid_and_the_lock_active(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    reservation = gql.reserve(token, sale.event_id, 2)
    declined = gql.error(CHECKOUT, gql.checkout_vars(reservation["availabilityToken"], "d1", "tok_declined"), token)
    assert declined["extensions"]["code"] == "PAYMENT_DECLINED"
    order_id = declined["extensions"]["orderId"]
    assert seeder.inventory('SELECT status FROM "order" WHERE id = %s', order_id) == "PENDING"
    assert seeder.inventory("SELECT status FROM reservation_lock WHERE id = %s", reservation["id"]) == "ACTIVE"
    assert seeder.inventory("SELECT decline_reason FROM payment WHERE order_id = %s", order_id) == "card_declined"
    assert gql.code(CHECKOUT, gql.checkout_vars(reservation["availabilityToken"], "d1", "tok_visa"), token) == "PAYMENT_DECLINED"
    assert dict(seeder.rows(PAYMENTS_OF_LOCK, reservation["id"])) == {"DECLINED": 1}

    paid = gql.checkout(token, reservation["availabilityToken"], "d2")
    assert (paid["id"], paid["status"], paid["idempotencyKey"]) == (order_id, "PAID", "d1")
    assert dict(seeder.rows(PAYMENTS_OF_LOCK, reservation["id"])) == {"DECLINED": 1, "CAPTURED": 1}


def test_unknown_payment_token_and_bad_keys_are_input_errors(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=1)
    _, token = new_fan()
    availability_token = gql.reserve(token, sale.event_id, 1)["availabilityToken"]
    for payment, key, field in (("tok_amex", "k", "paymentToken"), ("tok_visa", "", "idempotencyKey"),
                                ("tok_visa", "k" * 129, "idempotencyKey"), ("x" * 10_000, "k", "paymentToken")):
        error = gql.error(CHECKOUT, gql.checkout_vars(availability_token, key, payment), token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert gql.code(CHECKOUT, gql.checkout_vars("t" * 10_000, "k"), token) == "NOT_FOUND"
    assert seeder.inventory('SELECT count(*) FROM "order" WHERE event_id = %s', sale.event_id) == 0


def test_cancelling_a_paid_order_refunds_it_and_frees_the_seats(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    order = gql.checkout(token, gql.reserve(token, sale.event_id, 2)["availabilityToken"], "k")
    assert gql.availability(sale.event_id)["status"] == "SOLD_OUT"
    cancelled = gql.data(CANCEL, {"id": order["id"]}, token)["cancelOrder"]
    assert cancelled["status"] == "REFUNDED"
    assert [p["status"] for p in cancelled["payments"]] == ["REFUNDED"]
    assert {e["status"] for e in cancelled["entitlements"]} == {"VOID"}
    assert gql.availability(sale.event_id) | {"sections": None} == {
        "eventId": str(sale.event_id), "status": "ON_SALE", "totalAvailable": 2, "sections": None}
    assert gql.code(CANCEL, {"id": order["id"]}, token) == "CONFLICT"
    again = gql.checkout(token, gql.reserve(token, sale.event_id, 2)["availabilityToken"], "k2")
    assert again["status"] == "PAID"  # the refunded seats sell again, with new valid entitlements


def test_cancelling_a_pending_order_releases_its_lock(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    reservation = gql.reserve(token, sale.event_id, 2)
    order_id = gql.error(CHECKOUT, gql.checkout_vars(reservation["availabilityToken"], "k", "tok_declined"), token)[
        "extensions"]["orderId"]
    assert gql.data(CANCEL, {"id": order_id}, token)["cancelOrder"]["status"] == "CANCELLED"
    assert seeder.inventory("SELECT status FROM reservation_lock WHERE id = %s", reservation["id"]) == "RELEASED"
    assert gql.availability(sale.event_id)["totalAvailable"] == 2


def test_who_may_read_and_cancel_an_order(gql: GraphQL, seeder: Seeder, new_fan: NewFan, tokens: dict[str, str]) -> None:
    sale = seeder.sale_event(seats=4)
    (_, owner), (_, other) = new_fan(), new_fan()
    order_id = gql.checkout(owner, gql.reserve(owner, sale.event_id, 1)["availabilityToken"], "k")["id"]
    assert gql.data(ORDER, {"id": order_id}, other)["order"] is None
    assert gql.data(ORDER, {"id": order_id}, tokens["analyst"])["order"]["status"] == "PAID"
    assert gql.code(ORDER, {"id": order_id}) == "UNAUTHENTICATED"
    assert gql.code(CANCEL, {"id": order_id}, other) == "NOT_FOUND"
    assert gql.code(CANCEL, {"id": order_id}, tokens["analyst"]) == "FORBIDDEN"
    assert gql.code(CANCEL, {"id": order_id}) == "UNAUTHENTICATED"
    assert gql.data(CANCEL, {"id": order_id}, tokens["ops"])["cancelOrder"]["status"] == "REFUNDED"
    second = gql.checkout(owner, gql.reserve(owner, sale.event_id, 1)["availabilityToken"], "k2")["id"]
    assert gql.data(CANCEL, {"id": second}, tokens["admin"])["cancelOrder"]["status"] == "REFUNDED"
    assert gql.code(CANCEL, {"id": "not-a-uuid"}, tokens["admin"]) == "BAD_USER_INPUT"
    assert gql.code(CANCEL, {"id": "00000000-0000-4000-8000-000000000000"}, tokens["admin"]) == "NOT_FOUND"
