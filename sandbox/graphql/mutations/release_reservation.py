"""releaseReservation: the fan gives reserved seats back before the lock expires."""

from __future__ import annotations

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.types import Reservation
from sandbox.services import reservations


async def release_reservation(info: strawberry.Info[JumpContext, None], availability_token: str) -> Reservation:
    fan_id = info.context.require_fan()
    released = await reservations.release_reservation(info.context.db, fan_id=fan_id, availability_token=availability_token)
    return Reservation.from_record(released)
