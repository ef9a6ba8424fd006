"""Price points and components (inventory database); the API names price codes and types by code."""

from __future__ import annotations

from uuid import UUID

from sandbox.db import Databases
from sandbox.errors import InvalidInput
from sandbox.rest.crud.base import Resource, insert_row
from sandbox.rest.crud.events import event_status
from sandbox.rest.models.pricing import PricePointCreate

PRICE_POINTS = Resource(
    label="price point", table="price_point", database="inventory", order_by="t.created_at, t.id",
    select="SELECT t.*, pc.code AS price_code, pt.code AS price_type, "
    "COALESCE((SELECT json_agg(c ORDER BY c.created_at, c.id) FROM price_component c WHERE c.price_point_id = t.id), "
    "'[]'::json) AS components "
    "FROM price_point t JOIN price_code pc ON pc.id = t.price_code_id JOIN price_type pt ON pt.id = t.price_type_id",
    filters={
        "event_id": "t.event_id = {}",
        "price_code": "t.price_code_id = (SELECT id FROM price_code WHERE code = {})",
        "price_type": "t.price_type_id = (SELECT id FROM price_type WHERE code = {})",
    },
    children=("DELETE FROM price_component WHERE price_point_id = $1",),
)

COMPONENTS = Resource(label="price component", table="price_component", database="inventory", order_by="t.created_at, t.id")


async def _code_id(db: Databases, table: str, code: str, *, field: str) -> UUID:
    code_id = await db.inventory.fetchval(f"SELECT id FROM {table} WHERE code = $1", code)
    if code_id is None:
        raise InvalidInput(f"unknown {table.replace('_', ' ')} {code!r}", field=field)
    return code_id


async def create_price_point(db: Databases, *, data: PricePointCreate) -> UUID:
    """A base price for (event, price code, price type); the same triple twice is a 409."""
    await event_status(db, data.event_id, field="eventId")
    values = {
        "event_id": data.event_id,
        "price_code_id": await _code_id(db, "price_code", data.price_code, field="priceCode"),
        "price_type_id": await _code_id(db, "price_type", data.price_type, field="priceType"),
        "base_cents": data.base_cents,
    }
    return await insert_row(db.inventory, PRICE_POINTS, values)
