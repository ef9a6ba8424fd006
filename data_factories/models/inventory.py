"""Rows of the inventory database (jump_inventory). Money is integer cents everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field

from data_factories.models.base import Row


class InventoryRow(Row):
    __database__: ClassVar[str] = "inventory"


class PriceCode(InventoryRow):
    __table__: ClassVar[str] = "price_code"
    id: UUID
    code: str
    description: str


class PriceType(InventoryRow):
    __table__: ClassVar[str] = "price_type"
    id: UUID
    code: str
    description: str


class PricePoint(InventoryRow):
    __table__: ClassVar[str] = "price_point"
    id: UUID
    event_id: UUID
    price_code_id: UUID
    price_type_id: UUID
    base_cents: int
    created_at: dt.datetime | None = None


class PriceComponent(InventoryRow):
    __table__: ClassVar[str] = "price_component"
    id: UUID
    price_point_id: UUID
    kind: str
    amount_cents: int | None = None
    rate_bps: int | None = None
    created_at: dt.datetime | None = None


class Fan(InventoryRow):
    __table__: ClassVar[str] = "fan"
    __extras__: ClassVar[frozenset[str]] = frozenset({"username", "password"})
    id: UUID
    email: str | None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    erased_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # the login the factory created (POST /v1/auth/token); never printed, never serialised
    username: str | None = Field(default=None, exclude=True)
    password: str | None = Field(default=None, exclude=True, repr=False)


class AppUser(InventoryRow):
    __table__: ClassVar[str] = "app_user"
    __extras__: ClassVar[frozenset[str]] = frozenset({"password"})
    id: UUID
    username: str
    password_hash: str = Field(repr=False)
    role: str
    fan_id: UUID | None = None
    created_at: dt.datetime | None = None
    token_version: int = 0  # bumped by a password change or a revocation (migration inventory/0004)
    password: str | None = Field(default=None, exclude=True, repr=False)


class Offer(InventoryRow):
    __table__: ClassVar[str] = "offer"
    id: UUID
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    requires_access_code: bool = False
    created_at: dt.datetime | None = None


class OfferEventGroup(InventoryRow):
    __table__: ClassVar[str] = "offer_event_group"
    __key__: ClassVar[tuple[str, ...]] = ("offer_id", "event_group_id")
    offer_id: UUID
    event_group_id: UUID


class AccessCode(InventoryRow):
    __table__: ClassVar[str] = "access_code"
    id: UUID
    offer_id: UUID
    code: str
    max_uses: int
    uses: int = 0
    created_at: dt.datetime | None = None


class UserAttribute(InventoryRow):
    __table__: ClassVar[str] = "user_attribute"
    id: UUID
    offer_id: UUID
    name: str
    value: str


class InventoryBlock(InventoryRow):
    __table__: ClassVar[str] = "inventory_block"
    id: UUID
    event_id: UUID
    section: str
    price_code_id: UUID
    offer_id: UUID | None = None
    created_at: dt.datetime | None = None


class ReservationLock(InventoryRow):
    __table__: ClassVar[str] = "reservation_lock"
    id: UUID
    availability_token: str
    fan_id: UUID
    event_id: UUID
    price_type_id: UUID
    offer_id: UUID | None = None
    access_code_id: UUID | None = None
    status: str = "ACTIVE"
    expires_at: dt.datetime
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    idempotency_key: str | None = None


class InventoryItem(InventoryRow):
    __table__: ClassVar[str] = "inventory_item"
    id: UUID
    event_id: UUID
    block_id: UUID
    section: str
    row_label: str
    seat_number: int
    status: str = "AVAILABLE"
    lock_id: UUID | None = None
    updated_at: dt.datetime | None = None


class ReservationLockItem(InventoryRow):
    __table__: ClassVar[str] = "reservation_lock_item"
    __key__: ClassVar[tuple[str, ...]] = ("lock_id", "inventory_item_id")
    lock_id: UUID
    inventory_item_id: UUID
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int


class EntitlementTemplate(InventoryRow):
    __table__: ClassVar[str] = "entitlement_template"
    id: UUID
    event_id: UUID
    block_id: UUID | None = None
    name: str
    gate_access_level: str
    created_at: dt.datetime | None = None


class Order(InventoryRow):
    __table__: ClassVar[str] = "order"
    id: UUID
    fan_id: UUID
    event_id: UUID
    lock_id: UUID | None = None
    status: str = "PENDING"
    total_cents: int
    idempotency_key: str
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class OrderItem(InventoryRow):
    __table__: ClassVar[str] = "order_item"
    id: UUID
    order_id: UUID
    inventory_item_id: UUID
    price_type_id: UUID
    base_cents: int
    fees_cents: int
    tax_cents: int
    total_cents: int


class Payment(InventoryRow):
    __table__: ClassVar[str] = "payment"
    id: UUID
    order_id: UUID
    idempotency_key: str
    amount_cents: int
    status: str
    method: str
    decline_reason: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class Entitlement(InventoryRow):
    __table__: ClassVar[str] = "entitlement"
    id: UUID
    order_id: UUID
    order_item_id: UUID
    inventory_item_id: UUID
    template_id: UUID | None = None
    gate_access_level: str
    barcode: str
    status: str = "VALID"
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class AuditEvent(InventoryRow):
    """An entry of the platform's audit log (written by the platform; seeded to test what reads it)."""

    __table__: ClassVar[str] = "audit_event"
    id: UUID
    occurred_at: dt.datetime | None = None
    request_id: str
    actor_user_id: UUID | None = None
    actor_name: str | None = None
    actor_role: str | None = None
    action: str
    outcome: str
    target_type: str | None = None
    target_id: str | None = None
    fan_id: UUID | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
