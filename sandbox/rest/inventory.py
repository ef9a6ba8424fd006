"""/v1/events/{id}/inventory and /seats: an event's seat map, its counts and its seats.

Ops and admin create and remove seat maps; staff read them.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from sandbox.rest.crud.base import databases, fetch_page
from sandbox.rest.crud.events import event_status
from sandbox.rest.crud.inventory import SEATS, create_seat_map, delete_seat_map, summarise
from sandbox.rest.deps import OPS, STAFF_READ
from sandbox.rest.models.inventory import InventorySummary, SeatFilters, SeatMap, SeatMapCreated, SeatPage
from sandbox.rest.openapi import problems

router = APIRouter(prefix="/v1/events/{id}", tags=["inventory"])


@router.post("/inventory", status_code=201, response_model=SeatMapCreated, operation_id="createSeatMap",
             summary="Create blocks and seats from a seat map", dependencies=[OPS], responses=problems(404, 409, 422))
async def create_inventory(request: Request, id: UUID, body: SeatMap) -> SeatMapCreated:
    return SeatMapCreated.model_validate(await create_seat_map(databases(request), event_id=id, seat_map=body))


@router.get("/inventory", response_model=InventorySummary, operation_id="getInventory",
            summary="Seat counts per section, price code and status", dependencies=[STAFF_READ], responses=problems(404, 422))
async def get_inventory(request: Request, id: UUID) -> InventorySummary:
    return InventorySummary.model_validate(await summarise(databases(request), event_id=id))


@router.delete("/inventory", status_code=204, response_class=Response, operation_id="deleteSeatMap",
               summary="Remove the seats of a DRAFT or CANCELLED event that were never reserved",
               dependencies=[OPS], responses=problems(404, 409, 422))
async def delete_inventory(request: Request, id: UUID) -> Response:
    await delete_seat_map(databases(request), event_id=id)
    return Response(status_code=204)


@router.get("/seats", response_model=SeatPage, operation_id="listSeats", summary="Seats of an event, by section, row and seat",
            dependencies=[STAFF_READ], responses=problems(404, 422))
async def list_seats(request: Request, id: UUID, query: Annotated[SeatFilters, Query()]) -> SeatPage:
    db = databases(request)
    await event_status(db, id)
    rows, total = await fetch_page(db.inventory, SEATS, filters={"event_id": id, **query.filters()},
                                   limit=query.limit, offset=query.offset)
    return SeatPage.model_validate(
        {"items": [dict(row) for row in rows], "total": total, "limit": query.limit, "offset": query.offset}
    )
