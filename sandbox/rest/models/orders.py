"""The ops view of orders: the order, its seats, payment attempts and entitlements."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from pydantic import Field

from sandbox.rest.models.base import JsonList, Page, PageParams, ReadModel

OrderStatus = Literal["PENDING", "PAID", "CANCELLED", "REFUNDED"]


class OrderItemRead(ReadModel):
    id: UUID
    inventory_item_id: UUID
    section: str
    row: str
    seat_number: int
    price_type: str
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int


class PaymentRead(ReadModel):
    id: UUID
    idempotency_key: str
    amount_cents: int
    status: Literal["AUTHORIZED", "CAPTURED", "DECLINED", "REFUNDED"]
    method: str
    decline_reason: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class EntitlementRead(ReadModel):
    id: UUID
    order_item_id: UUID
    inventory_item_id: UUID
    template_id: UUID | None = None
    gate_access_level: str
    barcode: str
    status: Literal["VALID", "VOID"]
    created_at: dt.datetime


class OrderRead(ReadModel):
    id: UUID
    fan_id: UUID
    event_id: UUID
    lock_id: UUID | None = None
    status: OrderStatus
    total_cents: int
    idempotency_key: str
    created_at: dt.datetime
    updated_at: dt.datetime


class OrderDetail(OrderRead):
    items: JsonList[OrderItemRead] = Field(default_factory=list)
    payments: JsonList[PaymentRead] = Field(default_factory=list)
    entitlements: JsonList[EntitlementRead] = Field(default_factory=list)


class OrderFilters(PageParams):
    fan_id: UUID | None = None
    event_id: UUID | None = None
    status: OrderStatus | None = None


class OrderPage(Page[OrderRead]):
    """A page of orders, newest first."""
