"""The served OpenAPI document: valid, complete, and true to what the platform answers."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads
from openapi_spec_validator import validate

from tests.sandbox.rest_api import PROBLEM, Api, Builder, api, build, no_leftovers  # noqa: F401 (fixtures)

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ROW = {"row": "1", "seats": 1}


@pytest.fixture(scope="module")
def spec(base_url: str) -> dict[str, Any]:
    response = requests.get(f"{base_url}/openapi.json", timeout=10)
    assert response.status_code == 200
    return response.json()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in spec["paths"].items() if path.startswith("/v1/") for method, op in item.items()]


def test_the_document_is_valid_openapi_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.")
    validate(spec)


def test_every_operation_has_a_stable_id_a_tag_and_problem_errors(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    assert len(operations) >= 60
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)), "operationIds repeat"
    for method, path, op in operations:
        where = f"{method.upper()} {path}"
        assert re.fullmatch(r"[a-z][a-zA-Z]+", op["operationId"]), where
        assert op.get("tags"), where
        errors = {code: r for code, r in op["responses"].items() if int(code) >= 400}
        assert {"422", "429", "503"} <= errors.keys(), where
        for code, response in errors.items():
            assert response["content"] == {PROBLEM: {"schema": PROBLEM_REF}}, f"{where} {code}"
        if path != "/v1/auth/token":
            assert op["security"] == [{"bearerAuth": []}], where
            assert {"401", "403"} <= errors.keys(), where
        if "{id}" in path:
            assert "404" in errors, where
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": scheme.get("description")}


def test_the_problem_schema_matches_rfc_9457(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(schema["required"])
    assert {"instance", "errors"} <= schema["properties"].keys()


def test_json_fields_are_camel_case(spec: dict[str, Any]) -> None:
    oauth = {"TokenRequest", "TokenResponse"}  # OAuth2 token names (access_token, expires_in) on purpose
    for name, schema in spec["components"]["schemas"].items():
        if name not in oauth and name != "Problem":
            for prop in schema.get("properties", {}):
                assert "_" not in prop, f"{name}.{prop}"


def test_openapi_core_accepts_real_success_and_problem_responses(spec: dict[str, Any], api: Api, build: Builder,
                                                                   tokens: dict[str, str]) -> None:
    # openapi-core parses only application/json out of the box; RFC 9457 problems are JSON too
    openapi = OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers={PROBLEM: json_loads}))
    venue = build.venue()
    event = build.event(venue["id"])
    build.seat_map(event["id"])
    unknown = str(uuid.uuid4())
    responses = [
        requests.post(f"{api.base_url}/v1/auth/token", json={"username": "admin", "password": "jump-admin-local"}, timeout=10),
        requests.post(f"{api.base_url}/v1/auth/token", json={"username": "admin", "password": "wrong"}, timeout=10),
        api.get("/v1/venues", params={"limit": 2}),
        api.get(f"/v1/venues/{venue['id']}"),
        api.get(f"/v1/venues/{unknown}"),
        api.post("/v1/venues", {"name": "x" * 201, "city": "", "country": "usa", "capacity": -1}),
        api.patch(f"/v1/venues/{venue['id']}", {"capacity": 600}),
        created := api.post("/v1/performers", {"name": f"OpenAPI {build.tag}"}),
        api.delete(f"/v1/performers/{created.json()['id']}"),
        api.get(f"/v1/events/{event['id']}"),
        api.get(f"/v1/events/{event['id']}/inventory"),
        api.get(f"/v1/events/{event['id']}/seats", params={"row": "1"}),
        api.post(f"/v1/events/{event['id']}/inventory", {"sections": [{"section": "A", "priceCode": "STD", "rows": [ROW]}]}),
        api.post("/v1/holds", {"eventId": event["id"], "section": "A", "row": "2", "action": "KILL"}),
        api.post("/v1/holds/release", {"eventId": event["id"], "section": "A", "row": "2"}),
        api.as_token(None).get("/v1/venues"),
        api.as_token(tokens["fan"]).get("/v1/orders"),
        api.get("/v1/orders", params={"eventId": event["id"]}),
        api.delete(f"/v1/performers/{unknown}"),
    ]
    statuses = set()
    for response in responses:
        openapi.validate_response(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))
        statuses.add(response.status_code)
    assert {200, 201, 204, 401, 403, 404, 409, 422} <= statuses
