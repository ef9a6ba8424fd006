"""Events (with their performers) and event groups, which offers are attached to."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator

from sandbox.rest.models.base import ApiModel, Name, Page, PageParams, ReadModel, SearchText, UniqueIds, partial

EventStatus = Literal["DRAFT", "ON_SALE", "SOLD_OUT", "CANCELLED", "COMPLETED"]


class EventBase(ApiModel):
    name: Name
    description: str | None = Field(default=None, max_length=4000)
    venue_id: UUID
    season_id: UUID | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    max_tickets_per_fan: int = Field(default=8, ge=1, le=100)
    performer_ids: UniqueIds = Field(default_factory=list, description="Performers in billing order")


class EventCreate(EventBase):
    """A new event; it starts as DRAFT and goes on sale with POST /v1/events/{id}/publish."""

    @field_validator("ends_at")
    @classmethod
    def _ends_after_start(cls, ends_at: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        starts_at = info.data.get("starts_at")
        if ends_at is not None and starts_at is not None and ends_at <= starts_at:
            raise ValueError("must be after startsAt")
        return ends_at


EventUpdate = partial(
    EventBase, "EventUpdate",
    doc="Changes to an event; absent fields are kept, performerIds replaces the line-up. "
    "The status changes only through publish and cancel.",
)


class EventRead(EventBase, ReadModel):
    id: UUID
    status: EventStatus
    created_at: dt.datetime
    updated_at: dt.datetime


class EventFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    venue_id: UUID | None = None
    season_id: UUID | None = None
    performer_id: UUID | None = None
    status: EventStatus | None = None
    starts_from: AwareDatetime | None = Field(default=None, description="Events starting at or after")
    starts_to: AwareDatetime | None = Field(default=None, description="Events starting before")


class EventPage(Page[EventRead]):
    """A page of events, soonest first."""


class EventGroupBase(ApiModel):
    name: Name
    event_ids: UniqueIds = Field(default_factory=list, description="Member events")


class EventGroupCreate(EventGroupBase):
    """A new group of events that offers can be attached to."""


EventGroupUpdate = partial(
    EventGroupBase, "EventGroupUpdate", doc="Changes to an event group; eventIds replaces the members."
)


class EventGroupRead(EventGroupBase, ReadModel):
    id: UUID
    created_at: dt.datetime


class EventGroupFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    event_id: UUID | None = Field(default=None, description="Groups containing this event")


class EventGroupPage(Page[EventGroupRead]):
    """A page of event groups."""
