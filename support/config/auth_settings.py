"""``[auth]``: how each role of the target authenticates (Jump's login, none, headers, bearer, API key, OAuth2)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag

from support.config.secrets import Secret
from support.config.section import Section
from support.config.values import UrlOrAuto

Role = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]  # role names come from configuration


class Credential(Section):
    """Jump's own login: username and password exchanged at the platform's token endpoint."""

    provider: Literal["jump"] = "jump"
    username: str = Field(min_length=1)
    password: Secret


class NoAuth(Section):
    """The role sends no credentials at all (a public API)."""

    provider: Literal["none"]


class StaticHeaders(Section):
    """Fixed headers, each value a secret (``env:``/``vault:``): ``Authorization``, ``X-Tenant``, ..."""

    provider: Literal["headers"]
    headers: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,100}$")], Secret] = Field(min_length=1)


class BearerToken(Section):
    """A token issued elsewhere, sent as ``Authorization: Bearer <token>``."""

    provider: Literal["bearer"]
    token: Secret


class ApiKey(Section):
    """An API key sent in a header (default ``X-API-Key``)."""

    provider: Literal["api_key"]
    key: Secret
    header: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,100}$")] = "X-API-Key"


class OAuth2ClientCredentials(Section):
    """OAuth2 client-credentials grant at ``token_url`` (Authlib); the token is reused until shortly
    before it expires and fetched again after a 401."""

    provider: Literal["oauth2_client_credentials"]
    token_url: UrlOrAuto
    client_id: str = Field(min_length=1)
    client_secret: Secret
    scope: str | None = None
    audience: str | None = None  # sent as ``audience`` (Auth0-style) and ``resource`` (RFC 8707)
    ca_file: Path | None = None  # CA bundle for the token endpoint's TLS


def _provider_of(value: Any) -> str:
    """The discriminator: ``provider``, and Jump's login when a table leaves it out (the old form)."""
    return str(value.get("provider", "jump") if isinstance(value, dict) else getattr(value, "provider", "jump"))


RoleAuth = Annotated[
    Annotated[Credential, Tag("jump")] | Annotated[NoAuth, Tag("none")] | Annotated[StaticHeaders, Tag("headers")]
    | Annotated[BearerToken, Tag("bearer")] | Annotated[ApiKey, Tag("api_key")]
    | Annotated[OAuth2ClientCredentials, Tag("oauth2_client_credentials")],
    Discriminator(_provider_of, custom_error_type="unknown_provider",
                  custom_error_message="provider must be one of jump, none, headers, bearer, api_key, oauth2_client_credentials"),
]
PROVIDERS = ("jump", "none", "headers", "bearer", "api_key", "oauth2_client_credentials")
SECRET_FIELDS = {"jump": ("password",), "bearer": ("token",), "api_key": ("key",), "oauth2_client_credentials": ("client_secret",)}


class AuthSettings(Section):
    """How each role authenticates, by role name (any names; Jump's are admin, ops, analyst, fan).

    A role's provider is chosen in its table (``provider = "bearer"``); without one it is Jump's
    own login. Secrets are resolved when a role is first used, unless ``check_at_start`` logs every
    Jump account in before the run (one error for a wrong password instead of one per scenario)."""

    credentials: dict[Role, RoleAuth] = {}
    check_at_start: bool = True

    def secret_keys(self) -> list[str]:
        """The dotted keys of every role's secrets (``auth.credentials.reader.token``, headers included)."""
        keys: list[str] = []
        for role, account in self.credentials.items():
            keys += [f"auth.credentials.{role}.{field}" for field in SECRET_FIELDS.get(account.provider, ())]
            if isinstance(account, StaticHeaders):
                keys += [f"auth.credentials.{role}.headers.{name}" for name in account.headers]
        return keys
