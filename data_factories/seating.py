"""Factories of seats: inventory blocks, single seats, whole seat maps, entitlement templates."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import factory

from data_factories.base import RowFactory
from data_factories.declarations import ParentAttribute, ParentId, namespaced
from data_factories.events import EventFactory
from data_factories.models import EntitlementTemplate, Event, InventoryBlock, InventoryItem, Offer, PriceCode
from data_factories.persistence import insert
from data_factories.pricing import PriceCodeFactory, PricePointFactory


class InventoryBlockFactory(RowFactory[InventoryBlock]):
    """The seats of one section at one price code (public sale unless ``offer=`` is given)."""

    class Meta:
        model = InventoryBlock

    event_id = ParentId(EventFactory)
    section = factory.Sequence(lambda n: f"S{n + 1}")
    price_code_id = ParentId(PriceCodeFactory)
    offer_id = None


class InventoryItemFactory(RowFactory[InventoryItem]):
    """One seat; its event and section are its block's."""

    class Meta:
        model = InventoryItem

    block_id = ParentId(InventoryBlockFactory)
    event_id = ParentAttribute(InventoryBlock, "block_id", "event_id")
    section = ParentAttribute(InventoryBlock, "block_id", "section")
    row_label = "A"
    seat_number = factory.Sequence(lambda n: n + 1)
    status = "AVAILABLE"
    lock_id = None


class EntitlementTemplateFactory(RowFactory[EntitlementTemplate]):
    """The event-wide template (one per event); pass ``block=`` for a block's own template."""

    class Meta:
        model = EntitlementTemplate

    event_id = ParentId(EventFactory)
    block_id = None
    name = factory.LazyFunction(lambda: namespaced("General admission"))
    gate_access_level = "GENERAL"


@dataclass(frozen=True)
class SeatMap:
    block: InventoryBlock
    seats: list[InventoryItem]

    def row(self, label: str) -> list[InventoryItem]:
        return [s for s in self.seats if s.row_label == label]

    def ids(self) -> list[UUID]:
        return [s.id for s in self.seats]


def row_labels(count: int) -> list[str]:
    """A, B, ..., Z, AA, AB, ...: how venues label rows."""
    letters = string.ascii_uppercase
    labels: list[str] = []
    for n in range(count):
        label, n = "", n + 1
        while n:
            n, rem = divmod(n - 1, 26)
            label = letters[rem] + label
        labels.append(label)
    return labels


def seat_map(
    event: Event | UUID, section: str, rows: int | Sequence[str], seats_per_row: int,
    price_code: str | PriceCode = "STD", *, block: InventoryBlock | None = None, offer: Offer | None = None,
    status: str = "AVAILABLE",
) -> SeatMap:
    """A block and ``rows x seats_per_row`` seats, written with one registration and one INSERT.

    ``seat_map(event, "A", 2, 10, "STD")`` -> seats A/A/1 .. A/B/10, all AVAILABLE.
    """
    event_id = event.id if isinstance(event, Event) else event
    if block is None:
        extra: dict[str, Any] = {"offer_id": offer.id} if offer is not None else {}
        block = InventoryBlockFactory.create(event_id=event_id, section=section, price_code=price_code, **extra)
    labels = row_labels(rows) if isinstance(rows, int) else list(rows)
    seats = [
        {"event_id": event_id, "block_id": block.id, "section": section, "row_label": label, "seat_number": n, "status": status}
        for label in labels for n in range(1, seats_per_row + 1)
    ]
    created = insert(InventoryItem, seats)
    order = {label: i for i, label in enumerate(labels)}
    created.sort(key=lambda s: (order[s.row_label], s.seat_number))
    return SeatMap(block, created)


def event_with_seat_row(venue_id: UUID | str, status: str, *, seats: int = 0, priced: bool = False) -> tuple[Event, list[InventoryItem]]:
    """An event at the venue in ``status`` with ``seats`` seats in one row of section A; ``priced``: and a
    price point for their price code (what selling or publishing them needs). The parents of API
    operations on events (the access matrix's calls, the synthesis' known ids) are made here.
    """
    event = EventFactory(venue_id=venue_id, status=status)
    if not seats:
        return event, []
    seating = seat_map(event, "A", rows=1, seats_per_row=seats)
    if priced:
        PricePointFactory(event_id=event.id, price_code_id=seating.block.price_code_id)
    return event, seating.seats
