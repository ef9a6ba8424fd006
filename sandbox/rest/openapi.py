"""The OpenAPI document of REST v1: problem responses, operation tags, bearer security.

FastAPI writes error responses as application/json with its own validation schema; the platform
answers every error as application/problem+json (RFC 9457). ``document`` rewrites the generated
spec so that what it declares is what the platform sends, and clients validating responses
against it (openapi-core) accept real errors: each /v1 operation declares its own 404/409/422,
plus 401/403 when it needs a token, 400 when it reads a body, and 429/503 which the rate limiter
and the fault injector can answer anywhere.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

DESCRIPTIONS = {
    400: "Malformed request (the body is not valid JSON)",
    401: "Missing, expired, tampered or wrongly signed token, or wrong credentials",
    403: "The token's role may not do this",
    404: "No such resource",
    409: "Conflicts with existing data or with the resource's state",
    413: "The request body is larger than the platform accepts",
    422: "Invalid input; errors[] names each field",
    429: "Rate limit exceeded; retry after Retry-After seconds",
    503: "Transient failure; retry after Retry-After seconds",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}}

TAGS = [
    {"name": "auth", "description": "Access tokens (RS256 JWT)"},
    {"name": "venues", "description": "Where events take place"},
    {"name": "seasons", "description": "Date ranges grouping events"},
    {"name": "performers", "description": "Who performs"},
    {"name": "events", "description": "Events, their line-up and life cycle (publish, cancel)"},
    {"name": "event-groups", "description": "Groups of events that offers apply to"},
    {"name": "inventory", "description": "Seat maps, seats and availability counts"},
    {"name": "holds", "description": "Taking seats off sale (hold, kill) and releasing them"},
    {"name": "price-points", "description": "Base prices and their fee and tax components"},
    {"name": "entitlement-templates", "description": "Gate access levels of sold seats"},
    {"name": "offers", "description": "Sale windows, access codes and user-attribute gates"},
    {"name": "orders", "description": "Ops view of orders"},
    {"name": "fans", "description": "Fan profiles and their logins"},
]


class ProblemField(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document; ``type`` is stable per error, ``code`` is its short form."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://jump.test/problems/not-found"])
    title: str
    status: int
    detail: str
    code: str = Field(examples=["NOT_FOUND"])
    instance: str | None = None
    errors: list[ProblemField] | None = None
    retry_after: int | None = None


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` argument of a route declaring its operation-specific errors."""
    return {status: {"description": DESCRIPTIONS[status]} for status in statuses}


def _problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description or DESCRIPTIONS.get(status, "Error"),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response


def _declare_errors(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    wanted = {int(code) for code in responses if code.isdigit() and int(code) >= 400} | {429, 503}
    if operation.get("security"):
        wanted |= {401, 403}
    if "requestBody" in operation:
        wanted |= {400, 422}
    if operation.get("parameters"):
        wanted.add(422)
    for status in sorted(wanted):
        description = responses.get(str(status), {}).get("description")
        if status == 422 and description == "Validation Error":  # FastAPI's default wording
            description = None
        responses[str(status)] = _problem_response(status, description)
    operation["responses"] = dict(sorted(responses.items()))


def document(app: FastAPI) -> dict[str, Any]:
    """The spec FastAPI generates, with every /v1 error response written as a Problem."""
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes, tags=TAGS)
    for path, item in spec["paths"].items():
        if path.startswith("/v1/"):
            for operation in item.values():
                _declare_errors(operation)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["ProblemField"] = ProblemField.model_json_schema()
    schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["Problem"].pop("$defs", None)
    return spec


def install_openapi(app: FastAPI) -> None:
    """Makes /openapi.json serve ``document(app)`` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
