"""Response validation against the pinned OpenAPI document (support/contracts/openapi.json, openapi-core).

The pin, never the document the platform serves now: that one changes with the platform's code,
so a field whose type changed would be "valid" against it. Drift between the two is reported by
the contract gate before the scenarios run (support/contracts/gate.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from support.contracts import pins
from support.errors import ContractViolation

# Documents already checked against the OpenAPI meta-schema, by content hash. The check costs
# seconds of CPU per process (jsonschema over the whole document); parallel workers would each
# pay it at start-up for the very same document, so it runs once per document per machine.
CHECKED = Path(__file__).resolve().parents[2] / ".jump" / "cache" / "openapi-checked"
MAX_PROBLEMS = 3  # named in the one-line message; the rest are counted


class OpenApiValidator:
    """Built once per process from the pinned document; one source of truth for the REST contract."""

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
    def pinned(cls, path: Path = pins.PINNED_OPENAPI) -> OpenApiValidator:
        return _pinned(path)

    def validate(self, response: requests.Response) -> None:
        """Raises ContractViolation (one line: field, pinned type, value received) when the pinned
        document does not allow the response."""
        request = RequestsOpenAPIRequest(response.request)  # type: ignore[arg-type]
        try:
            self._openapi.validate_response(request, RequestsOpenAPIResponse(response))
        except Exception as exc:  # openapi-core raises a family of errors; all mean the same to us
            errors = getattr(exc, "schema_errors", None) or getattr(exc.__cause__, "schema_errors", None)
            problems = [describe(e) for e in errors] if errors else [" ".join(str(exc).split())[:300]]
            more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
            raise ContractViolation(
                f"{response.request.method} {response.request.path_url} -> {response.status_code} does not match "
                f"the pinned OpenAPI document: {'; '.join(problems[:MAX_PROBLEMS])}{more}", status=response.status_code,
            ) from None


@lru_cache(maxsize=2)
def _pinned(path: Path) -> OpenApiValidator:
    return OpenApiValidator(pins.load(path))


def _field(path: Iterable[Any]) -> str:
    """``['items', 0, 'price']`` -> ``body.items[0].price``."""
    out = "body"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _declared_types(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    declared = schema.get("type")
    if isinstance(declared, str):
        found = [declared + (f" ({schema['format']})" if schema.get("format") else "")]
    elif isinstance(declared, list):
        found = [str(t) for t in declared]
    else:
        found = []
    for branch in schema.get("anyOf") or schema.get("oneOf") or []:
        found += _declared_types(branch)
    return found


def _received(value: Any) -> str:
    kind = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}.get(type(value), type(value).__name__)
    text = json.dumps(value, default=str)
    return f"{text[:60]}{'...' if len(text) > 60 else ''} ({kind})"


def describe(error: Any) -> str:
    """One jsonschema ValidationError as ``body.x.y: pinned type integer, received "8" (string)``."""
    field = _field(getattr(error, "absolute_path", []))
    validator = getattr(error, "validator", "")
    if validator in ("type", "anyOf", "oneOf"):
        types = _declared_types(error.schema) or [str(error.validator_value)]
        return f"{field}: pinned type {' or '.join(types)}, received {_received(error.instance)}"
    if validator == "required":
        return f"{field}: {error.message} (pinned as required, missing from the response)"
    if validator == "enum":
        return f"{field}: pinned values {error.validator_value}, received {_received(error.instance)}"
    if validator == "format":
        return f"{field}: pinned format {error.validator_value}, received {_received(error.instance)}"
    return f"{field}: {getattr(error, 'message', str(error))}"
