"""POST /v1/auth/token, token verification (401) and role checks (403), security headers."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from support.stack.state import StackState
from tests.conftest import LOCAL_CREDENTIALS
from tests.sandbox.rest_api import (  # noqa: F401 (fixtures)
    Api,
    Builder,
    api,
    build,
    fresh_token,
    no_leftovers,
    problem,
    token_request,
)

ROLES = ("admin", "ops", "analyst", "fan")
UNKNOWN = str(uuid.uuid4())
SECTION = {"section": "A", "priceCode": "STD", "rows": [{"row": "1", "seats": 1}]}


@pytest.mark.parametrize("role", ROLES)
def test_each_account_gets_a_token_for_its_role(
    token_request: Callable[..., requests.Response], stack_state: StackState, role: str
) -> None:
    response = token_request(*LOCAL_CREDENTIALS[role])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["role"] == role
    assert body["expires_in"] == stack_state.options.token_ttl_seconds
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "RS256"
    assert claims["role"] == role and claims["exp"] - claims["iat"] == body["expires_in"]
    assert (claims["fan_id"] is not None) == (role == "fan")


def test_unknown_user_and_wrong_password_get_the_same_401(token_request: Callable[..., requests.Response]) -> None:
    wrong_password = problem(token_request("admin", "not-the-password"), 401, "UNAUTHENTICATED")
    unknown_user = problem(token_request(f"nobody-{uuid.uuid4().hex}", "jump-admin-local"), 401, "UNAUTHENTICATED")
    assert wrong_password["detail"] == unknown_user["detail"]
    assert "access_token" not in wrong_password


@pytest.mark.parametrize("body, field", [
    ({"username": "admin"}, "password"),
    ({"username": "", "password": "x"}, "username"),
    ({"username": "admin", "password": "jump-admin-local", "expires_in": 0}, "expires_in"),
    ({"username": "admin", "password": "jump-admin-local", "expires_in": 10**6}, "expires_in"),
    ({"username": "admin", "password": "jump-admin-local", "expires_in": "soon"}, "expires_in"),
    ({"username": "admin", "password": "jump-admin-local", "scope": "all"}, "scope"),
])
def test_token_request_validation_names_the_field(base_url: str, body: dict[str, Any], field: str) -> None:
    response = requests.post(f"{base_url}/v1/auth/token", json=body, timeout=10)
    assert field in {e["field"] for e in problem(response, 422, "BAD_USER_INPUT")["errors"]}


def test_expires_in_shortens_the_token(token_request: Callable[..., requests.Response]) -> None:
    body = token_request(*LOCAL_CREDENTIALS["analyst"], expires_in=60).json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert body["expires_in"] == 60 and claims["exp"] - claims["iat"] == 60


def test_an_expired_token_gets_401(base_url: str) -> None:
    token = fresh_token(base_url, "analyst", expires_in=1)
    client = Api(base_url, token)
    assert client.get("/v1/venues").status_code == 200
    deadline = time.monotonic() + 10
    while (response := client.get("/v1/venues")).status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.25)
    assert "expired" in problem(response, 401, "UNAUTHENTICATED")["detail"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forgeries(token: str) -> dict[str, str]:
    """Tokens that must all be refused: altered claims, altered signature, other key, no signature."""
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    promoted = _b64(json.dumps({**claims, "role": "admin"}).encode())
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unsigned = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return {
        "claims changed": f"{header}.{promoted}.{signature}",
        "signature changed": f"{header}.{payload}.{flipped}",
        "signed by another RSA key": jwt.encode(claims, other_key, algorithm="RS256"),
        "alg none": f"{unsigned}.{promoted}.",
        "not a JWT": "not-a-token",
    }


def test_tampered_and_foreign_tokens_get_401(base_url: str, tokens: dict[str, str]) -> None:
    for name, forged in _forgeries(tokens["analyst"]).items():
        response = requests.get(f"{base_url}/v1/venues", headers={"Authorization": f"Bearer {forged}"}, timeout=10)
        assert response.status_code == 401, f"{name}: {response.status_code}"
        problem(response, 401, "UNAUTHENTICATED")


@pytest.mark.parametrize("header", [None, "Basic YWRtaW46YWRtaW4=", "Bearer ", "Bearer"])
def test_missing_or_malformed_authorization_gets_401(base_url: str, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    problem(requests.post(f"{base_url}/v1/venues", json={}, headers=headers, timeout=10), 401, "UNAUTHENTICATED")


# (method, path, body, roles allowed); an allowed role gets past the role check to a 2xx, 404 or 422
ACCESS = [
    ("GET", "/v1/venues", None, ROLES),
    ("GET", "/v1/seasons", None, ROLES),
    ("GET", "/v1/performers", None, ROLES),
    ("GET", "/v1/events", None, ROLES),
    ("GET", f"/v1/events/{UNKNOWN}", None, ROLES),
    ("GET", "/v1/event-groups", None, ("admin", "ops", "analyst")),
    ("GET", f"/v1/events/{UNKNOWN}/inventory", None, ("admin", "ops", "analyst")),
    ("GET", "/v1/price-points", None, ("admin", "ops", "analyst")),
    ("GET", "/v1/entitlement-templates", None, ("admin", "ops", "analyst")),
    ("GET", "/v1/offers", None, ("admin", "ops", "analyst")),
    ("GET", "/v1/orders", None, ("admin", "ops", "analyst")),
    ("GET", f"/v1/orders/{UNKNOWN}", None, ("admin", "ops", "analyst")),
    ("GET", "/v1/fans", None, ("admin", "ops", "analyst")),
    ("POST", "/v1/venues", {"name": ""}, ("admin",)),
    ("PATCH", f"/v1/events/{UNKNOWN}", {}, ("admin",)),
    ("DELETE", f"/v1/performers/{UNKNOWN}", None, ("admin",)),
    ("POST", f"/v1/events/{UNKNOWN}/publish", None, ("admin",)),
    ("POST", f"/v1/events/{UNKNOWN}/cancel", None, ("admin",)),
    ("POST", "/v1/price-points", {}, ("admin",)),
    ("POST", "/v1/offers", {}, ("admin",)),
    ("POST", "/v1/fans", {}, ("admin",)),
    ("POST", f"/v1/events/{UNKNOWN}/inventory", {"sections": [SECTION]}, ("admin", "ops")),
    ("POST", "/v1/holds", {"eventId": UNKNOWN, "itemIds": [UNKNOWN]}, ("admin", "ops")),
    ("POST", "/v1/holds/release", {"eventId": UNKNOWN, "section": "A"}, ("admin", "ops")),
]


@pytest.mark.parametrize("method, path, body, allowed", ACCESS, ids=[f"{m} {p.replace(UNKNOWN, '{id}')}" for m, p, *_ in ACCESS])
def test_401_without_token_403_for_other_roles(base_url: str, tokens: dict[str, str], method: str, path: str,
                                               body: dict[str, Any] | None, allowed: tuple[str, ...]) -> None:
    client = Api(base_url, None)
    problem(client.call(method, path, json=body), 401, "UNAUTHENTICATED")
    for role in ROLES:
        response = client.as_token(tokens[role]).call(method, path, json=body)
        if role in allowed:
            assert response.status_code in (200, 404, 422), f"{role}: {response.status_code} {response.text[:300]}"
        else:
            assert role in problem(response, 403, "FORBIDDEN")["detail"]


def test_an_allowed_write_succeeds_and_a_forbidden_one_changes_nothing(api: Api, build: Builder, tokens: dict[str, str]) -> None:
    body = {"name": f"Roles {build.tag}", "city": "Oslo", "country": "NO", "capacity": 10}
    for role in ("ops", "analyst", "fan"):
        problem(api.as_token(tokens[role]).post("/v1/venues", body), 403)
    assert api.get("/v1/venues", params={"name": build.tag}).json()["total"] == 0
    api.create("/v1/venues", body)
    assert api.get("/v1/venues", params={"name": build.tag}).json()["total"] == 1


SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _assert_security_headers(response: requests.Response, *, authenticated: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.request.path_url, name, response.headers.get(name))
    framing = response.headers.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in response.headers.get(
        "Content-Security-Policy", "")
    assert framing, response.headers
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS only on TLS
    if authenticated:
        assert response.headers.get("Cache-Control") == "no-store", response.request.path_url


def test_every_response_carries_the_security_headers(api: Api, build: Builder, base_url: str, tokens: dict[str, str]) -> None:
    venue = build.venue()
    authenticated = [
        api.get("/v1/venues"), api.get(f"/v1/venues/{venue['id']}"), api.get(f"/v1/venues/{UNKNOWN}"),
        api.post("/v1/venues", {"name": ""}), api.patch(f"/v1/venues/{venue['id']}", {"capacity": 501}),
        api.as_token(tokens["fan"]).get("/v1/orders"), api.as_token("forged").get("/v1/venues"),
    ]
    for response in authenticated:
        _assert_security_headers(response, authenticated=True)
    anonymous = [requests.get(f"{base_url}{path}", timeout=10) for path in ("/health", "/openapi.json", "/v1/venues", "/nowhere")]
    anonymous.append(requests.post(f"{base_url}/v1/auth/token", json={"username": "x", "password": "y"}, timeout=10))
    for response in anonymous:
        _assert_security_headers(response, authenticated=False)
