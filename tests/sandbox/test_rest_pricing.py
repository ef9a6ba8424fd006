"""/v1/price-points (+ components) and /v1/entitlement-templates."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.sandbox.rest_api import Api, Builder, api, build, fields, no_leftovers, problem  # noqa: F401 (fixtures)


def _price_point(api: Api, event_id: str, **overrides: Any) -> dict[str, Any]:
    body = {"eventId": event_id, "priceCode": "STD", "priceType": "ADULT", "baseCents": 5000, **overrides}
    return api.create("/v1/price-points", body)


def test_price_point_with_fees_and_tax(api: Api, build: Builder) -> None:
    event = build.event()
    point = _price_point(api, event["id"])
    assert point["baseCents"] == 5000 and point["components"] == []
    components = f"/v1/price-points/{point['id']}/components"
    fee = api.ok(api.post(components, {"kind": "SERVICE_FEE", "amountCents": 450}), 201)
    tax = api.ok(api.post(components, {"kind": "TAX", "rateBps": 825}), 201)
    assert (fee["amountCents"], fee["rateBps"], tax["rateBps"], tax["amountCents"]) == (450, None, 825, None)
    assert [c["id"] for c in api.ok(api.get(components))] == [fee["id"], tax["id"]]

    read = api.ok(api.get(f"/v1/price-points/{point['id']}"))
    assert [(c["kind"], c["amountCents"], c["rateBps"]) for c in read["components"]] == [
        ("SERVICE_FEE", 450, None), ("TAX", None, 825)]
    assert api.ok(api.patch(f"/v1/price-points/{point['id']}", {"baseCents": 5500}))["baseCents"] == 5500

    assert api.delete(f"{components}/{fee['id']}").status_code == 204
    problem(api.delete(f"{components}/{fee['id']}"), 404)
    problem(api.delete(f"/v1/price-points/{uuid.uuid4()}/components/{tax['id']}"), 404)  # not that point's
    listed = api.ok(api.get("/v1/price-points", params={"eventId": event["id"], "priceType": "ADULT", "priceCode": "STD"}))
    assert listed["total"] == 1 and [c["kind"] for c in listed["items"][0]["components"]] == ["TAX"]
    assert api.ok(api.get("/v1/price-points", params={"eventId": event["id"], "priceType": "CHILD"}))["total"] == 0


def test_one_price_point_per_event_code_and_type(api: Api, build: Builder) -> None:
    event = build.event()
    _price_point(api, event["id"])
    _price_point(api, event["id"], priceType="CHILD", baseCents=2500)
    body = {"eventId": event["id"], "priceCode": "STD", "priceType": "ADULT", "baseCents": 1}
    problem(api.post("/v1/price-points", body), 409, "CONFLICT")


@pytest.mark.parametrize("change, field", [
    ({"baseCents": -1}, "baseCents"),
    ({"baseCents": 2**31}, "baseCents"),
    ({"baseCents": 12.5}, "baseCents"),
    ({"priceCode": "NOPE"}, "priceCode"),
    ({"priceType": "ALIEN"}, "priceType"),
    ({"priceType": "x" * 10_000}, "priceType"),
    ({"eventId": str(uuid.uuid4())}, "eventId"),
])
def test_price_point_validation(api: Api, build: Builder, change: dict[str, Any], field: str) -> None:
    event = build.event()
    body = {"eventId": event["id"], "priceCode": "STD", "priceType": "ADULT", "baseCents": 100, **change}
    assert field in fields(problem(api.post("/v1/price-points", body), 422, "BAD_USER_INPUT"))
    assert api.ok(api.get("/v1/price-points", params={"eventId": event["id"]}))["total"] == 0


@pytest.mark.parametrize("component", [
    {"kind": "TAX", "amountCents": 100},
    {"kind": "TAX", "rateBps": 825, "amountCents": 1},
    {"kind": "TAX", "rateBps": 10_001},
    {"kind": "SERVICE_FEE", "rateBps": 100},
    {"kind": "FACILITY_FEE", "amountCents": -5},
    {"kind": "DISCOUNT", "amountCents": 5},
])
def test_component_validation(api: Api, build: Builder, component: dict[str, Any]) -> None:
    point = _price_point(api, build.event()["id"])
    problem(api.post(f"/v1/price-points/{point['id']}/components", component), 422, "BAD_USER_INPUT")
    problem(api.post(f"/v1/price-points/{uuid.uuid4()}/components", {"kind": "TAX", "rateBps": 1}), 404, "NOT_FOUND")
    assert api.ok(api.get(f"/v1/price-points/{point['id']}/components")) == []


def test_entitlement_templates_event_wide_and_per_block(api: Api, build: Builder) -> None:
    event = build.event()
    block = build.seat_map(event["id"])["sections"][0]["blockId"]
    general = api.create("/v1/entitlement-templates", {"eventId": event["id"], "name": f"General {build.tag}",
                                                       "gateAccessLevel": "GENERAL"})
    vip = api.create("/v1/entitlement-templates", {"eventId": event["id"], "blockId": block, "name": f"VIP {build.tag}",
                                                   "gateAccessLevel": "VIP_LOUNGE"})
    assert general["blockId"] is None and vip["blockId"] == block
    again = {"eventId": event["id"], "name": "Again", "gateAccessLevel": "GENERAL"}
    problem(api.post("/v1/entitlement-templates", again), 409, "CONFLICT")
    problem(api.post("/v1/entitlement-templates", {**again, "blockId": block}), 409, "CONFLICT")

    changed = api.ok(api.patch(f"/v1/entitlement-templates/{vip['id']}", {"gateAccessLevel": "BACKSTAGE"}))
    assert changed["gateAccessLevel"] == "BACKSTAGE" and changed["blockId"] == block
    problem(api.patch(f"/v1/entitlement-templates/{vip['id']}", {"eventId": str(uuid.uuid4())}), 422)
    listed = api.ok(api.get("/v1/entitlement-templates", params={"eventId": event["id"]}))
    assert {t["id"] for t in listed["items"]} == {general["id"], vip["id"]}


def test_entitlement_template_validation(api: Api, build: Builder) -> None:
    event, other = build.event(), build.event(name=f"Other {build.tag}")
    foreign_block = build.seat_map(other["id"])["sections"][0]["blockId"]
    base = {"eventId": event["id"], "name": "T", "gateAccessLevel": "GENERAL"}
    for change, field in (({"gateAccessLevel": "general"}, "gateAccessLevel"), ({"gateAccessLevel": "G" * 33}, "gateAccessLevel"),
                          ({"name": ""}, "name"), ({"blockId": foreign_block}, "blockId"),
                          ({"blockId": str(uuid.uuid4())}, "blockId"), ({"eventId": str(uuid.uuid4())}, "eventId")):
        assert field in fields(problem(api.post("/v1/entitlement-templates", {**base, **change}), 422)), change
