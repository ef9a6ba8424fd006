"""/v1/seasons: date ranges grouping events. Public catalog: every role reads, admin writes."""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.catalog import SEASONS
from sandbox.rest.deps import ADMIN, CATALOG_READ
from sandbox.rest.models.catalog import SeasonCreate, SeasonFilters, SeasonPage, SeasonRead, SeasonUpdate
from sandbox.rest.routing import add_crud

router = APIRouter(prefix="/v1/seasons", tags=["seasons"])
add_crud(router, SEASONS, read=SeasonRead, create=SeasonCreate, update=SeasonUpdate, filters=SeasonFilters, page=SeasonPage,
         readers=CATALOG_READ, writers=ADMIN)
