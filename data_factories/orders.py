"""Factories of what fans do: reservation locks, orders, order items, payments, entitlements.

Normally the platform creates these rows through the API; the factories exist for states that
are slow or impossible to reach that way (an order from last year, an expired lock, a corrupt
total for an integrity check). ``lock_seats`` and ``purchase`` build consistent wholes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import factory

from data_factories.base import R, RowFactory
from data_factories.declarations import ParentAttribute, ParentId
from data_factories.events import EventFactory
from data_factories.fans import FanFactory
from data_factories.models import (
    Entitlement,
    EntitlementTemplate,
    Fan,
    InventoryItem,
    Order,
    OrderItem,
    Payment,
    PriceType,
    ReservationLock,
    ReservationLockItem,
)
from data_factories.pricing import PriceTypeFactory
from data_factories.seating import InventoryItemFactory
from data_factories.session import current
from support.db.queries import execute

UNIT_CENTS = (5000, 450, 450)  # base, fees, tax of one seat: $59.00 all-in


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Priced(RowFactory[R]):
    """Item rows priced as base + fees + tax (the CHECK on total_cents)."""

    class Meta:
        abstract = True

    base_cents, fees_cents, tax_cents = UNIT_CENTS
    total_cents = factory.LazyAttribute(lambda o: o.base_cents + o.fees_cents + o.tax_cents)


class ReservationLockFactory(RowFactory[ReservationLock]):
    """An ACTIVE lock expiring in 10 minutes (``expires_at=`` in the past for an overdue one)."""

    class Meta:
        model = ReservationLock

    availability_token = factory.LazyFunction(lambda: f"avt_{uuid.uuid4().hex}")
    fan_id = ParentId(FanFactory)
    event_id = ParentId(EventFactory)
    price_type_id = ParentId(PriceTypeFactory)
    offer_id = None
    access_code_id = None
    status = "ACTIVE"
    expires_at = factory.LazyFunction(lambda: _utc_now() + dt.timedelta(minutes=10))


class ReservationLockItemFactory(_Priced[ReservationLockItem]):
    """A locked seat of the lock's event, LOCKED by that lock."""

    class Meta:
        model = ReservationLockItem

    lock_id = ParentId(ReservationLockFactory)
    inventory_item_id = ParentId(
        InventoryItemFactory, status="LOCKED", lock_id=factory.SelfAttribute("..lock_id"),
        block_id__event_id=ParentAttribute(ReservationLock, "...lock_id", "event_id"),
    )


class OrderFactory(RowFactory[Order]):
    """A PENDING order without items; ``purchase`` makes a paid one with everything it implies."""

    class Meta:
        model = Order

    fan_id = ParentId(FanFactory)
    event_id = ParentId(EventFactory)
    lock_id = None
    status = "PENDING"
    total_cents = 0
    idempotency_key = factory.LazyFunction(lambda: f"idem-{uuid.uuid4().hex}")


class OrderItemFactory(_Priced[OrderItem]):
    """A SOLD seat of the order's event, at the default unit price."""

    class Meta:
        model = OrderItem

    order_id = ParentId(OrderFactory)
    inventory_item_id = ParentId(
        InventoryItemFactory, status="SOLD",
        block_id__event_id=ParentAttribute(Order, "...order_id", "event_id"),
    )
    price_type_id = ParentId(PriceTypeFactory)


class PaymentFactory(RowFactory[Payment]):
    """A CAPTURED card payment of the order's total under the order's idempotency key."""

    class Meta:
        model = Payment

    class Params:
        declined = factory.Trait(status="DECLINED", decline_reason="card_declined")

    order_id = ParentId(OrderFactory)
    idempotency_key = ParentAttribute(Order, "order_id", "idempotency_key")
    amount_cents = ParentAttribute(Order, "order_id", "total_cents")
    status = "CAPTURED"
    method = "card"
    decline_reason = None


class EntitlementFactory(RowFactory[Entitlement]):
    """A VALID ticket for an order item's seat, with a globally unique barcode."""

    class Meta:
        model = Entitlement

    order_item_id = ParentId(OrderItemFactory)
    order_id = ParentAttribute(OrderItem, "order_item_id", "order_id")
    inventory_item_id = ParentAttribute(OrderItem, "order_item_id", "inventory_item_id")
    template_id = None
    gate_access_level = "GENERAL"
    barcode = factory.LazyFunction(lambda: f"JT{uuid.uuid4().hex[:18].upper()}")
    status = "VALID"


@dataclass(frozen=True)
class Purchase:
    order: Order
    items: list[OrderItem]
    payment: Payment
    entitlements: list[Entitlement]


def _set_seats(seats: Sequence[InventoryItem], *, status: str, lock_id: uuid.UUID | None) -> None:
    execute(current().databases.inventory,
            "UPDATE inventory_item SET status = %s, lock_id = %s, updated_at = now() WHERE id = ANY(%s)",
            (status, lock_id, [s.id for s in seats]))


def _event_of(seats: Sequence[InventoryItem]) -> uuid.UUID:
    events = {s.event_id for s in seats}
    if len(events) != 1:
        raise ValueError(f"seats of one lock or order belong to one event, got {len(events)}")
    return events.pop()


def lock_seats(fan: Fan, seats: Sequence[InventoryItem], *, price_type: str | PriceType = "ADULT",
               unit_cents: tuple[int, int, int] = UNIT_CENTS, ttl: dt.timedelta = dt.timedelta(minutes=10),
               ) -> tuple[ReservationLock, list[ReservationLockItem]]:
    """An ACTIVE lock of ``fan`` on ``seats`` (now LOCKED), as reserveSeats would leave it."""
    lock = ReservationLockFactory.create(fan=fan, event_id=_event_of(seats), price_type=price_type, expires_at=_utc_now() + ttl)
    _set_seats(seats, status="LOCKED", lock_id=lock.id)
    base, fees, tax = unit_cents
    items = [ReservationLockItemFactory.create(lock=lock, inventory_item=s, base_cents=base, fees_cents=fees, tax_cents=tax)
             for s in seats]
    return lock, items


def purchase(fan: Fan, seats: Sequence[InventoryItem], *, price_type: str | PriceType = "ADULT",
             unit_cents: tuple[int, int, int] = UNIT_CENTS, template: EntitlementTemplate | None = None) -> Purchase:
    """A PAID order of ``fan`` for ``seats`` (now SOLD): items, captured payment, one entitlement a seat."""
    base, fees, tax = unit_cents
    order = OrderFactory.create(fan=fan, event_id=_event_of(seats), status="PAID", total_cents=(base + fees + tax) * len(seats))
    items = [OrderItemFactory.create(order=order, inventory_item=s, price_type=price_type, base_cents=base, fees_cents=fees,
                              tax_cents=tax) for s in seats]
    payment = PaymentFactory.create(order=order)
    level = template.gate_access_level if template else "GENERAL"
    entitlements = [EntitlementFactory.create(order_item=i, template=template, gate_access_level=level) for i in items]
    _set_seats(seats, status="SOLD", lock_id=None)
    return Purchase(order, items, payment, entitlements)
