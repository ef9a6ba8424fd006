"""Fans as the management API sees them; each fan can log in with their email."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from pydantic import BeforeValidator, Field

from sandbox.rest.models.base import ApiModel, Page, PageParams, ReadModel, SearchText, from_json, partial

Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", examples=["maya@example.com"])]
AttributeValue = Annotated[str, Field(max_length=200)] | int | bool
Attributes = Annotated[
    dict[Annotated[str, Field(min_length=1, max_length=64)], AttributeValue],
    Field(max_length=50, description="Offer gating attributes, e.g. {\"fanClub\": \"gold\"}"),
]


class FanBase(ApiModel):
    email: Email
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    attributes: Attributes = Field(default_factory=dict)


class FanCreate(FanBase):
    """A fan and their login (username = email, role fan)."""

    password: str = Field(min_length=8, max_length=128, json_schema_extra={"writeOnly": True})


FanUpdate = partial(FanCreate, "FanUpdate", doc="Changes to a fan; a new email is also the new login name.")


class FanRead(FanBase, ReadModel):
    id: UUID
    email: str | None = None  # type: ignore[assignment]  # null once erased (GDPR)
    attributes: Annotated[dict[str, Any], BeforeValidator(from_json)] = Field(default_factory=dict)  # type: ignore[assignment]
    erased_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class FanFilters(PageParams):
    email: SearchText | None = Field(default=None, description="Exact email, any case")
    name: SearchText | None = Field(default=None, description="Part of the first or last name, any case")


class FanPage(Page[FanRead]):
    """A page of fans."""
