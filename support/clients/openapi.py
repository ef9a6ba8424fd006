"""Response validation against the OpenAPI document the platform serves (openapi-core)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from support.errors import ConfigError, ContractViolation, PlatformUnreachable
from support.run.retry_policy import TRANSIENT_STATUS

# Documents already checked against the OpenAPI meta-schema, by content hash. The check costs
# seconds of CPU per process (jsonschema over the whole document); parallel workers would each
# pay it at start-up for the very same document, so it runs once per document per machine.
CHECKED = Path(__file__).resolve().parents[2] / ".jump" / "cache" / "openapi-checked"


class _Transient(Exception):
    """A failure worth another attempt (inside fetch only)."""


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
    def fetch(cls, session: requests.Session, base_url: str, timeout: float = 10.0, attempts: int = 3) -> OpenApiValidator:
        """The served document; a transient failure (5xx, 429, connection) is retried, then PlatformUnreachable.

        A 4xx or a body that is not JSON means no OpenAPI document lives there: a ConfigError
        naming platform.rest_url, since that is nearly always a wrong URL.
        """
        url = f"{base_url}/openapi.json"
        try:
            for attempt in Retrying(stop=stop_after_attempt(attempts), wait=wait_exponential(multiplier=0.2, max=2.0),
                                    retry=retry_if_exception_type(_Transient), reraise=True):
                with attempt:
                    try:
                        response = session.get(url, timeout=timeout, verify=session.verify)  # see transport._request
                    except requests.RequestException as exc:
                        raise _Transient(type(exc).__name__) from None
                    if response.status_code in TRANSIENT_STATUS or response.status_code >= 500:
                        raise _Transient(f"HTTP {response.status_code}")
        except _Transient as exc:
            raise PlatformUnreachable("rest", url, f"{exc} after {attempts} attempts") from None
        try:
            if response.status_code != 200:
                raise ValueError(f"HTTP {response.status_code}")
            document = response.json()
        except ValueError as exc:
            raise ConfigError(f"platform.rest_url: GET {url} answered {exc if 'HTTP' in str(exc) else 'no JSON'}, "
                              "not an OpenAPI document: check platform.rest_url") from None
        return cls(document)

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
