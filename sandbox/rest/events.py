"""/v1/events: events with their line-up, and their life cycle (publish, cancel).

Public catalog: every role reads (fans only what is announced: no DRAFT); admin creates,
changes, publishes, cancels and deletes. The status changes only through publish and cancel.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
from sandbox.rest.crud.events import EVENTS, cancel_event, ensure_event_unused, publish_event
from sandbox.rest.deps import ADMIN, CATALOG_READ
from sandbox.rest.models.events import EventCreate, EventFilters, EventPage, EventRead, EventUpdate
from sandbox.rest.openapi import problems
from sandbox.rest.routing import add_create, add_delete, add_reads, add_update, read_one
from sandbox.security import audit
from sandbox.security.tokens import Principal

router = APIRouter(prefix="/v1/events", tags=["events"])


def _public_catalog(caller: Principal) -> dict[str, Any]:
    """Fans see the public catalog: a DRAFT event is not announced yet, so to them it does not exist."""
    return {"status_not_in": ["DRAFT"]} if caller.role == "fan" else {}


add_reads(router, EVENTS, read=EventRead, filters=EventFilters, page=EventPage, allowed=CATALOG_READ, scope=_public_catalog)
add_create(router, EVENTS, create=EventCreate, read=EventRead, allowed=ADMIN)
add_update(router, EVENTS, update=EventUpdate, read=EventRead, allowed=ADMIN)


@router.post("/{id}/publish", response_model=EventRead, operation_id="publishEvent",
             summary="Put a DRAFT event on sale (it needs at least one seat)", dependencies=[ADMIN],
             responses=problems(404, 409, 422))
async def publish(request: Request, id: UUID) -> EventRead:
    await publish_event(databases(request), event_id=id)
    await audit.admin_write(request, "EVENT_PUBLISHED", audit.Target("event", str(id)))
    return await read_one(request, EVENTS, EventRead, id)


@router.post("/{id}/cancel", response_model=EventRead, operation_id="cancelEvent",
             summary="Cancel an event and release its active reservations", dependencies=[ADMIN],
             responses=problems(404, 409, 422))
async def cancel(request: Request, id: UUID) -> EventRead:
    await cancel_event(databases(request), event_id=id)
    await audit.admin_write(request, "EVENT_CANCELLED", audit.Target("event", str(id)))
    return await read_one(request, EVENTS, EventRead, id)


async def _unused(request: Request, event_id: UUID) -> None:
    await ensure_event_unused(databases(request), event_id)


add_delete(router, EVENTS, allowed=ADMIN, guard=_unused)
