"""REST client: auth per role, path templates, OpenAPI validation and problem+json errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import requests

from support.clients.auth import Credentials, TokenProvider
from support.clients.auth_providers import Authenticator
from support.clients.exchange import Exchange
from support.clients.openapi import OpenApiValidator
from support.clients.transport import HttpTransport
from support.errors import ProblemError
from support.run.retry_policy import is_retryable

ANONYMOUS = None


@dataclass
class RestResponse:
    status: int
    headers: Mapping[str, str]
    body: Any
    exchange: Exchange

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_problem(self) -> bool:
        return self.headers.get("content-type", "").startswith("application/problem+json")

    def raise_for_problem(self) -> RestResponse:
        if not self.ok:
            body = self.body if isinstance(self.body, dict) else {"detail": str(self.body)}
            raise ProblemError(method=self.exchange.method, url=self.exchange.url, status=self.status, problem=body,
                               request_id=self.exchange.request_headers.get("X-Request-Id"))
        return self


class RestClient:
    """``call("GET", "/v1/events/{id}", role="admin", path_params={"id": ...})``."""

    def __init__(self, transport: HttpTransport, tokens: TokenProvider, credentials: Mapping[str, Credentials],
                 validator: OpenApiValidator | None = None, auth: Authenticator | None = None) -> None:
        self.transport = transport
        self.tokens = tokens
        self.credentials = credentials
        self.validator = validator
        self.auth = auth or Authenticator.for_credentials(tokens, credentials)  # a role's provider (auth_providers.py)

    def call(self, method: str, template: str, *, role: str | None = ANONYMOUS, token: str | None = None,
             path_params: Mapping[str, Any] | None = None, query: Mapping[str, Any] | None = None, json: Any = None,
             idempotency_key: str | None = None, validate: bool = True, headers: Mapping[str, str] | None = None) -> RestResponse:
        """Sends one request as ``role`` (or with an explicit ``token``, or anonymously)."""
        method = method.upper()
        path = template.format(**{k: quote(str(v), safe="") for k, v in (path_params or {}).items()})
        if query:
            path += "?" + urlencode({k: v for k, v in query.items() if v is not None}, doseq=True)
        extra = dict(headers or {})
        if idempotency_key:
            extra["Idempotency-Key"] = idempotency_key
        response, exchange = self._send(method, path, template, role, token, json, extra, idempotency_key is not None)
        if response.status_code == 401 and role is not None and token is None:
            # the cached token may have expired early (clock skew, platform restart): refresh once
            self.auth.forget(role)
            response, exchange = self._send(method, path, template, role, None, json, extra, idempotency_key is not None)
        if validate and self.validator is not None:
            self.validator.validate(response)
        return RestResponse(response.status_code, response.headers, _json(response), exchange)

    def _send(self, method: str, path: str, template: str, role: str | None, token: str | None, json: Any,
              headers: dict[str, str], keyed: bool) -> tuple[requests.Response, Exchange]:
        sent = dict(headers)
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        elif role:
            sent.update(self.auth.headers(role))
        return self.transport.send(method, path, operation=f"{method} {template}", json=json, headers=sent,
                                   retryable=is_retryable(method, idempotency_key=keyed))


def _json(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text
