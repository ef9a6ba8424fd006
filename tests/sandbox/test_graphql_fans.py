"""Fan self-service over GraphQL: profile read/update and GDPR erasure."""

from __future__ import annotations

import requests

from tests.sandbox.gql import GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401 (fixtures)
from tests.sandbox.seed import Seeder

ME = "{ me { id email firstName lastName phone attributes erasedAt } }"
UPDATE = "mutation($i: UpdateProfileInput!) { updateMyProfile(input: $i) { firstName lastName phone } }"
DELETE = "mutation { deleteMyProfile { fanId erasedAt releasedReservations ordersKept } }"
MY_ORDERS = "{ myOrders { id status totalCents } }"


def test_me_and_update_my_profile(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    fan, token = new_fan(tier="gold")
    me = gql.data(ME, token=token)["me"]
    assert (me["id"], me["email"], me["attributes"], me["erasedAt"]) == (str(fan.id), fan.email, {"tier": "gold"}, None)
    updated = gql.data(UPDATE, {"i": {"firstName": "Maya", "phone": "+1 512 555 0100"}}, token)["updateMyProfile"]
    assert updated == {"firstName": "Maya", "lastName": "Fan", "phone": "+1 512 555 0100"}
    assert gql.data(UPDATE, {"i": {"phone": None}}, token)["updateMyProfile"]["phone"] is None  # null clears
    for field, value in (("firstName", "x" * 10_000), ("phone", "1" * 41), ("lastName", "nul\x00")):
        error = gql.error(UPDATE, {"i": {field: value}}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert gql.code(UPDATE, {"i": {"attributes": {"tier": "platinum"}}}, token) == "BAD_USER_INPUT"  # not self-service
    assert seeder.inventory("SELECT first_name FROM fan WHERE id = %s", fan.id) == "Maya"


def test_gdpr_erasure_removes_pii_keeps_orders_and_releases_locks(gql: GraphQL, seeder: Seeder, new_fan: NewFan,
                                                                  base_url: str) -> None:
    sale = seeder.sale_event(seats=4)
    fan, token = new_fan(tier="gold")
    order = gql.checkout(token, gql.reserve(token, sale.event_id, 1)["availabilityToken"], "k")
    gql.reserve(token, sale.event_id, 2)
    assert gql.availability(sale.event_id)["totalAvailable"] == 1

    erased = gql.data(DELETE, token=token)["deleteMyProfile"]
    assert (erased["fanId"], erased["releasedReservations"], erased["ordersKept"]) == (str(fan.id), 1, 1)
    row = seeder.rows("SELECT email, first_name, last_name, phone, attributes, erased_at IS NOT NULL FROM fan WHERE id = %s",
                      fan.id)
    assert row == [(None, None, None, None, {}, True)]
    assert seeder.inventory("SELECT count(*) FROM app_user WHERE fan_id = %s", fan.id) == 0
    assert seeder.inventory('SELECT status FROM "order" WHERE id = %s', order["id"]) == "PAID"
    assert gql.availability(sale.event_id)["totalAvailable"] == 3
    login = requests.post(f"{base_url}/v1/auth/token", json={"username": fan.email, "password": fan.password}, timeout=10)
    assert login.status_code == 401
    me = gql.data(ME, token=token)["me"]  # a token issued before the erasure sees the anonymous shell
    assert (me["email"], me["firstName"], me["attributes"]) == (None, None, {}) and me["erasedAt"]
    assert gql.reserve_code(token, sale.event_id, 1) == "FORBIDDEN"
    assert gql.code(UPDATE, {"i": {"firstName": "Back"}}, token) == "FORBIDDEN"
    assert [o["id"] for o in gql.data(MY_ORDERS, token=token)["myOrders"]] == [order["id"]]
