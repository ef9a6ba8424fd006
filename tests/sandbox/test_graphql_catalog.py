"""Catalogue reads over GraphQL: events, pagination, all-in prices, SOLD_OUT, held seats."""

from __future__ import annotations

import datetime as dt

from tests.sandbox.gql import EVENT, RELEASE, GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401 (fixtures)
from tests.sandbox.seed import Seeder

EVENTS = """query($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name status performers { id } } } } }"""


def test_events_filter_and_cursor_pagination(gql: GraphQL, seeder: Seeder) -> None:
    first = seeder.event(starts_in_days=10)
    venue = seeder.venues[0]
    second = seeder.event(starts_in_days=20, venue_id=venue)
    third = seeder.event(starts_in_days=30, venue_id=venue, status="CANCELLED")
    performer = seeder.performer(second)
    by_venue = {"venueId": str(venue)}

    page = gql.data(EVENTS, {"filter": by_venue, "first": 2})["events"]
    assert page["totalCount"] == 3
    assert [e["node"]["id"] for e in page["edges"]] == [str(first), str(second)]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = gql.data(EVENTS, {"filter": by_venue, "first": 2, "after": page["pageInfo"]["endCursor"]})["events"]
    assert [e["node"]["id"] for e in rest["edges"]] == [str(third)]
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": rest["edges"][0]["cursor"]}

    cancelled = gql.data(EVENTS, {"filter": {**by_venue, "status": "CANCELLED"}})["events"]
    assert [e["node"]["id"] for e in cancelled["edges"]] == [str(third)]
    with_performer = gql.data(EVENTS, {"filter": {"performerId": str(performer)}})["events"]
    assert [e["node"]["performers"] for e in with_performer["edges"]] == [[{"id": str(performer)}]]
    now = dt.datetime.now(dt.UTC)
    window = {**by_venue, "startsAfter": (now + dt.timedelta(days=15)).isoformat(),
              "startsBefore": (now + dt.timedelta(days=25)).isoformat()}
    assert [e["node"]["id"] for e in gql.data(EVENTS, {"filter": window})["events"]["edges"]] == [str(second)]


def test_events_refuse_bad_arguments(gql: GraphQL) -> None:
    assert gql.code(EVENTS, {"after": "not-a-cursor"}) == "BAD_USER_INPUT"
    assert gql.code(EVENTS, {"first": -1}) == "BAD_USER_INPUT"
    assert gql.code(EVENTS, {"filter": {"venueId": "nope"}}) == "BAD_USER_INPUT"
    assert gql.code(EVENTS, {"filter": {"status": "PARTY"}}) == "BAD_USER_INPUT"


def test_event_by_id(gql: GraphQL, seeder: Seeder) -> None:
    event_id = seeder.event(max_tickets=6)
    event = gql.data(EVENT, {"id": str(event_id)})["event"]
    assert event["status"] == "ON_SALE" and event["maxTicketsPerFan"] == 6
    assert event["venue"]["city"] == "Austin"
    assert gql.data(EVENT, {"id": "00000000-0000-4000-8000-000000000000"})["event"] is None
    assert gql.error(EVENT, {"id": "x" * 10_000})["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


def test_all_in_prices_round_tax_half_up(gql: GraphQL, seeder: Seeder) -> None:
    """$50.00 + $4.50 at 8.25% = $4.49625 tax -> $4.50; 0.5 cent rounds up, 0.49 down."""
    sale = seeder.sale_event(seats=3)
    seeder.price(sale.event_id, price_type="CHILD", base_cents=1000, fees=(), tax_bps=(5,))  # 0.5c -> 1c
    seeder.price(sale.event_id, price_type="SENIOR", base_cents=980, fees=(), tax_bps=(5,))  # 0.49c -> 0c
    seeder.price(sale.event_id, price_type="STUDENT", base_cents=2500,
                 fees=(("FACILITY_FEE", 100), ("SERVICE_FEE", 250)), tax_bps=(500, 325))  # 2850 * 8.25% = 235.125
    [section] = gql.availability(sale.event_id)["sections"]
    prices = {p["priceType"]: p for p in section["prices"]}
    assert prices["ADULT"] == {"priceType": "ADULT", "baseCents": 5000, "feesCents": 450, "taxCents": 450, "totalCents": 5900}
    assert prices["CHILD"]["taxCents"] == 1
    assert prices["SENIOR"]["taxCents"] == 0
    assert (prices["STUDENT"]["feesCents"], prices["STUDENT"]["taxCents"], prices["STUDENT"]["totalCents"]) == (350, 235, 3085)
    assert section | {"prices": None} == {"section": "A", "priceCode": "STD", "available": 3, "offerId": None, "prices": None}


def test_held_and_killed_seats_are_never_offered(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    held = seeder.seats(sale.event_id, sale.block_id, 2, status="HELD", first_seat=3)
    killed = seeder.seats(sale.event_id, sale.block_id, 2, status="KILLED", first_seat=5)
    assert gql.availability(sale.event_id)["totalAvailable"] == 2
    _, token = new_fan()
    assert gql.reserve_code(token, sale.event_id, 3) == "SEATS_UNAVAILABLE"
    seats = {s["id"] for s in gql.reserve(token, sale.event_id, 2)["seats"]}
    assert seats == {str(s) for s in sale.seat_ids}
    assert not seats & {str(s) for s in held + killed}
    statuses = seeder.rows("SELECT status, count(*) FROM inventory_item WHERE event_id = %s GROUP BY status", sale.event_id)
    assert dict(statuses) == {"LOCKED": 2, "HELD": 2, "KILLED": 2}


def test_event_without_available_seats_reads_sold_out(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    reservation = gql.reserve(token, sale.event_id, 2)
    assert gql.availability(sale.event_id)["status"] == "SOLD_OUT"
    assert gql.data(EVENT, {"id": str(sale.event_id)})["event"]["status"] == "SOLD_OUT"
    assert seeder.event_status(sale.event_id) == "SOLD_OUT"
    assert gql.reserve_code(token, sale.event_id, 1) == "SEATS_UNAVAILABLE"  # SOLD_OUT still takes reservations
    gql.data(RELEASE, {"t": reservation["availabilityToken"]}, token)
    assert gql.availability(sale.event_id)["status"] == "ON_SALE"
    assert seeder.event_status(sale.event_id) == "ON_SALE"


def test_events_not_on_sale_refuse_reservations(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    _, token = new_fan()
    for status in ("CANCELLED", "DRAFT", "COMPLETED"):
        sale = seeder.sale_event(seats=2, status=status)
        assert gql.reserve_code(token, sale.event_id, 1) == "EVENT_NOT_ON_SALE"
        assert seeder.inventory("SELECT count(*) FROM inventory_item WHERE event_id = %s AND status = 'AVAILABLE'", sale.event_id) == 2
    assert gql.reserve_code(token, "00000000-0000-4000-8000-000000000000", 1) == "NOT_FOUND"
