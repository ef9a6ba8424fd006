"""/v1/fans: fan profiles and their logins. Staff read; admin creates, changes and deletes.

Deleting is for fans with no history (a fan with orders or reservations is a 409); erasing a
fan's personal data while keeping the orders is the fan's own GraphQL deleteMyProfile.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
from sandbox.rest.crud.fans import FANS, create_fan, update_fan
from sandbox.rest.deps import ADMIN, STAFF_READ
from sandbox.rest.models.fans import FanCreate, FanFilters, FanPage, FanRead, FanUpdate
from sandbox.rest.openapi import problems
from sandbox.rest.routing import add_delete, add_reads, read_one
from sandbox.security import audit, personal_data
from sandbox.security.tokens import Principal

router = APIRouter(prefix="/v1/fans", tags=["fans"])


async def _personal_data_read(request: Request, caller: Principal, rows: list[Mapping[str, Any]]) -> None:
    await audit.personal_data_read(databases(request).inventory, request, caller, [row["id"] for row in rows])


# Staff read fans with the personal data their role may see (security/personal_data.py); each read is audited.
add_reads(router, FANS, read=FanRead, filters=FanFilters, page=FanPage, allowed=STAFF_READ, present=personal_data.present,
          seen=_personal_data_read)


@router.post("", status_code=201, response_model=FanRead, operation_id="createFan",
             summary="Create a fan who logs in with their email", dependencies=[ADMIN], responses=problems(409, 422))
async def create(request: Request, body: FanCreate) -> FanRead:
    fan_id = await create_fan(databases(request), data=body)
    return await read_one(request, FANS, FanRead, fan_id)


@router.patch("/{id}", response_model=FanRead, operation_id="updateFan", summary="Change a fan",
              dependencies=[ADMIN], responses=problems(404, 409, 422))
async def update(request: Request, id: UUID, body: FanUpdate) -> FanRead:  # type: ignore[valid-type]
    await update_fan(databases(request), fan_id=id, data=body)
    return await read_one(request, FANS, FanRead, id)


add_delete(router, FANS, allowed=ADMIN)
