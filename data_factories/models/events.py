"""Rows of the events database (jump_events)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar
from uuid import UUID

from data_factories.models.base import Row


class EventsRow(Row):
    __database__: ClassVar[str] = "events"


class Venue(EventsRow):
    __table__: ClassVar[str] = "venue"
    id: UUID
    name: str
    city: str
    country: str
    capacity: int
    timezone: str = "UTC"
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class Season(EventsRow):
    __table__: ClassVar[str] = "season"
    id: UUID
    name: str
    starts_on: dt.date
    ends_on: dt.date
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class Performer(EventsRow):
    __table__: ClassVar[str] = "performer"
    id: UUID
    name: str
    genre: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class Event(EventsRow):
    __table__: ClassVar[str] = "event"
    id: UUID
    name: str
    description: str | None = None
    venue_id: UUID
    season_id: UUID | None = None
    status: str = "DRAFT"
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    max_tickets_per_fan: int = 8
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class EventPerformer(EventsRow):
    __table__: ClassVar[str] = "event_performer"
    __key__: ClassVar[tuple[str, ...]] = ("event_id", "performer_id")
    event_id: UUID
    performer_id: UUID
    billing_order: int = 1


class EventGroup(EventsRow):
    __table__: ClassVar[str] = "event_group"
    id: UUID
    name: str
    created_at: dt.datetime | None = None


class EventGroupMember(EventsRow):
    __table__: ClassVar[str] = "event_group_member"
    __key__: ClassVar[tuple[str, ...]] = ("event_group_id", "event_id")
    event_group_id: UUID
    event_id: UUID
