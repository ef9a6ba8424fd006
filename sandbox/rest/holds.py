"""/v1/holds: ops take seats off sale (HOLD for later release, KILL for seats that do not exist
on the night) and put them back. All or nothing: one seat in the wrong status is a 409 and no
seat changes. Held and killed seats are never offered to fans (business rule 8).
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
from sandbox.rest.crud.inventory import change_seats
from sandbox.rest.deps import OPS
from sandbox.rest.models.inventory import HoldRequest, HoldResult, ReleaseRequest, SeatSelection
from sandbox.rest.openapi import problems

router = APIRouter(prefix="/v1/holds", tags=["holds"])
ACTION_STATUS = {"HOLD": "HELD", "KILL": "KILLED"}


async def _change(request: Request, selection: SeatSelection, *, from_statuses: tuple[str, ...], to: str) -> HoldResult:
    seats = await change_seats(databases(request), selection=selection, from_statuses=from_statuses, to=to)
    return HoldResult.model_validate({"event_id": selection.event_id, "status": to, "count": len(seats), "seats": seats})


@router.post("", response_model=HoldResult, operation_id="holdSeats", summary="Hold or kill AVAILABLE seats",
             dependencies=[OPS], responses=problems(409, 422))
async def hold(request: Request, body: HoldRequest) -> HoldResult:
    return await _change(request, body, from_statuses=("AVAILABLE",), to=ACTION_STATUS[body.action])


@router.post("/release", response_model=HoldResult, operation_id="releaseSeats",
             summary="Return HELD or KILLED seats to AVAILABLE", dependencies=[OPS], responses=problems(409, 422))
async def release(request: Request, body: ReleaseRequest) -> HoldResult:
    return await _change(request, body, from_statuses=("HELD", "KILLED"), to="AVAILABLE")
