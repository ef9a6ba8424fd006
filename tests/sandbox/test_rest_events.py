"""/v1/events (line-up, filters, publish, cancel, delete rules) and /v1/event-groups."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.sandbox.rest_api import SOON, Api, Builder, api, build, fields, iso, no_leftovers, problem, sql  # noqa: F401


def test_event_crud_with_line_up_and_filters(api: Api, build: Builder) -> None:
    venue, season = build.venue(), build.season()
    headliner, opener = build.performer(name=f"Headliner {build.tag}"), build.performer(name=f"Opener {build.tag}")
    event = build.event(venue["id"], seasonId=season["id"], performerIds=[headliner["id"], opener["id"]],
                        description="Two sets", endsAt=iso(SOON + dt.timedelta(hours=3)))
    assert event["status"] == "DRAFT" and event["maxTicketsPerFan"] == 8
    assert event["performerIds"] == [headliner["id"], opener["id"]]  # billing order kept

    changed = api.ok(api.patch(f"/v1/events/{event['id']}", {"performerIds": [opener["id"]], "maxTicketsPerFan": 2}))
    assert changed["performerIds"] == [opener["id"]] and changed["maxTicketsPerFan"] == 2 and changed["name"] == event["name"]
    assert api.ok(api.patch(f"/v1/events/{event['id']}", {"name": f"Renamed {build.tag}"}))["performerIds"] == [opener["id"]]

    def ids(**params: Any) -> list[str]:
        return [e["id"] for e in api.ok(api.get("/v1/events", params={"name": build.tag, **params}))["items"]]

    assert ids(performerId=opener["id"]) == [event["id"]] and ids(performerId=headliner["id"]) == []
    assert ids(venueId=venue["id"]) == ids(seasonId=season["id"]) == ids(status="DRAFT") == [event["id"]]
    assert ids(status="ON_SALE") == []
    assert ids(startsFrom=iso(SOON - dt.timedelta(days=1)), startsTo=iso(SOON + dt.timedelta(days=1))) == [event["id"]]
    assert ids(startsFrom=iso(SOON + dt.timedelta(minutes=1))) == []


def test_event_validation(api: Api, build: Builder) -> None:
    venue = build.venue()
    base = {"name": f"Invalid {build.tag}", "venueId": venue["id"], "startsAt": iso(SOON)}
    performer = build.performer()
    cases = [
        ({"startsAt": "2027-05-01T20:00:00"}, "startsAt"),  # no time zone
        ({"startsAt": "tomorrow"}, "startsAt"),
        ({"endsAt": iso(SOON - dt.timedelta(hours=1))}, "endsAt"),
        ({"venueId": str(uuid.uuid4())}, "venueId"),
        ({"seasonId": str(uuid.uuid4())}, "seasonId"),
        ({"performerIds": [str(uuid.uuid4())]}, "performerIds"),
        ({"performerIds": [performer["id"], performer["id"]]}, "performerIds"),
        ({"maxTicketsPerFan": 0}, "maxTicketsPerFan"),
        ({"maxTicketsPerFan": 101}, "maxTicketsPerFan"),
        ({"description": "d" * 4001}, "description"),
        ({"status": "ON_SALE"}, "status"),
    ]
    for change, field in cases:
        assert field in fields(problem(api.post("/v1/events", {**base, **change}), 422, "BAD_USER_INPUT")), change
    assert api.ok(api.get("/v1/events", params={"name": build.tag}))["total"] == 0
    event = build.event(venue["id"])
    problem(api.patch(f"/v1/events/{event['id']}", {"status": "ON_SALE"}), 422)
    problem(api.patch(f"/v1/events/{event['id']}", {"endsAt": iso(SOON - dt.timedelta(days=1))}), 422)


def test_publish_needs_a_draft_with_seats(api: Api, build: Builder) -> None:
    event = build.event()
    publish = f"/v1/events/{event['id']}/publish"
    assert "no seats" in problem(api.post(publish), 409, "CONFLICT")["detail"]
    build.seat_map(event["id"])
    assert build.publish(event["id"])["status"] == "ON_SALE"
    assert "ON_SALE" in problem(api.post(publish), 409)["detail"]
    problem(api.post(f"/v1/events/{uuid.uuid4()}/publish"), 404, "NOT_FOUND")


def test_fans_see_an_event_only_once_it_is_announced(api: Api, build: Builder, tokens: dict[str, str]) -> None:
    event = build.event()
    fan = api.as_token(tokens["fan"])
    problem(fan.get(f"/v1/events/{event['id']}"), 404, "NOT_FOUND")
    assert fan.get("/v1/events", params={"name": build.tag}).json()["total"] == 0
    assert api.ok(api.as_token(tokens["analyst"]).get(f"/v1/events/{event['id']}"))["status"] == "DRAFT"
    build.seat_map(event["id"])
    build.publish(event["id"])
    assert api.ok(fan.get(f"/v1/events/{event['id']}"))["status"] == "ON_SALE"
    assert [e["id"] for e in fan.get("/v1/events", params={"name": build.tag}).json()["items"]] == [event["id"]]


def test_cancel_releases_the_event_s_active_locks(api: Api, build: Builder, sql: Callable[..., list[tuple[Any, ...]]]) -> None:
    event = build.event()
    build.seat_map(event["id"])
    build.publish(event["id"])
    fan = build.fan()
    seats = [s["id"] for s in build.seats(event["id"], row="1")]
    adult = sql("inventory", "SELECT id FROM price_type WHERE code = 'ADULT'")[0][0]
    lock = lambda status, minutes: sql(  # noqa: E731
        "inventory", "INSERT INTO reservation_lock (availability_token, fan_id, event_id, price_type_id, status, expires_at) "
        "VALUES (%s, %s, %s, %s, %s, now() + %s * interval '1 minute') RETURNING id",
        uuid.uuid4().hex, fan["id"], event["id"], adult, status, minutes)[0][0]
    active, released = lock("ACTIVE", 10), lock("RELEASED", -10)
    try:
        sql("inventory", "UPDATE inventory_item SET status = 'LOCKED', lock_id = %s WHERE id = ANY(%s::uuid[])",
            active, seats[:2])
        cancelled = api.ok(api.post(f"/v1/events/{event['id']}/cancel"))
        assert cancelled["status"] == "CANCELLED"
        statuses = dict(sql("inventory", "SELECT id::text, status FROM reservation_lock WHERE id IN (%s, %s)", active, released))
        assert statuses == {str(active): "RELEASED", str(released): "RELEASED"}
        inventory = api.ok(api.get(f"/v1/events/{event['id']}/inventory"))
        assert inventory["byStatus"]["AVAILABLE"] == 10 and inventory["byStatus"]["LOCKED"] == 0
        problem(api.post(f"/v1/events/{event['id']}/cancel"), 409, "CONFLICT")
        problem(api.post(f"/v1/events/{event['id']}/publish"), 409, "CONFLICT")
        problem(api.post(f"/v1/events/{event['id']}/inventory", {"sections": [
            {"section": "Z", "priceCode": "STD", "rows": [{"row": "1", "seats": 1}]}]}), 409)
        assert "reservation_lock" in problem(api.delete(f"/v1/events/{event['id']}"), 409)["detail"]
    finally:
        sql("inventory", "UPDATE inventory_item SET status = 'AVAILABLE', lock_id = NULL WHERE lock_id IN (%s, %s)",
            active, released)
        sql("inventory", "DELETE FROM reservation_lock WHERE id IN (%s, %s)", active, released)


def test_an_event_is_deleted_only_without_inventory(api: Api, build: Builder) -> None:
    event = build.event()
    build.seat_map(event["id"])
    group = build.group(event["id"])
    assert "inventory_block" in problem(api.delete(f"/v1/events/{event['id']}"), 409, "CONFLICT")["detail"]
    assert api.delete(f"/v1/events/{event['id']}/inventory").status_code == 204
    assert api.delete(f"/v1/events/{event['id']}").status_code == 204
    problem(api.get(f"/v1/events/{event['id']}"), 404)
    assert api.ok(api.get(f"/v1/event-groups/{group['id']}"))["eventIds"] == []  # it left its groups


def test_event_groups(api: Api, build: Builder) -> None:
    first, second = build.event(), build.event(name=f"Second {build.tag}")
    group = build.group(first["id"], second["id"])
    assert sorted(group["eventIds"]) == sorted([first["id"], second["id"]])
    listed = api.ok(api.get("/v1/event-groups", params={"eventId": second["id"]}))
    assert [g["id"] for g in listed["items"]] == [group["id"]]

    changed = api.ok(api.patch(f"/v1/event-groups/{group['id']}", {"eventIds": [first["id"]]}))
    assert changed["eventIds"] == [first["id"]] and changed["name"] == group["name"]
    assert api.ok(api.get("/v1/event-groups", params={"eventId": second["id"]}))["total"] == 0
    assert "eventIds" in fields(problem(api.patch(f"/v1/event-groups/{group['id']}", {"eventIds": [str(uuid.uuid4())]}), 422))
    assert api.ok(api.get(f"/v1/event-groups/{group['id']}")) == changed

    offer = build.offer(group["id"])
    assert "offer" in problem(api.delete(f"/v1/event-groups/{group['id']}"), 409)["detail"]
    assert api.delete(f"/v1/offers/{offer['id']}").status_code == 204
    assert api.delete(f"/v1/event-groups/{group['id']}").status_code == 204


@pytest.mark.parametrize("body, field", [({"name": ""}, "name"), ({"name": "G", "eventIds": ["nope"]}, "eventIds.0"),
                                         ({"name": "G", "eventIds": "x"}, "eventIds")])
def test_event_group_validation(api: Api, body: dict[str, Any], field: str) -> None:
    assert field in fields(problem(api.post("/v1/event-groups", body), 422))
