"""``[dashboard]``: the web dashboard's single sign-on through a company's OpenID Connect provider."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PositiveFloat, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import NoDecode

from support.config.secrets import Secret
from support.config.section import Section, tag_list
from support.config.values import HttpUrl

DashboardRole = Literal["viewer", "runner", "admin"]  # support.dashboard.accounts.Role (config does not import the dashboard)


class SsoSettings(Section):
    """OpenID Connect sign-in to the dashboard for companies with an identity provider (docs/dashboard.md).

    The provider is found by discovery (``<issuer>/.well-known/openid-configuration``); a user's
    dashboard role comes from ``role_claim`` through ``roles`` (claim value -> role, the highest
    one wins), else ``default_role``; without a default, a user no value maps is refused."""

    enabled: bool = False
    name: str = Field(default="SSO", min_length=1, max_length=40)  # the button reads "Sign in with <name>"
    issuer: HttpUrl | None = None
    client_id: str | None = None
    client_secret: Secret | None = None  # a reference only (env:NAME or vault:...): never written in a file
    scopes: Annotated[list[str], NoDecode, BeforeValidator(tag_list)] = ["openid", "email", "profile"]
    username_claim: str = "email"  # the dashboard account's name (letters, digits, . _ @ -)
    role_claim: str = "groups"     # a string or a list of strings in the ID token or the userinfo answer
    roles: dict[str, DashboardRole] = {}
    default_role: DashboardRole | None = None
    redirect_url: HttpUrl | None = None  # default: the dashboard's own /login/sso/callback as the browser reached it
    timeout_s: PositiveFloat = 10.0
    # signing out of the dashboard also ends the session at the provider (OpenID Connect RP-Initiated Logout),
    # when its discovery names an end_session_endpoint: on a shared machine the next user is not signed in as you
    sign_out_at_provider: bool = True

    @model_validator(mode="after")
    def _complete_when_enabled(self) -> SsoSettings:
        if not self.enabled:
            return self
        missing = [key for key in ("issuer", "client_id", "client_secret") if getattr(self, key) is None]
        if missing:
            raise ValueError(f"{', '.join(missing)} must be set when enabled is true")
        if "openid" not in self.scopes:
            raise ValueError("scopes must include openid")
        secret = self.client_secret.get_secret_value() if self.client_secret else ""
        if not secret.startswith(("env:", "vault:")):  # named by its own key (and source), not the whole section's
            raise PydanticCustomError(
                "unsafe_value", "client_secret must be a reference (env:NAME or vault:<mount>/<path>#<key>), not the secret itself",
                {"key": "dashboard.sso.client_secret", "value": self.client_secret})
        return self


class DashboardSettings(Section):
    sso: SsoSettings = SsoSettings()
