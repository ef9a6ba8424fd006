"""GraphQL enums: the status vocabularies of the schema's CHECK constraints."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Stored status, except that an on-sale event without available seats reads SOLD_OUT.")
class EventStatus(enum.Enum):
    DRAFT = "DRAFT"
    ON_SALE = "ON_SALE"
    SOLD_OUT = "SOLD_OUT"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"


@strawberry.enum
class ReservationStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    RELEASED = "RELEASED"
    EXPIRED = "EXPIRED"
    CONVERTED = "CONVERTED"


@strawberry.enum
class OrderStatus(enum.Enum):
    PENDING = "PENDING"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"


@strawberry.enum
class PaymentStatus(enum.Enum):
    AUTHORIZED = "AUTHORIZED"
    CAPTURED = "CAPTURED"
    DECLINED = "DECLINED"
    REFUNDED = "REFUNDED"


@strawberry.enum
class EntitlementStatus(enum.Enum):
    VALID = "VALID"
    VOID = "VOID"
