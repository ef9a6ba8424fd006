"""Price points (event x price code x price type) and their fee and tax components."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import Field, model_validator

from sandbox.rest.models.base import ApiModel, Cents, JsonList, Page, PageParams, PriceCode, PriceTypeCode, ReadModel

ComponentKind = Literal["FACILITY_FEE", "SERVICE_FEE", "TAX"]


class ComponentBase(ApiModel):
    kind: ComponentKind
    amount_cents: Cents | None = Field(default=None, description="Fixed fee (FACILITY_FEE, SERVICE_FEE)")
    rate_bps: int | None = Field(default=None, ge=0, le=10_000, description="TAX rate of (base + fees), basis points")


class ComponentCreate(ComponentBase):
    """A fee (fixed amountCents) or a tax (rateBps); the other field must be absent."""

    @model_validator(mode="after")
    def _amount_or_rate(self) -> ComponentCreate:
        if self.kind == "TAX" and (self.rate_bps is None or self.amount_cents is not None):
            raise ValueError("a TAX component needs rateBps and no amountCents")
        if self.kind != "TAX" and (self.amount_cents is None or self.rate_bps is not None):
            raise ValueError(f"a {self.kind} component needs amountCents and no rateBps")
        return self


class ComponentRead(ComponentBase, ReadModel):
    id: UUID
    price_point_id: UUID
    created_at: dt.datetime


class PricePointBase(ApiModel):
    event_id: UUID
    price_code: PriceCode
    price_type: PriceTypeCode
    base_cents: Cents


class PricePointCreate(PricePointBase):
    """The base price of one price type (ADULT, CHILD...) at one price code of an event."""


class PricePointUpdate(ApiModel):
    """A new base price; the event, price code and price type of a price point are fixed."""

    base_cents: Cents


class PricePointRead(PricePointBase, ReadModel):
    id: UUID
    created_at: dt.datetime
    components: JsonList[ComponentRead] = Field(default_factory=list)


class PricePointFilters(PageParams):
    event_id: UUID | None = None
    price_code: PriceCode | None = None
    price_type: PriceTypeCode | None = None


class PricePointPage(Page[PricePointRead]):
    """A page of price points with their components."""
