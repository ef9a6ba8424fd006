"""What the API said about orders, read from the exchanges of a scenario.

Every response passes through the transport, which hands a masked copy to the plugins
(``jump_exchange``); :class:`OrderObserver` picks the orders out of those bodies, whichever API and
operation returned them (GraphQL camelCase or REST snake_case), so no journey has to remember to
report what it bought. The latest answer about an order wins: a cancelOrder after a checkout says
what the order is now.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field, ValidationError

from support.clients.exchange import Exchange
from support.plugins.hookspecs import hookimpl

ORDER_STATUSES = frozenset({"PENDING", "PAID", "CANCELLED", "REFUNDED"})
# a dict is an order when its status is an order status and it carries one of these (an event can
# be CANCELLED and a payment REFUNDED too, but neither has them; a reservation has an availabilityToken)
_ORDER_MARKERS = ("totalCents", "total_cents", "items", "payments", "entitlements")
DECLINED_CODE = "PAYMENT_DECLINED"


def _field(*names: str | AliasPath) -> Any:
    return Field(default=None, validation_alias=AliasChoices(*names))


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ApiItem(_Answer):
    seat_id: str | None = _field(AliasPath("seat", "id"), "inventory_item_id", "inventoryItemId")
    total_cents: int | None = _field("totalCents", "total_cents")


class ApiPayment(_Answer):
    id: str | None = None
    status: str | None = None
    amount_cents: int | None = _field("amountCents", "amount_cents")


class ApiEntitlement(_Answer):
    id: str | None = None
    status: str | None = None
    barcode: str | None = None
    gate_access_level: str | None = _field("gateAccessLevel", "gate_access_level")
    seat_id: str | None = _field(AliasPath("seat", "id"), "inventory_item_id", "inventoryItemId")


class ApiOrder(_Answer):
    """One answer about one order; a list the answer did not include is None (not selected), not empty."""

    id: str
    status: str | None = None
    total_cents: int | None = _field("totalCents", "total_cents")
    event_id: str | None = _field("eventId", "event_id")
    fan_id: str | None = _field("fanId", "fan_id")
    items: list[ApiItem] | None = None
    payments: list[ApiPayment] | None = None
    entitlements: list[ApiEntitlement] | None = None
    operation: str = ""               # which call said it ("Checkout", "GET /v1/orders/{id}")
    declined: bool = False            # known only from a PAYMENT_DECLINED refusal naming the order


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


def _order_like(node: dict[str, Any]) -> bool:
    return (node.get("status") in ORDER_STATUSES and _is_uuid(node.get("id")) and "availabilityToken" not in node
            and any(key in node for key in _ORDER_MARKERS))


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def orders_in(exchange: Exchange) -> list[ApiOrder]:
    """The orders one successful response told about (also a declined checkout's order id)."""
    if exchange.status is None or not 200 <= exchange.status < 300 or not isinstance(exchange.response_body, dict | list):
        return []
    body = exchange.response_body
    found: list[ApiOrder] = []
    data = body.get("data") if exchange.service == "graphql" and isinstance(body, dict) else body
    for node in _walk(data):
        if _order_like(node):
            try:
                found.append(ApiOrder.model_validate({**node, "operation": exchange.operation}))
            except ValidationError:
                continue  # a shape we do not understand is not something the API "said"
    if exchange.service == "graphql" and isinstance(body, dict):
        for error in body.get("errors") or []:
            extensions = (error or {}).get("extensions") or {}
            if extensions.get("code") == DECLINED_CODE and _is_uuid(extensions.get("orderId")):
                found.append(ApiOrder(id=str(extensions["orderId"]), operation=exchange.operation, declined=True))
    return found


class OrderObserver:
    """A plugin (``jump_exchange``) keeping the latest API answer about every order of the scenario.

    Exchanges arrive from the crowd journeys' threads too, hence the lock. ``drain`` hands the
    scenario's answers over and starts afresh for the next scenario.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: dict[str, ApiOrder] = {}

    @hookimpl
    def jump_exchange(self, exchange: Exchange) -> None:
        found = orders_in(exchange)
        if found:
            with self._lock:
                for order in found:
                    known = self._orders.get(order.id)
                    # a refusal naming the order adds nothing to a full answer about it
                    if not (order.declined and known is not None and not known.declined):
                        self._orders[order.id] = order

    def orders(self) -> list[ApiOrder]:
        with self._lock:
            return list(self._orders.values())

    def drain(self) -> list[ApiOrder]:
        with self._lock:
            orders, self._orders = list(self._orders.values()), {}
        return orders
