"""/v1/orders: the ops view of orders (read only; staff). GET /v1/orders/{id} carries the seats,
payment attempts and entitlements of the order.
"""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.orders import ORDER_DETAILS, ORDERS
from sandbox.rest.deps import STAFF_READ
from sandbox.rest.models.orders import OrderDetail, OrderFilters, OrderPage
from sandbox.rest.routing import add_get, add_list

router = APIRouter(prefix="/v1/orders", tags=["orders"])
add_list(router, ORDERS, filters=OrderFilters, page=OrderPage, allowed=STAFF_READ)
add_get(router, ORDER_DETAILS, read=OrderDetail, allowed=STAFF_READ)
