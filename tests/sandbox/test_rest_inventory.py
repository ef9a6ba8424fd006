"""Seat maps (/v1/events/{id}/inventory, /seats) and holds (/v1/holds): all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.sandbox.rest_api import Api, Builder, api, build, fields, no_leftovers, problem, sql  # noqa: F401 (fixtures)

TWO_SECTIONS = (
    {"section": "Floor", "priceCode": "STD", "rows": [{"row": "A", "seats": 10}, {"row": "B", "seats": 8}]},
    {"section": "Box", "priceCode": "VIP", "rows": [{"row": "1", "seats": 4}]},
)


def test_a_seat_map_creates_one_block_per_section_and_numbered_seats(api: Api, build: Builder,
                                                                       sql: Callable[..., list[tuple[Any, ...]]]) -> None:
    event = build.event()
    created = build.seat_map(event["id"], *TWO_SECTIONS)
    assert created["eventId"] == event["id"] and created["blocks"] == 2 and created["seats"] == 22
    assert [(s["section"], s["priceCode"], s["seats"]) for s in created["sections"]] == [("Floor", "STD", 18), ("Box", "VIP", 4)]

    rows = sql("inventory", "SELECT section, row_label, min(seat_number), max(seat_number), count(*) FROM inventory_item "
               "WHERE event_id = %s GROUP BY section, row_label ORDER BY section, row_label", event["id"])
    assert rows == [("Box", "1", 1, 4, 4), ("Floor", "A", 1, 10, 10), ("Floor", "B", 1, 8, 8)]

    summary = api.ok(api.get(f"/v1/events/{event['id']}/inventory"))
    assert summary["total"] == 22 and summary["byStatus"] == {"AVAILABLE": 22, "LOCKED": 0, "SOLD": 0, "HELD": 0, "KILLED": 0}
    assert {(s["section"], s["priceCode"], s["total"], s["byStatus"]["AVAILABLE"]) for s in summary["sections"]} == {
        ("Floor", "STD", 18, 18), ("Box", "VIP", 4, 4)}

    seats = api.ok(api.get(f"/v1/events/{event['id']}/seats", params={"section": "Floor", "row": "B", "limit": 3}))
    assert seats["total"] == 8 and [s["seatNumber"] for s in seats["items"]] == [1, 2, 3]
    assert {s["status"] for s in seats["items"]} == {"AVAILABLE"}


def test_a_seat_map_may_not_repeat_seats(api: Api, build: Builder) -> None:
    event = build.event()
    build.seat_map(event["id"], TWO_SECTIONS[0])
    again = {"section": "Floor", "priceCode": "PREMIUM", "rows": [{"row": "A", "seats": 1}]}
    problem(api.post(f"/v1/events/{event['id']}/inventory", {"sections": [again]}), 409, "CONFLICT")
    problem(api.post(f"/v1/events/{event['id']}/inventory", {"sections": [TWO_SECTIONS[0]]}), 409, "CONFLICT")
    assert api.ok(api.get(f"/v1/events/{event['id']}/inventory"))["total"] == 18  # nothing half-written


SECTION = {"section": "A", "priceCode": "STD", "rows": [{"row": "1", "seats": 2}]}
INVALID_MAPS = [
    ({"sections": []}, "sections"),
    ({"sections": [{**SECTION, "priceCode": "NOPE"}]}, "sections.0.priceCode"),
    ({"sections": [{**SECTION, "priceCode": "lower"}]}, "sections.0.priceCode"),
    ({"sections": [{**SECTION, "rows": [{"row": "1", "seats": 0}]}]}, "sections.0.rows.0.seats"),
    ({"sections": [{**SECTION, "rows": [{"row": "1", "seats": -3}]}]}, "sections.0.rows.0.seats"),
    ({"sections": [{**SECTION, "rows": [{"row": "r" * 11, "seats": 1}]}]}, "sections.0.rows.0.row"),
    ({"sections": [{**SECTION, "section": "s" * 10_000}]}, "sections.0.section"),
    ({"sections": [SECTION, SECTION]}, "body"),
    ({"sections": [{**SECTION, "offerId": str(uuid.uuid4())}]}, "sections.offerId"),
]


@pytest.mark.parametrize("body, field", INVALID_MAPS, ids=[f for _, f in INVALID_MAPS])
def test_seat_map_validation(api: Api, build: Builder, body: dict[str, Any], field: str) -> None:
    event = build.event()
    assert field in fields(problem(api.post(f"/v1/events/{event['id']}/inventory", body), 422, "BAD_USER_INPUT"))
    assert api.ok(api.get(f"/v1/events/{event['id']}/inventory"))["total"] == 0


def test_inventory_of_an_unknown_event_is_a_404(api: Api) -> None:
    unknown = uuid.uuid4()
    problem(api.post(f"/v1/events/{unknown}/inventory", {"sections": [SECTION]}), 404, "NOT_FOUND")
    problem(api.get(f"/v1/events/{unknown}/inventory"), 404, "NOT_FOUND")
    problem(api.get(f"/v1/events/{unknown}/seats"), 404, "NOT_FOUND")
    problem(api.delete(f"/v1/events/{unknown}/inventory"), 404, "NOT_FOUND")


def _statuses(api: Api, event_id: str) -> dict[str, int]:
    return api.ok(api.get(f"/v1/events/{event_id}/inventory"))["byStatus"]


def test_hold_kill_and_release_are_all_or_nothing(api: Api, build: Builder) -> None:
    event = build.event()
    build.seat_map(event["id"])  # 5 seats each
    row1 = [s["id"] for s in build.seats(event["id"], row="1")]

    held = api.ok(api.post("/v1/holds", {"eventId": event["id"], "itemIds": row1[:2], "action": "HOLD"}))
    assert held["status"] == "HELD" and held["count"] == 2 and {s["status"] for s in held["seats"]} == {"HELD"}
    killed = api.ok(api.post("/v1/holds", {"eventId": event["id"], "section": "A", "row": "2", "action": "KILL"}))
    assert killed["count"] == 5 and [s["seatNumber"] for s in killed["seats"]] == [1, 2, 3, 4, 5]
    assert _statuses(api, event["id"]) == {"AVAILABLE": 3, "LOCKED": 0, "SOLD": 0, "HELD": 2, "KILLED": 5}

    # one seat already HELD: the whole request fails and no seat changes
    conflict = problem(api.post("/v1/holds", {"eventId": event["id"], "itemIds": row1[1:4]}), 409, "SEATS_UNAVAILABLE")
    assert "HELD" in conflict["detail"] and "nothing was changed" in conflict["detail"]
    problem(api.post("/v1/holds", {"eventId": event["id"], "section": "A", "action": "HOLD"}), 409, "SEATS_UNAVAILABLE")
    assert _statuses(api, event["id"])["AVAILABLE"] == 3

    # releasing needs every seat HELD or KILLED
    problem(api.post("/v1/holds/release", {"eventId": event["id"], "itemIds": row1[:3]}), 409, "SEATS_UNAVAILABLE")
    released = api.ok(api.post("/v1/holds/release", {"eventId": event["id"], "itemIds": row1[:2]}))
    assert released["status"] == "AVAILABLE" and released["count"] == 2
    api.ok(api.post("/v1/holds/release", {"eventId": event["id"], "section": "A", "row": "2"}))
    assert _statuses(api, event["id"])["AVAILABLE"] == 10


def test_hold_request_validation(api: Api, build: Builder) -> None:
    event, other = build.event(), build.event(name=f"Other {build.tag}")
    build.seat_map(event["id"])
    build.seat_map(other["id"])
    foreign = build.seats(other["id"], row="1")[0]["id"]
    cases = [
        ({"eventId": event["id"], "itemIds": [foreign]}, "itemIds"),
        ({"eventId": event["id"], "itemIds": [str(uuid.uuid4())]}, "itemIds"),
        ({"eventId": event["id"], "itemIds": []}, "itemIds"),
        ({"eventId": event["id"], "section": "Nowhere"}, "section"),
        ({"eventId": str(uuid.uuid4()), "section": "A"}, "eventId"),
        ({"eventId": event["id"], "section": "A", "action": "STEAL"}, "action"),
        ({"eventId": event["id"]}, "body"),
        ({"eventId": event["id"], "section": "A", "itemIds": [foreign]}, "body"),
        ({"eventId": event["id"], "row": "1"}, "body"),
    ]
    for body, field in cases:
        assert field in fields(problem(api.post("/v1/holds", body), 422, "BAD_USER_INPUT")), body
    assert _statuses(api, event["id"])["AVAILABLE"] == 10 and _statuses(api, other["id"])["AVAILABLE"] == 10


def test_only_a_draft_or_cancelled_event_s_inventory_can_be_removed(api: Api, build: Builder) -> None:
    event = build.event()
    build.seat_map(event["id"])
    build.publish(event["id"])
    assert "ON_SALE" in problem(api.delete(f"/v1/events/{event['id']}/inventory"), 409)["detail"]
    api.ok(api.post(f"/v1/events/{event['id']}/cancel"))
    assert api.delete(f"/v1/events/{event['id']}/inventory").status_code == 204
    assert api.ok(api.get(f"/v1/events/{event['id']}/inventory"))["total"] == 0
