"""Response validation against the OpenAPI document the platform serves (openapi-core)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from support.errors import ContractViolation

# Documents already checked against the OpenAPI meta-schema, by content hash. The check costs
# seconds of CPU per process (jsonschema over the whole document); parallel workers would each
# pay it at start-up for the very same document, so it runs once per document per machine.
CHECKED = Path(__file__).resolve().parents[2] / ".jump" / "cache" / "openapi-checked"


class OpenApiValidator:
    """Loaded once per run from ``/openapi.json``; one source of truth for the REST contract."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        # problem+json is JSON; openapi-core only knows application/json out of the box
        marker = CHECKED / hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
        checked = {"spec_validator_cls": None} if marker.exists() else {}
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads}, **checked)  # type: ignore[arg-type]
        self._openapi = OpenAPI.from_dict(spec, config=config)
        if not checked:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()

    @classmethod
    def fetch(cls, session: requests.Session, base_url: str, timeout: float = 10.0) -> OpenApiValidator:
        response = session.get(f"{base_url}/openapi.json", timeout=timeout, verify=session.verify)  # see transport._request
        response.raise_for_status()
        return cls(response.json())

    def validate(self, response: requests.Response) -> None:
        """Raises ContractViolation when the response is not what the document allows."""
        request = RequestsOpenAPIRequest(response.request)  # type: ignore[arg-type]
        try:
            self._openapi.validate_response(request, RequestsOpenAPIResponse(response))
        except Exception as exc:  # openapi-core raises a family of errors; all mean the same to us
            detail = "; ".join(str(e) for e in getattr(exc, "schema_errors", []) or [exc])
            raise ContractViolation(
                f"{response.request.method} {response.request.path_url} -> {response.status_code} does not match "
                f"the OpenAPI document: {detail[:500]}", status=response.status_code,
            ) from None
