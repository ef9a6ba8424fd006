"""Entitlement templates: the gate access level a sold seat's entitlement gets."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from pydantic import Field

from sandbox.rest.models.base import ApiModel, Name, Page, PageParams, ReadModel, partial

GateAccessLevel = Annotated[str, Field(pattern=r"^[A-Z_]{1,32}$", examples=["GENERAL"])]


class TemplateFields(ApiModel):
    name: Name
    gate_access_level: GateAccessLevel


class EntitlementTemplateBase(TemplateFields):
    event_id: UUID
    block_id: UUID | None = Field(default=None, description="Only for seats of this block; null: event-wide")


class EntitlementTemplateCreate(EntitlementTemplateBase):
    """One event-wide template per event and at most one per inventory block of it."""


EntitlementTemplateUpdate = partial(
    TemplateFields, "EntitlementTemplateUpdate", doc="A new name or gate access level; the scope is fixed."
)


class EntitlementTemplateRead(EntitlementTemplateBase, ReadModel):
    id: UUID
    created_at: dt.datetime


class EntitlementTemplateFilters(PageParams):
    event_id: UUID | None = None
    block_id: UUID | None = None


class EntitlementTemplatePage(Page[EntitlementTemplateRead]):
    """A page of entitlement templates."""
