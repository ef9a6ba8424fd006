"""/v1/performers: who performs. Public catalog: every role reads, admin writes."""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.catalog import PERFORMERS
from sandbox.rest.deps import ADMIN, CATALOG_READ
from sandbox.rest.models.catalog import PerformerCreate, PerformerFilters, PerformerPage, PerformerRead, PerformerUpdate
from sandbox.rest.routing import add_crud

router = APIRouter(prefix="/v1/performers", tags=["performers"])
add_crud(router, PERFORMERS, read=PerformerRead, create=PerformerCreate, update=PerformerUpdate, filters=PerformerFilters,
         page=PerformerPage, readers=CATALOG_READ, writers=ADMIN)
