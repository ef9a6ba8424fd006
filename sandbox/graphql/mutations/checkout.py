"""checkout: pay for a reservation (rules 6, 7); PAYMENT_DECLINED carries extensions.orderId."""

from __future__ import annotations

import strawberry

from sandbox.graphql.context import JumpContext
from sandbox.graphql.types import Order
from sandbox.services import checkout as checkout_service


@strawberry.input
class CheckoutInput:
    availability_token: str
    payment_token: str = strawberry.field(description="tok_visa or tok_mastercard capture; tok_declined is declined.")
    idempotency_key: str = strawberry.field(description="1-128 characters; a retry with the same key never charges twice.")


async def checkout(info: strawberry.Info[JumpContext, None], input: CheckoutInput) -> Order:
    fan_id = info.context.require_fan()
    order = await checkout_service.checkout(
        info.context.db,
        fan_id=fan_id,
        availability_token=input.availability_token,
        payment_token=input.payment_token,
        idempotency_key=input.idempotency_key,
    )
    return Order.from_record(order)
