"""Offers over GraphQL (rule 5): window, event link, access codes, user attributes."""

from __future__ import annotations

import datetime as dt
import uuid

from tests.sandbox.gql import CHECKOUT, OFFERS, GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401 (fixtures)
from tests.sandbox.seed import SaleEvent, Seeder

NOW = dt.datetime.now(dt.UTC)


def _offer_block(seeder: Seeder, sale: SaleEvent, offer_id: uuid.UUID, *, section: str = "PRE", seats: int = 4) -> uuid.UUID:
    block = seeder.block(sale.event_id, section=section, offer_id=offer_id)
    seeder.seats(sale.event_id, block, seats, section=section)
    return block


def test_offer_seats_are_sold_only_through_the_offer(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=1)
    offer = seeder.offer(groups=[seeder.event_group(sale.event_id)])
    _offer_block(seeder, sale, offer)
    _, token = new_fan()
    assert [o["id"] for o in gql.data(OFFERS, {"id": str(sale.event_id)})["offers"]] == [str(offer)]
    sections = {s["section"]: s for s in gql.availability(sale.event_id)["sections"]}
    assert sections["PRE"]["offerId"] == str(offer) and sections["A"]["offerId"] is None
    assert gql.reserve_code(token, sale.event_id, 2) == "SEATS_UNAVAILABLE"  # public sale has one seat
    reservation = gql.reserve(token, sale.event_id, 2, offerId=str(offer))
    assert reservation["offerId"] == str(offer) and {s["section"] for s in reservation["seats"]} == {"PRE"}


def test_offers_outside_their_window_or_event_are_invisible_and_unusable(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=1)
    group = seeder.event_group(sale.event_id)
    ended = seeder.offer(groups=[group], starts=NOW - dt.timedelta(days=2), ends=NOW - dt.timedelta(seconds=1))
    future = seeder.offer(groups=[group], starts=NOW + dt.timedelta(hours=1), ends=NOW + dt.timedelta(days=1))
    unlinked = seeder.offer(groups=[seeder.event_group(seeder.event())])
    _, token = new_fan()
    for n, offer in enumerate((ended, future, unlinked)):
        _offer_block(seeder, sale, offer, section=f"PRE{n}")
        assert gql.reserve_code(token, sale.event_id, 1, offerId=str(offer)) == "OFFER_NOT_AVAILABLE"
    assert gql.data(OFFERS, {"id": str(sale.event_id)}, token)["offers"] == []
    assert [s["section"] for s in gql.availability(sale.event_id, token)["sections"]] == ["A"]
    assert gql.reserve_code(token, sale.event_id, 1, offerId=str(uuid.uuid4())) == "OFFER_NOT_AVAILABLE"
    assert gql.code(OFFERS, {"id": str(uuid.uuid4())}) == "NOT_FOUND"


def test_access_code_offer_needs_a_code_with_uses_left(gql: GraphQL, seeder: Seeder, new_fan: NewFan) -> None:
    sale = seeder.sale_event(seats=1)
    offer = seeder.offer(groups=[seeder.event_group(sale.event_id)], requires_access_code=True)
    _offer_block(seeder, sale, offer)
    code_id = seeder.access_code(offer, "PRESALE1", max_uses=1)
    (_, first), (_, second) = new_fan(), new_fan()
    assert gql.data(OFFERS, {"id": str(sale.event_id)})["offers"][0]["requiresAccessCode"] is True
    for code in (None, "WRONG", "x" * 10_000):
        assert gql.reserve_code(first, sale.event_id, 1, offerId=str(offer), accessCode=code) == "ACCESS_CODE_INVALID"

    mine = gql.reserve(first, sale.event_id, 1, offerId=str(offer), accessCode="PRESALE1")
    theirs = gql.reserve(second, sale.event_id, 1, offerId=str(offer), accessCode="PRESALE1")  # not used up until paid
    gql.error(CHECKOUT, gql.checkout_vars(mine["availabilityToken"], "k0", "tok_declined"), first)
    assert seeder.inventory("SELECT uses FROM access_code WHERE id = %s", code_id) == 0  # a decline is not a use
    gql.checkout(first, mine["availabilityToken"], "k1")
    gql.checkout(first, mine["availabilityToken"], "k1")  # an idempotent replay is not a second use
    assert seeder.inventory("SELECT uses FROM access_code WHERE id = %s", code_id) == 1
    assert gql.code(CHECKOUT, gql.checkout_vars(theirs["availabilityToken"], "k2"), second) == "ACCESS_CODE_INVALID"
    assert seeder.inventory("SELECT status FROM reservation_lock WHERE id = %s", theirs["id"]) == "ACTIVE"
    assert gql.reserve_code(second, sale.event_id, 1, offerId=str(offer), accessCode="PRESALE1") == "ACCESS_CODE_INVALID"


def test_user_attribute_offer_only_for_fans_carrying_it(gql: GraphQL, seeder: Seeder, new_fan: NewFan,
                                                        tokens: dict[str, str]) -> None:
    sale = seeder.sale_event(seats=1)
    offer = seeder.offer(groups=[seeder.event_group(sale.event_id)])
    seeder.user_attribute(offer, "tier", "gold")
    seeder.user_attribute(offer, "club", "insiders")
    _offer_block(seeder, sale, offer)
    _, gold = new_fan(tier="gold")
    _, insider = new_fan(club="insiders", tier="silver")
    _, plain = new_fan(tier="silver")
    for token in (gold, insider):
        assert [o["id"] for o in gql.data(OFFERS, {"id": str(sale.event_id)}, token)["offers"]] == [str(offer)]
        assert len(gql.reserve(token, sale.event_id, 1, offerId=str(offer))["seats"]) == 1
    for token in (plain, None, tokens["admin"]):
        assert gql.data(OFFERS, {"id": str(sale.event_id)}, token)["offers"] == []
    assert gql.reserve_code(plain, sale.event_id, 1, offerId=str(offer)) == "OFFER_NOT_AVAILABLE"
    assert [s["section"] for s in gql.availability(sale.event_id, plain)["sections"]] == ["A"]
