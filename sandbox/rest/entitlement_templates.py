"""/v1/entitlement-templates: the gate access level given to each seat sold (business rule 7).
One event-wide template per event and at most one per block. Staff read, admin writes.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.rest.crud.base import databases
from sandbox.rest.crud.entitlements import TEMPLATES, create_template
from sandbox.rest.deps import ADMIN, STAFF_READ
from sandbox.rest.models.entitlements import (
    EntitlementTemplateCreate,
    EntitlementTemplateFilters,
    EntitlementTemplatePage,
    EntitlementTemplateRead,
    EntitlementTemplateUpdate,
)
from sandbox.rest.openapi import problems
from sandbox.rest.routing import add_delete, add_reads, add_update, read_one

router = APIRouter(prefix="/v1/entitlement-templates", tags=["entitlement-templates"])
add_reads(router, TEMPLATES, read=EntitlementTemplateRead, filters=EntitlementTemplateFilters, page=EntitlementTemplatePage,
          allowed=STAFF_READ)


@router.post("", status_code=201, response_model=EntitlementTemplateRead, operation_id="createEntitlementTemplate",
             summary="Create an entitlement template", dependencies=[ADMIN], responses=problems(409, 422))
async def create(request: Request, body: EntitlementTemplateCreate) -> EntitlementTemplateRead:
    template_id = await create_template(databases(request), data=body)
    return await read_one(request, TEMPLATES, EntitlementTemplateRead, template_id)


add_update(router, TEMPLATES, update=EntitlementTemplateUpdate, read=EntitlementTemplateRead, allowed=ADMIN)
add_delete(router, TEMPLATES, allowed=ADMIN)
