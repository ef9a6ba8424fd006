"""Offers (sale windows over event groups), their access codes and user-attribute gates."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator

from sandbox.rest.models.base import INT32_MAX, ApiModel, Name, Page, PageParams, ReadModel, SearchText, UniqueIds, partial


class OfferBase(ApiModel):
    name: Name
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    requires_access_code: bool = False
    event_group_ids: UniqueIds = Field(default_factory=list, description="Event groups the offer applies to")


class OfferCreate(OfferBase):
    """A new offer; outside [startsAt, endsAt) it is invisible and unusable."""

    @field_validator("ends_at")
    @classmethod
    def _ends_after_start(cls, ends_at: dt.datetime, info: ValidationInfo) -> dt.datetime:
        starts_at = info.data.get("starts_at")
        if starts_at is not None and ends_at <= starts_at:
            raise ValueError("must be after startsAt")
        return ends_at


OfferUpdate = partial(OfferBase, "OfferUpdate", doc="Changes to an offer; eventGroupIds replaces the groups.")


class OfferRead(OfferBase, ReadModel):
    id: UUID
    created_at: dt.datetime


class OfferFilters(PageParams):
    name: SearchText | None = Field(default=None, description="Part of the name, any case")
    event_group_id: UUID | None = None
    active_at: AwareDatetime | None = Field(default=None, description="Offers whose window contains this instant")


class OfferPage(Page[OfferRead]):
    """A page of offers."""


class AccessCodeCreate(ApiModel):
    """A code unlocking an offer that requires one, usable max_uses times."""

    code: str = Field(min_length=1, max_length=64)
    max_uses: int = Field(ge=1, le=INT32_MAX)


class AccessCodeRead(AccessCodeCreate, ReadModel):
    id: UUID
    offer_id: UUID
    uses: int
    created_at: dt.datetime


class UserAttributeCreate(ApiModel):
    """Restricts an offer to fans whose attributes carry name = value."""

    name: str = Field(min_length=1, max_length=64)
    value: str = Field(min_length=1, max_length=200)


class UserAttributeRead(UserAttributeCreate, ReadModel):
    id: UUID
    offer_id: UUID
