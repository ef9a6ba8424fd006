"""cancelOrder: the owning fan, ops or admin refund a paid order or cancel a pending one."""

from __future__ import annotations

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.types import Order
from sandbox.services import orders
from sandbox.services.validation import parse_uuid


async def cancel_order(info: strawberry.Info[JumpContext, None], order_id: strawberry.ID) -> Order:
    scope = info.context.order_scope(write=True)
    cancelled = await orders.cancel_order(info.context.db, order_id=parse_uuid(order_id, "orderId"), fan_id=scope)
    return Order.from_record(cancelled)
