"""Authentication, roles and hostile input on the GraphQL API: errors, never a 500."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.security.tokens import load_or_create_private_key
from support.stack.lifecycle import LocalStack
from tests.sandbox.gql import AVAILABILITY, CHECKOUT, EVENT, OFFERS, RELEASE, RESERVE, GraphQL, NewFan, gql, new_fan, seeder  # noqa: F401
from tests.sandbox.seed import Seeder

FAN_ONLY = [
    ("{ me { id } }", {}),
    ("{ myOrders { id } }", {}),
    ("mutation { deleteMyProfile { fanId } }", {}),
    ("mutation { updateMyProfile(input: {firstName: \"X\"}) { id } }", {}),
    ("mutation { releaseReservation(availabilityToken: \"t\") { id } }", {}),
    ("mutation { checkout(input: {availabilityToken: \"t\", paymentToken: \"tok_visa\", idempotencyKey: \"k\"}) { id } }", {}),
    (RESERVE, {"input": {"eventId": str(uuid.uuid4()), "quantity": 1}}),
]


def _resign(token: str, key: object, **claims: object) -> str:
    payload = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**payload, **claims, "jti": uuid.uuid4().hex}, key, algorithm="RS256")


@pytest.fixture(scope="module")
def bad_tokens(tokens: dict[str, str]) -> dict[str, str]:
    """Tokens the platform must refuse with 401: tampered, expired, signed by another key."""
    fan = tokens["fan"]
    header, payload, signature = fan.split(".")
    flipped = signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")
    return {
        "tampered": f"{header}.{payload}.{flipped}",
        "expired": _resign(fan, _stack_key(), exp=int(time.time()) - 60, iat=int(time.time()) - 120),
        "foreign": _resign(fan, rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "garbage": "not-a-jwt",
    }


def _stack_key() -> rsa.RSAPrivateKey:
    """The local stack's signing key: only an expired token signed by it tests expiry alone."""
    return load_or_create_private_key(LocalStack().key_file)


@pytest.mark.parametrize("kind", ["tampered", "expired", "foreign", "garbage"])
def test_bad_tokens_get_401_with_a_graphql_body(gql: GraphQL, bad_tokens: dict[str, str], kind: str) -> None:
    for query in ("{ __typename }", "{ me { id } }"):
        response = requests.post(gql.url, json={"query": query}, headers={"Authorization": f"Bearer {bad_tokens[kind]}"},
                                 timeout=10)
        assert response.status_code == 401
        body = response.json()
        assert body["data"] is None and body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("query,variables", FAN_ONLY)
def test_fan_operations_need_a_token_and_the_fan_role(gql: GraphQL, tokens: dict[str, str], query: str,
                                                     variables: dict) -> None:
    assert gql.code(query, variables) == "UNAUTHENTICATED"
    for role in ("admin", "ops", "analyst"):
        assert gql.code(query, variables, tokens[role]) == "FORBIDDEN", role


def test_public_queries_work_without_a_token(gql: GraphQL, seeder: Seeder) -> None:
    sale = seeder.sale_event(seats=1)
    variables = {"id": str(sale.event_id)}
    for query in (EVENT, AVAILABILITY, OFFERS, "{ events(first: 1) { totalCount } }"):
        gql.data(query, variables if "$id" in query else None)


HOSTILE_RESERVE_INPUTS = [
    ({"quantity": "two"}, "BAD_USER_INPUT"),
    ({"quantity": 1.5}, "BAD_USER_INPUT"),
    ({"quantity": 2**40}, "BAD_USER_INPUT"),
    ({"quantity": None}, "BAD_USER_INPUT"),
    ({"eventId": "x" * 10_000}, "BAD_USER_INPUT"),
    ({"eventId": str(uuid.uuid4())}, "NOT_FOUND"),
    ({"section": "S" * 10_000}, "BAD_USER_INPUT"),
    ({"priceType": "P" * 10_000}, "BAD_USER_INPUT"),
    ({"priceType": "NOBODY"}, "BAD_USER_INPUT"),
    ({"offerId": "'; DROP TABLE fan; --"}, "BAD_USER_INPUT"),
    ({"section": "A\x00"}, "BAD_USER_INPUT"),  # PostgreSQL text cannot hold NUL
    ({"priceType": "ADULT\ud800"}, "BAD_USER_INPUT"),  # nor a lone surrogate
    ({"accessCode": "C" * 10_000}, None),  # ignored without an offer: the reservation succeeds
]


@pytest.mark.parametrize("override,code", HOSTILE_RESERVE_INPUTS)
def test_hostile_reserve_input_is_a_graphql_error(gql: GraphQL, seeder: Seeder, new_fan: NewFan, override: dict,
                                                  code: str | None) -> None:
    sale = seeder.sale_event(seats=2)
    _, token = new_fan()
    variables = {"input": {"eventId": str(sale.event_id), "quantity": 1, **override}}
    body = gql.post(RESERVE, variables, token).json()
    if code is None:
        assert not body.get("errors"), body
    else:
        assert body["errors"][0]["extensions"]["code"] == code, body


@pytest.mark.parametrize("token", ["t\x00", "t\ud800", "t" * 10_000])
def test_unstorable_availability_tokens_are_not_found(gql: GraphQL, new_fan: NewFan, token: str) -> None:
    _, fan_token = new_fan()
    assert gql.code(RELEASE, {"t": token}, fan_token) == "NOT_FOUND"
    assert gql.code(CHECKOUT, gql.checkout_vars(token, "k"), fan_token) == "NOT_FOUND"


@pytest.mark.parametrize("payload", [
    b"{not json",
    b'{"query": 42}',
    b'{"query": "{ events(first: \\"x\\") { totalCount } }"}',
    b'{"query": "{ event(id: 5) { nope } }"}',
    b'{"query": "{ ' + b"a" * 10_000 + b' }"}',
    b'{"query": "mutation { reserveSeats }"}',
])
def test_malformed_requests_never_get_a_500(gql: GraphQL, payload: bytes) -> None:
    response = requests.post(gql.url, data=payload, headers={"Content-Type": "application/json"}, timeout=10)
    assert 200 <= response.status_code < 500
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["code"] in {"BAD_REQUEST", "GRAPHQL_VALIDATION", "BAD_USER_INPUT"}
    assert "Traceback" not in response.text
