"""Where the pins live, how they are read and written, and how the live documents are fetched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from graphql import get_introspection_query
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from support.errors import ConfigError, PlatformUnreachable
from support.run.retry_policy import TRANSIENT_STATUS

CONTRACTS = Path(__file__).resolve().parent
REPO = CONTRACTS.parents[1]
PINNED_GRAPHQL = CONTRACTS / "graphql.json"    # introspection result ({"data": {"__schema": ...}})
PINNED_OPENAPI = CONTRACTS / "openapi.json"    # the document /openapi.json served when pinned


@dataclass(frozen=True)
class ContractPaths:
    """Where one target's pins live (``contracts.dir``; Jump's are support/contracts/)."""

    dir: Path
    graphql: Path
    openapi: Path


def contract_paths(settings: Any) -> ContractPaths:
    """The active target's pin files; a relative ``contracts.dir`` is relative to the repository."""
    configured = settings.contracts.dir
    folder = CONTRACTS if configured is None else (configured if configured.is_absolute() else REPO / configured)
    return ContractPaths(folder, folder / "graphql.json", folder / "openapi.json")


def has_graphql(settings: Any) -> bool:
    """Whether the target has a GraphQL contract to pin and check (a graphql_url and contracts.graphql)."""
    return bool(settings.platform.graphql_url) and bool(settings.contracts.graphql)


def has_openapi(settings: Any) -> bool:
    """Whether the target has an OpenAPI contract to pin and check (a rest_url and contracts.openapi)."""
    return bool(settings.platform.rest_url) and bool(settings.contracts.openapi)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_graphql(path: Path = PINNED_GRAPHQL) -> dict[str, Any]:
    return load(path)


def load_openapi(path: Path = PINNED_OPENAPI) -> dict[str, Any]:
    return load(path)


def write(path: Path, document: dict[str, Any]) -> None:
    """Sorted keys and one-space indent: a re-pin of an unchanged platform is an empty git diff."""
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


class _Transient(Exception):
    """A failure worth another attempt (inside _fetch only)."""


def _fetch(method: str, url: str, *, key: str, verify: bool | str, timeout: float, body: Any = None,
           attempts: int = 3) -> dict[str, Any]:
    """One JSON document. A transient failure (connection, 429, 5xx) is retried, then PlatformUnreachable
    (exit 3); a 4xx or a body that is not a JSON object means no such document lives there, nearly
    always a wrong URL: ConfigError naming the setting (exit 2)."""
    try:
        for attempt in Retrying(stop=stop_after_attempt(attempts), wait=wait_exponential(multiplier=0.2, max=2.0),
                                retry=retry_if_exception_type(_Transient), reraise=True):
            with attempt:
                try:
                    response = requests.request(method, url, json=body, timeout=timeout, verify=verify)
                except requests.RequestException as exc:
                    raise _Transient(type(exc).__name__) from None
                if response.status_code in TRANSIENT_STATUS or response.status_code >= 500:
                    raise _Transient(f"HTTP {response.status_code}")
    except _Transient as exc:
        raise PlatformUnreachable("rest" if key == "platform.rest_url" else "graphql", url, f"{exc} after {attempts} attempts") from None
    try:
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}")
        payload = response.json()
        if not isinstance(payload, dict):
            raise ValueError("JSON that is not an object")
    except ValueError as exc:
        said = exc if "HTTP" in str(exc) or "object" in str(exc) else "no JSON"
        hint = _HINT.get(key, "")
        raise ConfigError(f"{key}: {method} {url} answered {said}, not {_WHAT[key]}: check {key}{hint}") from None
    return payload


_WHAT = {"platform.rest_url": "an OpenAPI document", "platform.graphql_url": "a GraphQL introspection result"}
_HINT = {"platform.rest_url": " and contracts.openapi_path (contracts.openapi = false when the API has no OpenAPI document)"}


def fetch_openapi(rest_url: str, *, verify: bool | str = True, timeout: float = 15.0, path: str = "/openapi.json") -> dict[str, Any]:
    url = f"{rest_url.rstrip('/')}{path}"
    document = _fetch("GET", url, key="platform.rest_url", verify=verify, timeout=timeout)
    if "paths" not in document:
        raise ConfigError(f"platform.rest_url: GET {url} answered JSON without 'paths', not an OpenAPI document: check platform.rest_url")
    return document


def fetch_graphql(graphql_url: str, *, verify: bool | str = True, timeout: float = 15.0) -> dict[str, Any]:
    payload = _fetch("POST", graphql_url, key="platform.graphql_url", verify=verify, timeout=timeout,
                     body={"query": get_introspection_query(descriptions=True)})
    if payload.get("errors") or not isinstance(payload.get("data"), dict):
        message = (payload.get("errors") or [{}])[0].get("message", "no data")
        raise ConfigError(f"platform.graphql_url: introspection of {graphql_url} failed ({message}): "
                          "the platform must allow introspection for the contract check")
    return {"data": payload["data"]}
