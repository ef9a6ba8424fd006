"""/v1/venues: where events take place. Public catalog: every role reads, admin writes."""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.catalog import VENUES
from sandbox.rest.deps import ADMIN, CATALOG_READ
from sandbox.rest.models.catalog import VenueCreate, VenueFilters, VenuePage, VenueRead, VenueUpdate
from sandbox.rest.routing import add_crud

router = APIRouter(prefix="/v1/venues", tags=["venues"])
add_crud(router, VENUES, read=VenueRead, create=VenueCreate, update=VenueUpdate, filters=VenueFilters, page=VenuePage,
         readers=CATALOG_READ, writers=ADMIN)
