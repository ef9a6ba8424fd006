"""GraphQL test client, operations and fixtures shared by the test_graphql_* modules.

Test modules import the fixtures explicitly (``from tests.sandbox.gql import ...``) rather than
through a conftest, so the REST tests in this folder stay independent of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from tests.sandbox.seed import SeededFan, Seeder

AVAILABILITY = """query($id: ID!) { availability(eventId: $id) { eventId status totalAvailable
  sections { section priceCode available offerId prices { priceType baseCents feesCents taxCents totalCents } } } }"""
RESERVE = """mutation($input: ReserveSeatsInput!) { reserveSeats(input: $input) {
  id availabilityToken expiresAt status eventId offerId totalCents
  seats { id section row seat } items { priceType baseCents feesCents taxCents totalCents seat { id } } } }"""
RELEASE = "mutation($t: String!) { releaseReservation(availabilityToken: $t) { status seats { id } } }"
CHECKOUT = """mutation($input: CheckoutInput!) { checkout(input: $input) {
  id status totalCents idempotencyKey eventId items { totalCents seat { id } }
  entitlements { id barcode gateAccessLevel status seat { id section row seat } }
  payments { status amountCents idempotencyKey declineReason } } }"""
CANCEL = "mutation($id: ID!) { cancelOrder(orderId: $id) { id status entitlements { status } payments { status } } }"
ORDER = "query($id: ID!) { order(id: $id) { id status totalCents } }"
OFFERS = "query($id: ID!) { offers(eventId: $id) { id name requiresAccessCode } }"
EVENT = "query($id: ID!) { event(id: $id) { id name status maxTicketsPerFan venue { id name city } } }"


@dataclass
class GraphQL:
    """Thin client: every call asserts the transport part (never a 500) and returns the body."""

    url: str

    def post(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = requests.post(self.url, json={"query": query, "variables": variables or {}}, headers=headers, timeout=30)
        assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
        return response

    def data(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        """The ``data`` of a call that must succeed."""
        body = self.post(query, variables, token).json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def error(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        """The first error of a call that must fail (HTTP 200 or 4xx, GraphQL-shaped)."""
        body = self.post(query, variables, token).json()
        assert body.get("errors"), f"expected an error, got {body}"
        error = body["errors"][0]
        assert "code" in error.get("extensions", {}), error
        return error

    def code(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> str:
        return self.error(query, variables, token)["extensions"]["code"]

    # -- the fan journey in one call each ---------------------------------------------
    def reserve(self, token: str, event_id: object, quantity: int = 1, **extra: Any) -> dict[str, Any]:
        return self.data(RESERVE, {"input": {"eventId": str(event_id), "quantity": quantity, **extra}}, token)["reserveSeats"]

    def reserve_code(self, token: str, event_id: object, quantity: int = 1, **extra: Any) -> str:
        return self.code(RESERVE, {"input": {"eventId": str(event_id), "quantity": quantity, **extra}}, token)

    def checkout_vars(self, availability_token: str, key: str, payment: str = "tok_visa") -> dict[str, Any]:
        return {"input": {"availabilityToken": availability_token, "paymentToken": payment, "idempotencyKey": key}}

    def checkout(self, token: str, availability_token: str, key: str, payment: str = "tok_visa") -> dict[str, Any]:
        return self.data(CHECKOUT, self.checkout_vars(availability_token, key, payment), token)["checkout"]

    def availability(self, event_id: object, token: str | None = None) -> dict[str, Any]:
        return self.data(AVAILABILITY, {"id": str(event_id)}, token)["availability"]


@pytest.fixture(scope="session")
def gql(graphql_url: str) -> GraphQL:
    return GraphQL(graphql_url)


@pytest.fixture
def seeder(dsns: dict[str, str]) -> Iterator[Seeder]:
    seeder = Seeder(dsns)
    try:
        yield seeder
    finally:
        seeder.cleanup()


NewFan = Callable[..., tuple[SeededFan, str]]


@pytest.fixture
def new_fan(seeder: Seeder, login: Callable[[str, str], str]) -> NewFan:
    """Makes a fan with a login and returns it with a fresh access token."""

    def make(**attributes: str) -> tuple[SeededFan, str]:
        fan = seeder.fan(attributes=attributes or None)
        return fan, login(fan.email, fan.password)

    return make
