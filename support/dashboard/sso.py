"""Sign-in through a company's OpenID Connect identity provider (SSO), with Authlib's Starlette client.

Authlib runs the authorization code flow: PKCE (S256), a random ``state`` and ``nonce`` kept in
a signed, short-lived cookie (Starlette's SessionMiddleware, see ``flow_cookie``), the code
exchanged with the client secret, and the ID token validated (signature against the provider's
JWKS, issuer, audience, expiry, nonce). What is ours: the provider's discovery checked once, the
mapping of a claim to a dashboard role, and one line for every way it can go wrong.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuth, OAuthError
from authlib.integrations.starlette_client.apps import StarletteOAuth2App
from joserfc.errors import JoseError
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from support.config.dashboard_settings import SsoSettings
from support.config.models import FrameworkSettings
from support.config.secrets import SecretResolver
from support.dashboard.accounts import NAME, RANK, Role, sso_name
from support.errors import IdentityProviderRefused, IdentityProviderUnreachable

CALLBACK_PATH = "/login/sso/callback"
FLOW_COOKIE = "jump_sso_flow"  # state, nonce and PKCE verifier between the redirect out and the one back
FLOW_SECONDS = 600             # a sign-in not finished within this is started again
PROBE_CODE = "jump-dashboard-start-up-check"  # a code no provider issued: only the client's authentication is tested


class Identity(BaseModel):
    """Who the provider signed in, and the dashboard role the mapping gives them."""

    name: str
    role: Role
    subject: str


class Refusal(BaseModel):
    """A sign-in the dashboard refuses: who (as far as known) and one line saying why."""

    actor: str = "sso"
    reason: str


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def role_for(value: object, sso: SsoSettings) -> Role | None:
    """The highest role any of the claim's values maps to; else the default role (None: refused)."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    mapped = [sso.roles[item] for item in values if isinstance(item, str) and item in sso.roles]
    return max(mapped, key=RANK.__getitem__) if mapped else sso.default_role


def flow_cookie(secure: bool) -> dict[str, Any]:
    """SessionMiddleware's options: only /login/sso sees the cookie, and SameSite=Lax (not Strict like
    the session cookie) so that it comes back on the provider's redirect, a navigation from another site."""
    return {"session_cookie": FLOW_COOKIE, "max_age": FLOW_SECONDS, "path": "/login/sso", "same_site": "lax",
            "https_only": secure}


class SsoClient:
    """The dashboard as an OpenID Connect client of one provider (``dashboard.sso``)."""

    def __init__(self, sso: SsoSettings, client_secret: str) -> None:
        assert sso.issuer and sso.client_id  # the settings refuse enabled=true without them
        self.sso = sso
        oauth = OAuth()
        self.client: StarletteOAuth2App = oauth.register(
            "sso", client_id=sso.client_id, client_secret=client_secret, server_metadata_url=discovery_url(sso.issuer),
            client_kwargs={"scope": " ".join(sso.scopes), "code_challenge_method": "S256", "timeout": sso.timeout_s})

    @classmethod
    def from_settings(cls, settings: FrameworkSettings) -> SsoClient | None:
        """The client when SSO is enabled; the secret reference is resolved here (ConfigError when it cannot be)."""
        sso = settings.dashboard.sso
        if not sso.enabled:
            return None
        return cls(sso, SecretResolver(settings).resolve("dashboard.sso.client_secret").get_secret_value())

    # -- the two legs of the flow ------------------------------------------------------------------
    async def start(self, request: Request, redirect_uri: str) -> Response:
        """The redirect to the provider's authorization endpoint (state, nonce, PKCE challenge)."""
        await self._metadata()
        try:
            response: Response = await self.client.authorize_redirect(request, redirect_uri)
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        return response

    async def finish(self, request: Request) -> Identity | Refusal:
        """The code exchanged and the ID token validated, then the account name and role from its claims."""
        await self._metadata()
        try:
            token = await self.client.authorize_access_token(request)
        except OAuthError as exc:
            if exc.error == "mismatching_state":
                return Refusal(reason="the sign-in could not be matched to this browser (its state is missing, "
                                      "expired or changed): start again")
            if exc.error == "invalid_client":
                raise self._client_refused(exc.description or "") from None
            return Refusal(reason=f"the identity provider did not sign you in ({_oauth_error(exc)})")
        except (AuthlibBaseError, JoseError) as exc:
            return Refusal(reason=f"the identity provider's ID token was refused ({_one_line(exc)})")
        except httpx2.HTTPStatusError as exc:
            raise IdentityProviderRefused(f"dashboard.sso: the identity provider answered HTTP {exc.response.status_code} "
                                          f"at {exc.request.url}: check dashboard.sso.issuer") from None
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        claims: dict[str, Any] = dict(token.get("userinfo") or {})
        if not claims:
            return Refusal(reason="the identity provider sent no ID token: is openid in dashboard.sso.scopes?")
        wanted = (self.sso.username_claim, self.sso.role_claim)
        if any(key not in claims for key in wanted) and (await self._metadata()).get("userinfo_endpoint"):
            claims = await self._with_userinfo(token, claims)
        name = claims.get(self.sso.username_claim)
        if not isinstance(name, str) or not NAME.fullmatch(name):
            return Refusal(reason=f"the identity provider's {self.sso.username_claim} claim is missing or not an account "
                                  f"name (letters, digits, . _ @ -): set dashboard.sso.username_claim")
        name = sso_name(name)  # the account's name in the one case from_sso stores and looks up
        role = role_for(claims.get(self.sso.role_claim), self.sso)
        if role is None:
            return Refusal(actor=name, reason=f"no dashboard role for {name}: none of their {self.sso.role_claim} "
                                              "is mapped in dashboard.sso.roles (ask an administrator)")
        return Identity(name=name, role=role, subject=str(claims.get("sub", "")))

    async def sign_out_url(self, back_to: str) -> str | None:
        """Where to send the browser so that the provider ends its session too (RP-Initiated Logout 1.0), then
        back to ``back_to``; None when that is turned off or the provider has no end_session_endpoint.

        Sent with ``client_id`` rather than ``id_token_hint``: the dashboard keeps no ID token after sign-in."""
        if not self.sso.sign_out_at_provider:
            return None
        endpoint = (await self._metadata()).get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            return None
        query = urlencode({"client_id": self.sso.client_id, "post_logout_redirect_uri": back_to})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    # -- helpers -----------------------------------------------------------------------------------
    async def _metadata(self) -> dict[str, Any]:
        """The discovery document, loaded once (Authlib caches it) and checked to name this issuer."""
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except httpx2.HTTPStatusError as exc:
            raise self._not_a_provider(f"answered HTTP {exc.response.status_code}") from None
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        except ValueError:
            raise self._not_a_provider("answered something that is not JSON") from None
        check_metadata(self.sso, metadata)
        return metadata

    async def _with_userinfo(self, token: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
        """Claims the ID token left out (many providers put groups and e-mail only in the userinfo answer)."""
        try:
            info = dict(await self.client.userinfo(token=token))
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        if info.get("sub") != claims.get("sub"):  # OpenID Connect Core 5.3.2: otherwise it is someone else's
            return claims
        return info | claims

    def _unreachable(self, exc: Exception) -> IdentityProviderUnreachable:
        return unreachable(self.sso, exc)

    def _not_a_provider(self, what: str) -> IdentityProviderRefused:
        return IdentityProviderRefused(f"dashboard.sso.issuer: the discovery document {discovery_url(self.sso.issuer or '')} "
                                       f"{what}: is it an OpenID Connect provider?")

    def _client_refused(self, detail: str) -> IdentityProviderRefused:
        return client_refused(self.sso, detail)


def check_metadata(sso: SsoSettings, metadata: dict[str, Any]) -> None:
    """OpenID Connect Discovery 4.3: the document names the issuer it was fetched for, and has the endpoints."""
    issuer = str(metadata.get("issuer", ""))
    if issuer.rstrip("/") != (sso.issuer or "").rstrip("/"):
        raise IdentityProviderRefused(f"dashboard.sso.issuer: {sso.issuer} serves the discovery document of issuer "
                                      f"{issuer or '(none)'}: set dashboard.sso.issuer to the provider's own issuer")
    absent = [key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not metadata.get(key)]
    if absent:
        raise IdentityProviderRefused(f"dashboard.sso.issuer: the discovery document of {issuer} has no {', '.join(absent)}")


def unreachable(sso: SsoSettings, exc: Exception) -> IdentityProviderUnreachable:
    where = getattr(getattr(exc, "request", None), "url", None) if isinstance(exc, httpx2.RequestError) else None
    return IdentityProviderUnreachable(f"SSO identity provider unreachable at {where or sso.issuer} ({exc.__class__.__name__}): "
                                       "check dashboard.sso.issuer and that the provider is up")


def client_refused(sso: SsoSettings, detail: str) -> IdentityProviderRefused:
    said = f": {detail}" if detail else ""
    return IdentityProviderRefused(f"dashboard.sso.client_secret: the identity provider at {sso.issuer} refused client "
                                   f"{sso.client_id!r} (invalid_client{said}): check dashboard.sso.client_id and client_secret")


def check_provider(settings: FrameworkSettings, redirect_url: str) -> None:
    """At start-up (./jump dashboard): the provider answers, is the configured issuer, and accepts the
    client's id and secret. The secret is tested by redeeming a code nobody issued: a provider
    authenticates the client first (RFC 6749 5.2: ``invalid_client``) and only then finds the code
    unknown (``invalid_grant``), so no user and no browser are needed."""
    sso = settings.dashboard.sso
    if not sso.enabled:
        return
    assert sso.issuer and sso.client_id
    secret = SecretResolver(settings).resolve("dashboard.sso.client_secret").get_secret_value()
    try:
        with httpx2.Client(timeout=sso.timeout_s) as http:
            answer = http.get(discovery_url(sso.issuer))
            if answer.status_code != 200:
                raise IdentityProviderRefused(f"dashboard.sso.issuer: the discovery document {discovery_url(sso.issuer)} "
                                              f"answered HTTP {answer.status_code}: is it an OpenID Connect provider?")
            try:
                metadata = answer.json()
            except ValueError:
                raise IdentityProviderRefused(f"dashboard.sso.issuer: the discovery document {discovery_url(sso.issuer)} "
                                              "is not JSON: is it an OpenID Connect provider?") from None
            check_metadata(sso, metadata)
            basic = base64.b64encode(f"{sso.client_id}:{secret}".encode("latin1")).decode()  # as Authlib sends it
            probe = http.post(metadata["token_endpoint"], headers={"Authorization": f"Basic {basic}"},
                              data={"grant_type": "authorization_code", "code": PROBE_CODE, "redirect_uri": redirect_url})
    except httpx2.HTTPError as exc:
        raise unreachable(sso, exc) from None
    error = _json_field(probe, "error")
    if probe.status_code == 401 or error == "invalid_client":
        raise client_refused(sso, _json_field(probe, "error_description"))


def _json_field(response: httpx2.Response, key: str) -> str:
    try:
        return str(response.json().get(key, ""))
    except (ValueError, AttributeError):
        return ""


def _oauth_error(exc: OAuthError) -> str:
    return _one_line(f"{exc.error}: {exc.description}" if exc.description else str(exc.error))


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:300]
