"""/v1/price-points: base prices per event, price code and price type, and their components
(fixed fees and a tax rate; business rule 3 prices a seat from them). Staff read, admin writes.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
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
from sandbox.rest.routing import add_delete, add_owned, add_reads, add_update, read_one

router = APIRouter(prefix="/v1/price-points", tags=["price-points"])
add_reads(router, PRICE_POINTS, read=PricePointRead, filters=PricePointFilters, page=PricePointPage, allowed=STAFF_READ)


@router.post("", status_code=201, response_model=PricePointRead, operation_id="createPricePoint",
             summary="Create a price point", dependencies=[ADMIN], responses=problems(409, 422))
async def create(request: Request, body: PricePointCreate) -> PricePointRead:
    price_point_id = await create_price_point(databases(request), data=body)
    return await read_one(request, PRICE_POINTS, PricePointRead, price_point_id)


add_update(router, PRICE_POINTS, update=PricePointUpdate, read=PricePointRead, allowed=ADMIN)
add_delete(router, PRICE_POINTS, allowed=ADMIN)
add_owned(router, PRICE_POINTS, COMPONENTS, path="components", owner="price_point_id", create=ComponentCreate,
          read=ComponentRead, readers=STAFF_READ, writers=ADMIN)
