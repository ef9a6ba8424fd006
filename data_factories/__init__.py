"""Test data: factory-boy factories per platform entity, persisted through a cleanup registry.

    from data_factories import session, Registry, EventFactory, FanFactory, seat_map
    registry = Registry.open(databases)                 # a new namespace, claimed by this process
    session.bind(databases, registry, seed=1234)
    event = EventFactory(name="Summer Nights")
    seats = seat_map(event, "A", rows=2, seats_per_row=10, price_code="STD")
    maya = FanFactory(first_name="Maya")                # maya.<last>-<n>.<ns>@example.test, can log in
    registry.cleanup()                                  # deletes all of it, and what the platform added
"""

from data_factories.cleanup import CleanupReport
from data_factories.events import (
    EventFactory,
    EventGroupFactory,
    EventGroupMemberFactory,
    EventPerformerFactory,
    PerformerFactory,
    SeasonFactory,
    VenueFactory,
)
from data_factories.fans import AppUserFactory, AuditEventFactory, FanFactory
from data_factories.namespace import new_namespace, worker_namespace
from data_factories.offers import AccessCodeFactory, OfferEventGroupFactory, OfferFactory, UserAttributeFactory
from data_factories.orders import (
    EntitlementFactory,
    OrderFactory,
    OrderItemFactory,
    PaymentFactory,
    Purchase,
    ReservationLockFactory,
    ReservationLockItemFactory,
    lock_seats,
    purchase,
)
from data_factories.pricing import PriceCodeFactory, PriceComponentFactory, PricePointFactory, PriceTypeFactory
from data_factories.registry import RUN_SCOPE, Registry
from data_factories.seating import (
    EntitlementTemplateFactory,
    InventoryBlockFactory,
    InventoryItemFactory,
    SeatMap,
    event_with_seat_row,
    seat_map,
)
from data_factories.sweep import sweep_stale

__all__ = [
    "AccessCodeFactory", "AppUserFactory", "AuditEventFactory", "CleanupReport", "EntitlementFactory", "EntitlementTemplateFactory",
    "EventFactory", "EventGroupFactory", "EventGroupMemberFactory", "EventPerformerFactory", "FanFactory",
    "InventoryBlockFactory", "InventoryItemFactory", "OfferEventGroupFactory", "OfferFactory", "OrderFactory",
    "OrderItemFactory", "PaymentFactory", "PerformerFactory", "PriceCodeFactory", "PriceComponentFactory",
    "PricePointFactory", "PriceTypeFactory", "Purchase", "RUN_SCOPE", "Registry", "ReservationLockFactory",
    "ReservationLockItemFactory", "SeasonFactory", "SeatMap", "UserAttributeFactory", "VenueFactory", "lock_seats",
    "event_with_seat_row", "new_namespace", "purchase", "seat_map", "sweep_stale", "worker_namespace",
]
