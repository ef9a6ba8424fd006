"""Venues, seasons and performers: the catalog that events are built from."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from sandbox.rest.models.base import INT32_MAX, ApiModel, Name, Page, PageParams, ReadModel, SearchText, partial


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {name!r}") from exc
    return name


Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2", examples=["US"])]
TimeZone = Annotated[str, Field(min_length=1, max_length=64, examples=["America/New_York"]), AfterValidator(_known_zone)]


class VenueBase(ApiModel):
    name: Name
    city: str = Field(min_length=1, max_length=120)
    country: Country
    capacity: int = Field(ge=0, le=INT32_MAX)
    timezone: TimeZone = "UTC"


class VenueCreate(VenueBase):
    """A new venue."""


VenueUpdate = partial(VenueBase, "VenueUpdate", doc="Changes to a venue; absent fields are kept.")


class VenueRead(VenueBase, ReadModel):
    id: UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class VenueFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    city: SearchText | None = None
    country: Country | None = None


class VenuePage(Page[VenueRead]):
    """A page of venues."""


class SeasonBase(ApiModel):
    name: Name
    starts_on: dt.date
    ends_on: dt.date


class SeasonCreate(SeasonBase):
    """A new season; it may not end before it starts."""

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, ends_on: dt.date, info: ValidationInfo) -> dt.date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on < starts_on:
            raise ValueError("must not be before startsOn")
        return ends_on


SeasonUpdate = partial(SeasonBase, "SeasonUpdate", doc="Changes to a season; absent fields are kept.")


class SeasonRead(SeasonBase, ReadModel):
    id: UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class SeasonFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    active_on: dt.date | None = Field(default=None, description="Seasons running on this date")


class SeasonPage(Page[SeasonRead]):
    """A page of seasons."""


class PerformerBase(ApiModel):
    name: Name
    genre: str | None = Field(default=None, min_length=1, max_length=80)


class PerformerCreate(PerformerBase):
    """A new performer."""


PerformerUpdate = partial(PerformerBase, "PerformerUpdate", doc="Changes to a performer; absent fields are kept.")


class PerformerRead(PerformerBase, ReadModel):
    id: UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class PerformerFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    genre: SearchText | None = None


class PerformerPage(Page[PerformerRead]):
    """A page of performers."""
