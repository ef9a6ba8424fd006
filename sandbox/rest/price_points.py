"""/v1/price-points: base prices per event, price code and price type, and their components
(fixed fees and a tax rate; business rule 3 prices a seat from them). Staff read, admin writes.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases, save
from sandbox.rest.crud.pricing import COMPONENTS, PRICE_POINTS, create_price_point
from sandbox.rest.deps import ADMIN, STAFF_READ
from sandbox.rest.models.pricing import (
    ComponentCreate,
    ComponentRead,
    PricePointCreate,
    PricePointFilters,
    PricePointPage,
    PricePointRead,
    PricePointUpdate,
)
from sandbox.rest.openapi import problems
from sandbox.rest.routing import add_delete, add_owned, add_reads, read_one
from sandbox.security import audit

router = APIRouter(prefix="/v1/price-points", tags=["price-points"])
add_reads(router, PRICE_POINTS, read=PricePointRead, filters=PricePointFilters, page=PricePointPage, allowed=STAFF_READ)


@router.post("", status_code=201, response_model=PricePointRead, operation_id="createPricePoint",
             summary="Create a price point", dependencies=[ADMIN], responses=problems(409, 422))
async def create(request: Request, body: PricePointCreate) -> PricePointRead:
    price_point_id = await create_price_point(databases(request), data=body)
    return await read_one(request, PRICE_POINTS, PricePointRead, price_point_id)


@router.patch("/{id}", response_model=PricePointRead, operation_id="updatePricePoint", summary="Change a price point",
              dependencies=[ADMIN], responses=problems(404, 409, 422))
async def update(request: Request, id: UUID, body: PricePointUpdate) -> PricePointRead:  # type: ignore[valid-type]
    """As every other PATCH (routing.add_update), plus its audit entry: prices are money."""
    changes: PricePointUpdate = body  # type: ignore[valid-type]
    await save(databases(request), PRICE_POINTS, changes, row_id=id)
    await audit.admin_write(request, "PRICE_CHANGED", audit.Target("price point", str(id)),
                            detail={"fields": sorted(changes.model_fields_set)})  # type: ignore[attr-defined]
    return await read_one(request, PRICE_POINTS, PricePointRead, id)


add_delete(router, PRICE_POINTS, allowed=ADMIN)
add_owned(router, PRICE_POINTS, COMPONENTS, path="components", owner="price_point_id", create=ComponentCreate,
          read=ComponentRead, readers=STAFF_READ, writers=ADMIN)
