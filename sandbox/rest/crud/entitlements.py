"""Entitlement templates (inventory database): event-wide, or for one block of the event."""

from __future__ import annotations

from uuid import UUID

from sandbox.db import Databases
from sandbox.errors import InvalidInput
from sandbox.rest.crud.base import Resource, insert_row
from sandbox.rest.crud.events import event_status
from sandbox.rest.models.entitlements import EntitlementTemplateCreate

TEMPLATES = Resource(
    label="entitlement template", table="entitlement_template", database="inventory", order_by="t.created_at, t.id",
    filters={"event_id": "t.event_id = {}", "block_id": "t.block_id = {}"},
)


async def create_template(db: Databases, *, data: EntitlementTemplateCreate) -> UUID:
    """The event must exist and the block, when given, must be one of its blocks."""
    await event_status(db, data.event_id, field="eventId")
    if data.block_id is not None:
        block_event = await db.inventory.fetchval("SELECT event_id FROM inventory_block WHERE id = $1", data.block_id)
        if block_event != data.event_id:
            raise InvalidInput(f"blockId: event {data.event_id} has no inventory block {data.block_id}", field="blockId")
    return await insert_row(db.inventory, TEMPLATES, data.model_dump())
