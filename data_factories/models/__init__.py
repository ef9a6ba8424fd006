"""Typed rows: one pydantic model per platform table, fields exactly the table's columns.

Factories return these. ``tests/framework/test_factories.py`` compares every model with the live
catalog, so schema drift shows up as a failing test rather than a confusing step failure.
"""

from data_factories.models.base import Row
from data_factories.models.events import Event, EventGroup, EventGroupMember, EventPerformer, Performer, Season, Venue
from data_factories.models.inventory import (
    AccessCode,
    AppUser,
    AuditEvent,
    Entitlement,
    EntitlementTemplate,
    Fan,
    InventoryBlock,
    InventoryItem,
    Offer,
    OfferEventGroup,
    Order,
    OrderItem,
    Payment,
    PriceCode,
    PriceComponent,
    PricePoint,
    PriceType,
    ReservationLock,
    ReservationLockItem,
    UserAttribute,
)

ALL_MODELS: tuple[type[Row], ...] = (
    Venue, Season, Performer, Event, EventPerformer, EventGroup, EventGroupMember,
    PriceCode, PriceType, PricePoint, PriceComponent, Fan, AppUser, Offer, OfferEventGroup, AccessCode,
    UserAttribute, InventoryBlock, ReservationLock, InventoryItem, ReservationLockItem, EntitlementTemplate,
    Order, OrderItem, Payment, Entitlement, AuditEvent,
)

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "Row"]
