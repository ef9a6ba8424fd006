"""Reservations over GraphQL: rule 1 under concurrency, rule 2 (TTL), rule 4 (limit per fan)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from support.stack.lifecycle import LocalStack
from support.stack.state import PlatformOptions
from tests.sandbox.gql import CANCEL, CHECKOUT, RELEASE, GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401 (fixtures)
from tests.sandbox.seed import Seeder


def test_reserve_locks_seats_and_release_frees_them(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=5)
    _, token = new_fan()
    reservation = gql.reserve(token, sale.event_id, 2)
    assert reservation["status"] == "ACTIVE" and reservation["totalCents"] == 2 * 5900
    assert [(s["row"], s["seat"]) for s in reservation["seats"]] == [("A", 1), ("A", 2)]
    locked = seeder.rows("SELECT id, lock_id FROM inventory_item WHERE event_id = %s AND status = 'LOCKED'", sale.event_id)
    assert {str(seat_id) for seat_id, _ in locked} == {s["id"] for s in reservation["seats"]}
    assert {str(lock_id) for _, lock_id in locked} == {reservation["id"]}
    assert gql.availability(sale.event_id)["totalAvailable"] == 3

    released = gql.data(RELEASE, {"t": reservation["availabilityToken"]}, token)["releaseReservation"]
    assert released["status"] == "RELEASED"
    assert gql.availability(sale.event_id)["totalAvailable"] == 5
    assert seeder.inventory("SELECT count(*) FROM inventory_item WHERE lock_id IS NOT NULL AND event_id = %s", sale.event_id) == 0
    assert gql.code(CHECKOUT, gql.checkout_vars(reservation["availabilityToken"], "k1"), token) == "RESERVATION_EXPIRED"


def test_another_fan_cannot_use_or_release_my_reservation(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    (_, mine), (_, theirs) = new_fan(), new_fan()
    token = gql.reserve(mine, sale.event_id, 1)["availabilityToken"]
    assert gql.code(RELEASE, {"t": token}, theirs) == "NOT_FOUND"
    assert gql.code(CHECKOUT, gql.checkout_vars(token, "k"), theirs) == "NOT_FOUND"


def test_quantity_must_be_between_one_and_the_event_limit(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=10, max_tickets=4)
    _, token = new_fan()
    for quantity in (0, -1, 5, 2**31 - 1):
        error = gql.error(
            "mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { id } }",
            {"i": {"eventId": str(sale.event_id), "quantity": quantity}}, token,
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "quantity"}, quantity
    assert gql.availability(sale.event_id)["totalAvailable"] == 10


def test_max_tickets_counts_paid_orders_and_active_locks(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=10, max_tickets=4)
    _, token = new_fan()
    order = gql.checkout(token, gql.reserve(token, sale.event_id, 2)["availabilityToken"], "paid-2")
    gql.reserve(token, sale.event_id, 1)
    error = gql.error("mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { id } }",
                      {"i": {"eventId": str(sale.event_id), "quantity": 2}}, token)
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and error["extensions"]["held"] == 3
    gql.reserve(token, sale.event_id, 1)  # exactly at the limit
    assert gql.reserve_code(token, sale.event_id, 1) == "LIMIT_EXCEEDED"
    gql.data(CANCEL, {"id": order["id"]}, token)  # refunded seats no longer count
    assert len(gql.reserve(token, sale.event_id, 2)["seats"]) == 2


def test_concurrent_reservations_of_one_fan_respect_the_limit(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=20, max_tickets=4)
    _, token = new_fan()
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: gql.post(
            "mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { id } }",
            {"i": {"eventId": str(sale.event_id), "quantity": 1}}, token).json(), range(8)))
    assert sum(1 for c in codes if not c.get("errors")) == 4
    assert seeder.inventory("SELECT count(*) FROM inventory_item WHERE event_id = %s AND status = 'LOCKED'", sale.event_id) == 4


@pytest.mark.slow
def test_fifty_fans_racing_for_ten_seats_get_each_seat_once(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=10)
    tokens = [new_fan()[1] for _ in range(50)]
    start = threading.Barrier(50)

    def race(token: str) -> dict:
        start.wait()
        return gql.post("mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { availabilityToken seats { id } } }",
                        {"i": {"eventId": str(sale.event_id), "quantity": 1}}, token).json()

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(race, tokens))
    won = [(t, r["data"]["reserveSeats"]) for t, r in zip(tokens, results, strict=False) if not r.get("errors")]
    lost = Counter(r["errors"][0]["extensions"]["code"] for r in results if r.get("errors"))
    assert len(won) == 10 and lost == {"SEATS_UNAVAILABLE": 40}
    seats = [s["id"] for _, r in won for s in r["seats"]]
    assert len(set(seats)) == 10
    rows = seeder.rows("SELECT lock_id FROM inventory_item WHERE event_id = %s AND status = 'LOCKED'", sale.event_id)
    assert len(rows) == 10 and len({lock for (lock,) in rows}) == 10

    start = threading.Barrier(10)

    def pay(entry: tuple[str, dict]) -> dict:
        start.wait()
        return gql.checkout(entry[0], entry[1]["availabilityToken"], "race")

    with ThreadPoolExecutor(10) as pool:
        orders = list(pool.map(pay, won))
    assert {o["status"] for o in orders} == {"PAID"}
    sold = seeder.rows("SELECT e.inventory_item_id FROM entitlement e JOIN inventory_item i ON i.id = e.inventory_item_id"
                       " WHERE i.event_id = %s AND e.status = 'VALID'", sale.event_id)
    assert len(sold) == len({s for (s,) in sold}) == 10
    assert gql.availability(sale.event_id)["status"] == "SOLD_OUT"


@pytest.mark.slow
def test_lock_expires_after_its_ttl_and_cannot_be_checked_out(seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=3)
    _, token = new_fan()
    with LocalStack().extra_platform(PlatformOptions(lock_ttl_seconds=1.0)) as url:
        short = GraphQL(f"{url}/graphql")
        reservation = short.reserve(token, sale.event_id, 3)
        assert short.availability(sale.event_id)["status"] == "SOLD_OUT"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and seeder.inventory(
            "SELECT count(*) FROM inventory_item WHERE event_id = %s AND status = 'AVAILABLE'", sale.event_id
        ) < 3:
            time.sleep(0.2)  # the sweeper frees them without any request
        lock_status = seeder.inventory("SELECT status FROM reservation_lock WHERE id = %s", reservation["id"])
        assert lock_status == "EXPIRED"
        assert short.availability(sale.event_id) | {"sections": None} == {
            "eventId": str(sale.event_id), "status": "ON_SALE", "totalAvailable": 3, "sections": None}
        assert short.code(CHECKOUT, short.checkout_vars(reservation["availabilityToken"], "late"), token) == "RESERVATION_EXPIRED"
    assert seeder.inventory("SELECT count(*) FROM payment p JOIN \"order\" o ON o.id = p.order_id WHERE o.lock_id = %s",
                            reservation["id"]) == 0


KEYED_RESERVE = "mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { id status seats { id } } }"


def test_same_idempotency_key_returns_the_first_reservation_and_locks_nothing_more(
    gql: GraphQL, seeder: Seeder, new_fan: NewFan
) -> None:
    """A retried reserveSeats (its response lost) must not lock more seats: rule 1 under retries."""
    sale = seeder.sale_event(seats=5)
    _, token = new_fan()
    keyed = {"i": {"eventId": str(sale.event_id), "quantity": 2, "idempotencyKey": "retry-me-1"}}
    first = gql.data(KEYED_RESERVE, keyed, token)["reserveSeats"]
    again = gql.data(KEYED_RESERVE, keyed, token)["reserveSeats"]
    assert again == first
    assert seeder.inventory("SELECT count(*) FROM inventory_item WHERE event_id = %s AND status = 'LOCKED'", sale.event_id) == 2
    other = seeder.sale_event(seats=1)
    reused = {"i": {"eventId": str(other.event_id), "quantity": 1, "idempotencyKey": "retry-me-1"}}
    assert gql.error(KEYED_RESERVE, reused, token)["extensions"] == {"code": "BAD_USER_INPUT", "field": "idempotencyKey"}
