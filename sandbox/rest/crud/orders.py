"""Orders as ops see them (inventory database): read-only here; fans order through GraphQL."""

from __future__ import annotations

from dataclasses import replace

from sandbox.rest.crud.base import Resource

ORDERS = Resource(
    label="order", table='"order"', database="inventory",
    filters={"fan_id": "t.fan_id = {}", "event_id": "t.event_id = {}", "status": "t.status = {}"},
)

_ITEM = (
    "json_build_object('id', oi.id, 'inventory_item_id', oi.inventory_item_id, 'section', i.section, "
    "'row', i.row_label, 'seat_number', i.seat_number, 'price_type', pt.code, 'base_cents', oi.base_cents, "
    "'fees_cents', oi.fees_cents, 'tax_cents', oi.tax_cents, 'total_cents', oi.total_cents)"
)

# one order with its seats, payment attempts and entitlements, in one round trip
ORDER_DETAILS = replace(
    ORDERS,
    select=f"""SELECT t.*,
        COALESCE((SELECT json_agg({_ITEM} ORDER BY i.section, i.row_label, i.seat_number)
                  FROM order_item oi JOIN inventory_item i ON i.id = oi.inventory_item_id
                  JOIN price_type pt ON pt.id = oi.price_type_id WHERE oi.order_id = t.id), '[]'::json) AS items,
        COALESCE((SELECT json_agg(p ORDER BY p.created_at, p.id) FROM payment p WHERE p.order_id = t.id), '[]'::json) AS payments,
        COALESCE((SELECT json_agg(e ORDER BY e.created_at, e.id) FROM entitlement e WHERE e.order_id = t.id), '[]'::json)
            AS entitlements
        FROM "order" t""",
)
