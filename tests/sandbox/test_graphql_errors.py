"""How GraphQL errors are shaped, and the pricing arithmetic: in-process, no stack needed."""

from __future__ import annotations

import pytest
from graphql import GraphQLError

from sandbox.errors import InvalidInput, PaymentDeclined
from sandbox.graphql.errors import INTERNAL_MESSAGE, format_error
from sandbox.services.pricing import all_in, tax_cents


def _located(original: Exception) -> GraphQLError:
    return GraphQLError(str(original), path=["reserveSeats"], original_error=original)


def test_platform_errors_keep_their_detail_code_field_and_extras() -> None:
    assert format_error(_located(InvalidInput("quantity must be 1..8", field="quantity")))["extensions"] == {
        "code": "BAD_USER_INPUT", "field": "quantity"}
    body = format_error(_located(PaymentDeclined("declined", orderId="o-1")))
    assert (body["message"], body["extensions"]) == ("declined", {"code": "PAYMENT_DECLINED", "orderId": "o-1"})


def test_unexpected_exceptions_are_masked() -> None:
    body = format_error(_located(RuntimeError("password=hunter2 at line 3")))
    assert body["message"] == INTERNAL_MESSAGE and body["extensions"] == {"code": "INTERNAL"}


@pytest.mark.parametrize("message,code", [
    ("Variable '$q' got invalid value 'x'; Int cannot represent non-integer value: 'x'", "BAD_USER_INPUT"),
    ("Cannot query field 'nope' on type 'Event'.", "GRAPHQL_VALIDATION"),
    ("Syntax Error: Expected Name, found <EOF>.", "GRAPHQL_VALIDATION"),
])
def test_graphql_core_errors_get_a_code(message: str, code: str) -> None:
    assert format_error(GraphQLError(message))["extensions"] == {"code": code}


@pytest.mark.parametrize("subtotal,bps,tax", [
    (5450, 825, 450),  # 449.625 -> 450
    (1000, 5, 1),      # 0.5 -> 1 (banker's rounding would give 0)
    (980, 5, 0),       # 0.49 -> 0
    (2850, 825, 235),  # 235.125 -> 235
    (0, 825, 0),
    (12345, 10000, 12345),
])
def test_tax_rounds_half_up_to_the_cent(subtotal: int, bps: int, tax: int) -> None:
    assert tax_cents(subtotal, bps) == tax


def test_all_in_price_is_base_plus_fees_plus_tax() -> None:
    price = all_in(5000, 450, 825)
    assert (price.base_cents, price.fees_cents, price.tax_cents, price.total_cents) == (5000, 450, 450, 5900)
