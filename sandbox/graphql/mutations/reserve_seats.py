"""reserveSeats: lock seats for the calling fan (rules 1, 2, 4, 5, 8)."""

from __future__ import annotations

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.types import Reservation
from sandbox.services import reservations
from sandbox.services.validation import optional_uuid, parse_uuid


@strawberry.input
class ReserveSeatsInput:
    event_id: strawberry.ID
    quantity: int
    price_type: str = strawberry.field(default="ADULT", description="A price type code: ADULT, CHILD, SENIOR, ...")
    section: str | None = None
    offer_id: strawberry.ID | None = strawberry.field(default=None, description="Reserve from this offer's blocks.")
    access_code: str | None = None
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retry-safe: the same key returns the first reservation instead of locking more seats."
    )


async def reserve_seats(info: strawberry.Info[JumpContext, None], input: ReserveSeatsInput) -> Reservation:
    context = info.context
    fan_id = context.require_fan()
    reservation = await reservations.reserve_seats(
        context.db,
        fan_id=fan_id,
        event_id=parse_uuid(input.event_id, "eventId"),
        quantity=input.quantity,
        price_type=input.price_type,
        ttl_seconds=context.settings.lock_ttl_seconds,
        section=input.section,
        offer_id=optional_uuid(input.offer_id, "offerId"),
        access_code=input.access_code,
        idempotency_key=input.idempotency_key,
    )
    return Reservation.from_record(reservation)
