"""Seat maps, inventory summaries, seats, and the hold / kill / release requests of ops."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, model_validator

from sandbox.rest.models.base import ApiModel, Page, PageParams, PriceCode, ReadModel, UniqueIds

SeatStatus = Literal["AVAILABLE", "LOCKED", "SOLD", "HELD", "KILLED"]
SEAT_STATUSES: tuple[SeatStatus, ...] = ("AVAILABLE", "LOCKED", "SOLD", "HELD", "KILLED")
MAX_SEATS_PER_MAP = 100_000

SectionName = Annotated[str, Field(min_length=1, max_length=40, examples=["A"])]
RowLabel = Annotated[str, Field(min_length=1, max_length=10, examples=["1"])]


class SeatRow(ApiModel):
    row: RowLabel
    seats: int = Field(ge=1, le=1000, description="Seats numbered 1..seats")


class SectionMap(ApiModel):
    section: SectionName
    price_code: PriceCode
    rows: list[SeatRow] = Field(min_length=1, max_length=500)
    offer_id: UUID | None = Field(default=None, description="Sold only through this offer (presale)")


class SeatMap(ApiModel):
    """Sections of seats to create; each (section, price code) becomes one inventory block."""

    sections: list[SectionMap] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> SeatMap:
        blocks = [(s.section, s.price_code) for s in self.sections]
        if len(set(blocks)) != len(blocks):
            raise ValueError("sections: each (section, priceCode) may appear only once")
        rows = [(s.section, r.row) for s in self.sections for r in s.rows]
        if len(set(rows)) != len(rows):
            raise ValueError("sections: a row may appear only once per section")
        if sum(r.seats for s in self.sections for r in s.rows) > MAX_SEATS_PER_MAP:
            raise ValueError(f"sections: at most {MAX_SEATS_PER_MAP} seats per request")
        return self


class BlockCreated(ReadModel):
    block_id: UUID
    section: str
    price_code: str
    offer_id: UUID | None
    seats: int


class SeatMapCreated(ReadModel):
    event_id: UUID
    blocks: int
    seats: int
    sections: list[BlockCreated]


class SectionSummary(ReadModel):
    block_id: UUID
    section: str
    price_code: str
    offer_id: UUID | None
    total: int
    by_status: dict[SeatStatus, int]


class InventorySummary(ReadModel):
    event_id: UUID
    total: int
    by_status: dict[SeatStatus, int]
    sections: list[SectionSummary]


class SeatRead(ReadModel):
    id: UUID
    event_id: UUID
    block_id: UUID
    section: str
    row: str
    seat_number: int
    status: SeatStatus
    updated_at: dt.datetime


class SeatFilters(PageParams):
    section: SectionName | None = None
    row: RowLabel | None = None
    status: SeatStatus | None = None


class SeatPage(Page[SeatRead]):
    """A page of seats in section, row and seat order."""


class SeatSelection(ApiModel):
    """Seats of one event: either by id, or a whole section (optionally one row of it)."""

    event_id: UUID
    item_ids: UniqueIds | None = Field(default=None, min_length=1)
    section: SectionName | None = None
    row: RowLabel | None = None

    @model_validator(mode="after")
    def _one_way(self) -> SeatSelection:
        if (self.item_ids is None) == (self.section is None):
            raise ValueError("give either itemIds or section (with an optional row)")
        if self.row is not None and self.section is None:
            raise ValueError("row needs a section")
        return self


class HoldRequest(SeatSelection):
    """Takes AVAILABLE seats off sale: all of them or none (409 naming the seats that are not)."""

    action: Literal["HOLD", "KILL"] = "HOLD"


class ReleaseRequest(SeatSelection):
    """Returns HELD or KILLED seats to sale: all of them or none."""


class HoldResult(ReadModel):
    event_id: UUID
    status: SeatStatus
    count: int
    seats: list[SeatRead]
