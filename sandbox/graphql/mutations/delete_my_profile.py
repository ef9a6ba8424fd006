"""deleteMyProfile: GDPR erasure of the calling fan; orders are kept, anonymised."""

from __future__ import annotations

import datetime as dt

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.security import audit
from sandbox.services import fans


@strawberry.type
class DeleteProfileResult:
    fan_id: strawberry.ID
    erased_at: dt.datetime
    released_reservations: int
    orders_kept: int


async def delete_my_profile(info: strawberry.Info[JumpContext, None]) -> DeleteProfileResult:
    fan_id = info.context.require_fan()
    erasure = await fans.erase_fan(info.context.db, fan_id=fan_id)
    # the login is gone and the name was the e-mail: the entry names the fan by id and role only
    await audit.record(info.context.db.inventory, info.context.request, audit.Actor(role="fan"), "PROFILE_ERASED",
                       "SUCCESS", [audit.Target("fan", str(fan_id), fan_id=str(fan_id))])
    return DeleteProfileResult(
        fan_id=strawberry.ID(str(erasure.fan_id)), erased_at=erasure.erased_at,
        released_reservations=erasure.released_reservations, orders_kept=erasure.orders_kept,
    )
