"""/v1/event-groups: groups of events that offers apply to. Staff read, admin writes."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
from sandbox.rest.crud.events import EVENT_GROUPS, ensure_group_unused
from sandbox.rest.deps import ADMIN, STAFF_READ
from sandbox.rest.models.events import EventGroupCreate, EventGroupFilters, EventGroupPage, EventGroupRead, EventGroupUpdate
from sandbox.rest.routing import add_create, add_delete, add_reads, add_update

router = APIRouter(prefix="/v1/event-groups", tags=["event-groups"])
add_reads(router, EVENT_GROUPS, read=EventGroupRead, filters=EventGroupFilters, page=EventGroupPage, allowed=STAFF_READ)
add_create(router, EVENT_GROUPS, create=EventGroupCreate, read=EventGroupRead, allowed=ADMIN)
add_update(router, EVENT_GROUPS, update=EventGroupUpdate, read=EventGroupRead, allowed=ADMIN)


async def _unused(request: Request, group_id: UUID) -> None:
    await ensure_group_unused(databases(request), group_id)


add_delete(router, EVENT_GROUPS, allowed=ADMIN, guard=_unused)
