"""Finding a card number in answers and stored rows (support/journeys/card_numbers.py,
support/db/card_numbers.py), on the local stack's real databases."""

from __future__ import annotations

from data_factories import Registry, VenueFactory, session
from support.clients.masking import mask_pii
from support.db.card_numbers import places_holding
from support.db.pool import Databases
from support.journeys.card_numbers import shows

PAN = "4111111111111111"


def test_a_card_number_shows_as_typed_in_any_grouping_or_as_masked_by_the_recorder() -> None:
    assert shows({"message": "token 4111 1111 1111 1111 refused"}, PAN)
    assert shows({"message": "token 4111-1111-1111-1111 refused"}, PAN)
    assert shows(mask_pii("token 4111 1111 1111 1111 refused"), PAN)  # what an exchange holds after masking
    assert not shows({"message": "unknown payment token; use tok_visa"}, PAN)
    assert not shows({"id": "4111111111111112"}, PAN)  # another number (not this card)


def test_a_stored_card_number_is_found_in_the_column_that_holds_it_and_only_there(databases: Databases) -> None:
    assert places_holding(databases, PAN) == []
    registry = Registry.open(databases)
    try:
        with session.bound(databases, registry):
            VenueFactory(city="Card 4111-1111 1111-1111 left here")
        assert places_holding(databases, PAN) == ["events.public.venue.city"]
    finally:
        registry.cleanup_all()
        registry.close()
    assert places_holding(databases, PAN) == []
