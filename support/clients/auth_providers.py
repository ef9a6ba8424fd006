"""Who a role is on the wire: one auth provider per role, chosen by the environment (auth.credentials).

Providers: none, static headers, a bearer token, an API key, OAuth2 client credentials (Authlib)
and Jump's own token endpoint (support/clients/auth.py). A role's provider is built, and its
secrets resolved (env:, vault:), the first time a request is sent as that role: a run that never
uses a role never reads its secret. Every secret and token is registered for masking before it
can reach a log or a report.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from pydantic import SecretStr

from support.clients.auth import REFRESH_SKEW_S, Credentials, TokenProvider
from support.clients.masking import register_secret
from support.errors import AuthenticationFailed, ConfigError, PlatformUnreachable, UnknownRole

Resolve = Callable[[str], SecretStr]  # a dotted settings key -> its secret, dereferenced


class RoleAuth(ABC):
    """How one role authenticates a request."""

    @abstractmethod
    def headers(self) -> dict[str, str]:
        """The headers that authenticate a request as this role."""

    def forget(self) -> None:  # noqa: B027 - static credentials have nothing to forget
        """Drops a cached token after the API answered 401 (the next request fetches a fresh one)."""


class NoCredentials(RoleAuth):
    def headers(self) -> dict[str, str]:
        return {}


class StaticHeaderAuth(RoleAuth):
    """Fixed headers (each value a secret), sent as they are."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = dict(values)

    def headers(self) -> dict[str, str]:
        return dict(self.values)


class OAuth2ClientCredentialsAuth(RoleAuth):
    """The client-credentials grant through Authlib's requests client; one token shared by the
    threads of a worker, fetched again shortly before it expires or after a 401."""

    def __init__(self, role: str, token_url: str, client_id: str, client_secret: str, *, scope: str | None = None,
                 audience: str | None = None, verify: bool | str = True, timeout_s: float = 10.0) -> None:
        self.role, self.token_url, self.client_id = role, token_url, client_id
        self._secret, self.scope, self.audience = client_secret, scope, audience
        self.verify, self.timeout_s = verify, timeout_s
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()

    def headers(self) -> dict[str, str]:
        with self._lock:
            if self._token is None or self._expires_at - REFRESH_SKEW_S <= time.time():
                self._token, self._expires_at = self._fetch()
            return {"Authorization": f"Bearer {self._token}"}

    def forget(self) -> None:
        with self._lock:
            self._token = None

    def _fetch(self) -> tuple[str, float]:
        extra: dict[str, Any] = {}
        if self.audience:
            extra.update(audience=self.audience, resource=self.audience)
        with OAuth2Session(self.client_id, self._secret, scope=self.scope,
                           token_endpoint_auth_method="client_secret_basic") as session:  # noqa: S106 - a method name
            session.verify = self.verify
            try:
                token = session.fetch_token(self.token_url, grant_type="client_credentials", timeout=self.timeout_s, **extra)
            except OAuthError as exc:
                raise AuthenticationFailed(f"the OAuth2 token endpoint {self.token_url} refused client '{self.client_id}' "
                                           f"of role {self.role} ({exc.error}): check auth.credentials.{self.role}") from None
            except requests.RequestException as exc:
                raise PlatformUnreachable("OAuth2 token endpoint", self.token_url,
                                          f"no token ({type(exc).__name__}): check auth.credentials.{self.role}.token_url") from None
        access = str(token.get("access_token") or "")
        if not access:
            raise AuthenticationFailed(f"the OAuth2 token endpoint {self.token_url} answered without an access_token")
        register_secret(access)
        expires_in = float(token.get("expires_in") or 300)
        return access, time.time() + expires_in


class JumpLoginAuth(RoleAuth):
    """Jump's own login: username and password exchanged at POST /v1/auth/token (TokenProvider)."""

    def __init__(self, tokens: TokenProvider, credentials: Credentials) -> None:
        self.tokens, self.credentials = tokens, credentials

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.token(self.credentials)}"}

    def forget(self) -> None:
        self.tokens.forget(self.credentials)


def _build(role: str, entry: Any, resolve: Resolve, tokens: TokenProvider, verify: bool | str) -> RoleAuth:
    """The provider of one configured role (``entry`` is its auth.credentials model)."""
    key = f"auth.credentials.{role}"

    def secret(field: str) -> str:
        value = resolve(f"{key}.{field}").get_secret_value()
        register_secret(value)
        return value

    provider = entry.provider
    if provider == "none":
        return NoCredentials()
    if provider == "headers":
        return StaticHeaderAuth({name: secret(f"headers.{name}") for name in entry.headers})
    if provider == "bearer":
        return StaticHeaderAuth({"Authorization": f"Bearer {secret('token')}"})
    if provider == "api_key":
        return StaticHeaderAuth({entry.header: secret("key")})
    if provider == "oauth2_client_credentials":
        return OAuth2ClientCredentialsAuth(role, str(entry.token_url), entry.client_id, secret("client_secret"), scope=entry.scope,
                                           audience=entry.audience, verify=str(entry.ca_file) if entry.ca_file else verify)
    return JumpLoginAuth(tokens, Credentials(username=entry.username, password=SecretStr(secret("password"))))


class Authenticator:
    """The run's roles, each with its provider, built the first time the role is used (thread-safe)."""

    def __init__(self, factories: Mapping[str, Callable[[], RoleAuth]], jump_roles: Mapping[str, Callable[[], Credentials]]) -> None:
        self._factories = dict(factories)
        self._jump = dict(jump_roles)
        self._built: dict[str, RoleAuth] = {}
        self._accounts: dict[str, Credentials] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Any, resolve: Resolve, tokens: TokenProvider) -> Authenticator:
        platform = settings.platform
        verify: bool | str = str(platform.ca_file) if platform.ca_file else platform.verify_tls
        entries = dict(settings.auth.credentials)
        if not platform.rest_url:
            for role, entry in entries.items():
                if entry.provider == "jump":
                    raise ConfigError(f"auth.credentials.{role} logs in at Jump's token endpoint, which needs platform.rest_url: "
                                      "set it, or give the role another provider (bearer, api_key, headers, oauth2_client_credentials)")
        factories = {role: (lambda role=role, entry=entry: _build(role, entry, resolve, tokens, verify)) for role, entry in entries.items()}
        jump = {role: (lambda role=role, entry=entry: Credentials(username=entry.username, password=resolve(f"auth.credentials.{role}.password")))
                for role, entry in entries.items() if entry.provider == "jump"}
        return cls(factories, jump)

    @classmethod
    def for_credentials(cls, tokens: TokenProvider, credentials: Mapping[str, Credentials]) -> Authenticator:
        """Jump logins from accounts already at hand (tests, the preflight)."""
        return cls({role: (lambda who=who: JumpLoginAuth(tokens, who)) for role, who in credentials.items()},
                   {role: (lambda who=who: who) for role, who in credentials.items()})

    @property
    def roles(self) -> list[str]:
        return sorted(self._factories)

    def has(self, role: str) -> bool:
        return role in self._factories

    def provider(self, role: str) -> RoleAuth:
        with self._lock:
            if role not in self._built:
                if role not in self._factories:
                    known = ", ".join(self.roles) or "none"
                    raise UnknownRole(f"no credentials for role {role!r} in auth.credentials (configured: {known})")
                self._built[role] = self._factories[role]()
            return self._built[role]

    def headers(self, role: str) -> dict[str, str]:
        return self.provider(role).headers()

    def forget(self, role: str) -> None:
        with self._lock:
            built = self._built.get(role)
        if built is not None:
            built.forget()

    def jump_roles(self) -> list[str]:
        return sorted(self._jump)

    def jump_account(self, role: str) -> Credentials:
        """The username and password of a role that logs in at Jump's token endpoint (resolved once)."""
        with self._lock:
            if role not in self._accounts:
                if role not in self._jump:
                    known = ", ".join(sorted(self._jump)) or "none"
                    raise UnknownRole(f"no Jump login for role {role!r} in auth.credentials (roles with one: {known})")
                self._accounts[role] = self._jump[role]()
            return self._accounts[role]


class JumpAccounts(Mapping[str, Credentials]):
    """``session.credentials``: the Jump logins by role, each resolved on first access."""

    def __init__(self, auth: Authenticator) -> None:
        self.auth = auth

    def __getitem__(self, role: str) -> Credentials:
        if role not in self.auth.jump_roles():
            raise KeyError(role)
        return self.auth.jump_account(role)

    def __iter__(self) -> Iterator[str]:
        return iter(self.auth.jump_roles())

    def __len__(self) -> int:
        return len(self.auth.jump_roles())
