"""Access tokens per role: obtained from POST /v1/auth/token, reused until shortly before expiry."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, SecretStr

from support.clients.masking import register_secret
from support.clients.transport import HttpTransport
from support.errors import AuthenticationFailed, ContractViolation, UnknownRole

REFRESH_SKEW_S = 30.0


class Credentials(BaseModel):
    username: str
    password: SecretStr


def credentials_for(credentials: Mapping[str, Credentials], role: str) -> Credentials:
    try:
        return credentials[role]
    except KeyError:
        known = ", ".join(sorted(credentials)) or "none"
        raise UnknownRole(f"no credentials for role {role!r} in auth.credentials (configured: {known})") from None


class TokenResponse(BaseModel):
    access_token: str
    token_type: str
    expires_in: int
    role: str


@dataclass
class _Cached:
    token: str
    expires_at: float


class TokenProvider:
    """Thread-safe cache of bearer tokens keyed by credentials (one login per role per run)."""

    def __init__(self, transport: HttpTransport) -> None:
        self.transport = transport
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def token(self, credentials: Credentials, *, force_refresh: bool = False) -> str:
        with self._lock:
            cached = self._cache.get(credentials.username)
            if cached and not force_refresh and cached.expires_at - REFRESH_SKEW_S > time.time():
                return cached.token
            fresh = self.login(credentials)
            self._cache[credentials.username] = _Cached(fresh.access_token, time.time() + fresh.expires_in)
            return fresh.access_token

    def login(self, credentials: Credentials, *, expires_in: int | None = None) -> TokenResponse:
        """One call to the token endpoint (idempotent: no state changes, so it may be retried)."""
        register_secret(credentials.password.get_secret_value())
        body: dict[str, object] = {"username": credentials.username, "password": credentials.password.get_secret_value()}
        if expires_in is not None:
            body["expires_in"] = expires_in
        response, _ = self.transport.send("POST", "/v1/auth/token", operation="POST /v1/auth/token", json=body, retryable=True)
        if response.status_code in (400, 401, 403, 422):
            raise AuthenticationFailed(f"the platform refused the credentials of '{credentials.username}' (HTTP {response.status_code})",
                                       status=response.status_code)
        if response.status_code != 200:
            raise ContractViolation(f"POST /v1/auth/token answered HTTP {response.status_code}", status=response.status_code)
        token = TokenResponse.model_validate(response.json())
        register_secret(token.access_token)
        return token

    def forget(self, credentials: Credentials) -> None:
        with self._lock:
            self._cache.pop(credentials.username, None)
