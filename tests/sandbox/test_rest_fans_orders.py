"""/v1/fans (profiles and their logins) and /v1/orders (the ops view)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from tests.sandbox.rest_api import Api, Builder, api, build, fields, no_leftovers, problem, sql  # noqa: F401 (fixtures)

Sql = Callable[..., list[tuple[Any, ...]]]


def _login(api: Api, username: str, password: str) -> requests.Response:
    return api.as_token(None).post("/v1/auth/token", {"username": username, "password": password})


def test_a_new_fan_logs_in_with_their_email(api: Api, build: Builder) -> None:
    fan = build.fan(attributes={"fanClub": "gold", "tier": 2})
    assert "password" not in fan and fan["attributes"] == {"fanClub": "gold", "tier": 2} and fan["erasedAt"] is None
    body = api.ok(_login(api, fan["email"], "correct horse"))
    assert body["role"] == "fan"
    fan_token = body["access_token"]
    problem(api.as_token(fan_token).get("/v1/fans"), 403, "FORBIDDEN")
    problem(_login(api, fan["email"], "wrong horse"), 401)


def test_changing_email_and_password_changes_the_login(api: Api, build: Builder) -> None:
    fan = build.fan()
    email = f"renamed.{build.tag}@example.com"
    changed = api.ok(api.patch(f"/v1/fans/{fan['id']}", {"email": email, "password": "battery staple", "phone": "+1 555 0100"}))
    assert changed["email"] == email and changed["phone"] == "+1 555 0100" and changed["firstName"] == fan["firstName"]
    problem(_login(api, fan["email"], "correct horse"), 401)
    problem(_login(api, email, "correct horse"), 401)
    api.ok(_login(api, email, "battery staple"))
    listed = api.ok(api.get("/v1/fans", params={"email": email.upper()}))
    assert [f["id"] for f in listed["items"]] == [fan["id"]]
    assert api.ok(api.get("/v1/fans", params={"name": "may", "email": email}))["total"] == 1


def test_fan_validation_and_unique_email(api: Api, build: Builder) -> None:
    fan = build.fan()
    base = {"email": f"other.{build.tag}@example.com", "password": "long enough"}
    problem(api.post("/v1/fans", {**base, "email": fan["email"]}), 409, "CONFLICT")
    other = build.fan()
    problem(api.patch(f"/v1/fans/{other['id']}", {"email": fan["email"]}), 409, "CONFLICT")
    for change, field in (({"email": "not-an-email"}, "email"), ({"password": "short"}, "password"),
                          ({"firstName": "f" * 10_000}, "firstName"), ({"attributes": ["gold"]}, "attributes"),
                          ({"attributes": {"k": {"nested": 1}}}, "attributes.k"), ({"email": None}, "email")):
        assert any(f.startswith(field) for f in fields(problem(api.post("/v1/fans", {**base, **change}), 422))), change
    assert api.ok(api.get("/v1/fans", params={"email": base["email"]}))["total"] == 0
    problem(api.patch(f"/v1/fans/{uuid.uuid4()}", {"phone": "1"}), 404)


@pytest.fixture
def order(api: Api, build: Builder, sql: Sql) -> Iterator[dict[str, Any]]:
    """A paid order of two seats, written straight to the database (fans buy through GraphQL)."""
    event = build.event()
    build.seat_map(event["id"])
    fan = build.fan()
    seats = [s["id"] for s in build.seats(event["id"], row="1")][:2]
    adult = sql("inventory", "SELECT id FROM price_type WHERE code = 'ADULT'")[0][0]
    order_id = sql("inventory", 'INSERT INTO "order" (fan_id, event_id, status, total_cents, idempotency_key) '
                   "VALUES (%s, %s, 'PAID', 11800, %s) RETURNING id", fan["id"], event["id"], f"key-{build.tag}")[0][0]
    try:
        for seat in seats:
            item = sql("inventory", "INSERT INTO order_item (order_id, inventory_item_id, price_type_id, base_cents, fees_cents, "
                       "tax_cents, total_cents) VALUES (%s, %s, %s, 5000, 450, 450, 5900) RETURNING id",
                       order_id, seat, adult)[0][0]
            sql("inventory", "INSERT INTO entitlement (order_id, order_item_id, inventory_item_id, gate_access_level, barcode) "
                "VALUES (%s, %s, %s, 'GENERAL', %s)", order_id, item, seat, uuid.uuid4().hex)
        sql("inventory", "UPDATE inventory_item SET status = 'SOLD' WHERE id = ANY(%s::uuid[])", seats)
        sql("inventory", "INSERT INTO payment (order_id, idempotency_key, amount_cents, status, method) "
            "VALUES (%s, %s, 11800, 'CAPTURED', 'tok_visa')", order_id, f"key-{build.tag}")
        yield {"id": str(order_id), "fan": fan, "event": event, "seats": seats}
    finally:
        for table in ("entitlement", "payment", "order_item"):
            sql("inventory", f"DELETE FROM {table} WHERE order_id = %s", order_id)
        sql("inventory", 'DELETE FROM "order" WHERE id = %s', order_id)


def test_the_ops_view_of_an_order(api: Api, order: dict[str, Any], tokens: dict[str, str]) -> None:
    for role in ("admin", "ops", "analyst"):
        detail = api.ok(api.as_token(tokens[role]).get(f"/v1/orders/{order['id']}"))
        assert detail["status"] == "PAID" and detail["totalCents"] == 11800 == sum(i["totalCents"] for i in detail["items"])
        assert sorted(i["inventoryItemId"] for i in detail["items"]) == sorted(order["seats"])
        assert [(i["section"], i["row"], i["seatNumber"], i["priceType"]) for i in detail["items"]] == [
            ("A", "1", 1, "ADULT"), ("A", "1", 2, "ADULT")]
        assert [(p["status"], p["amountCents"]) for p in detail["payments"]] == [("CAPTURED", 11800)]
        assert {e["gateAccessLevel"] for e in detail["entitlements"]} == {"GENERAL"} and len(detail["entitlements"]) == 2
    problem(api.as_token(tokens["fan"]).get(f"/v1/orders/{order['id']}"), 403)
    problem(api.get(f"/v1/orders/{uuid.uuid4()}"), 404, "NOT_FOUND")

    listed = api.ok(api.get("/v1/orders", params={"fanId": order["fan"]["id"], "eventId": order["event"]["id"]}))
    assert [o["id"] for o in listed["items"]] == [order["id"]] and "items" not in listed["items"][0]
    assert api.ok(api.get("/v1/orders", params={"fanId": order["fan"]["id"], "status": "REFUNDED"}))["total"] == 0
    assert "status" in fields(problem(api.get("/v1/orders", params={"status": "LOST"}), 422))


def test_history_blocks_deleting_a_fan_or_an_event_s_seats(api: Api, order: dict[str, Any]) -> None:
    assert "order" in problem(api.delete(f"/v1/fans/{order['fan']['id']}"), 409)["detail"]
    problem(api.delete(f"/v1/events/{order['event']['id']}/inventory"), 409)
    assert api.ok(api.get(f"/v1/events/{order['event']['id']}/inventory"))["byStatus"]["SOLD"] == 2
