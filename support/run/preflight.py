"""Before any worker starts: is the platform healthy, do the accounts log in, does each database answer?

Without this, a stopped platform shows up as every scenario waiting for its connect timeout and
retries, and a wrong password as one failure per scenario. With it, the run stops in seconds
with one line: exit 3 for what does not answer (or is not healthy), exit 2 for a password the
platform refuses. "Up" means healthy: ``/health`` answering 200 with status "ok", GraphQL
answering a ``{ __typename }`` query, not merely "some answer below 500".
"""

from __future__ import annotations

import psycopg2
import requests
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_fixed

from support.clients.auth import Credentials, TokenProvider
from support.clients.openapi import OpenApiValidator
from support.clients.transport import HttpTransport, TransportOptions
from support.config import FrameworkSettings, SecretResolver
from support.contracts.pins import contract_paths, has_openapi
from support.errors import AuthenticationFailed, CredentialsRefused, DatabaseUnreachable, PlatformUnreachable
from support.run.retry_policy import RetryPolicy
from support.session import database_dsns

Unreachable = PlatformUnreachable  # the name callers used before the one tree (support/errors.py)


class _Retry(Exception):
    pass


def _answer(name: str, url: str, *, key: str, verify: bool | str, timeout_s: float, method: str = "GET") -> requests.Response:
    """The response, 5xx retried briefly (a transient 503 is not "down"); PlatformUnreachable otherwise."""
    try:
        for attempt in Retrying(stop=stop_after_attempt(3), wait=wait_fixed(0.3), retry=retry_if_exception_type(_Retry), reraise=True):
            with attempt:
                response = requests.request(method, url, timeout=timeout_s, verify=verify,
                                            json={"query": "{ __typename }"} if method == "POST" else None)
                if response.status_code >= 500:
                    raise _Retry(f"HTTP {response.status_code}")
                return response
    except _Retry as exc:
        raise PlatformUnreachable(name, url, f"answers {exc}: is the platform up? (its log, {key})") from None
    except requests.RequestException as exc:
        raise PlatformUnreachable(name, url, f"no connection ({type(exc).__name__}): check {key} and that the platform runs") from None
    raise AssertionError("unreachable")  # pragma: no cover - Retrying either returns or raises


def _json(response: requests.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def check_health(base_url: str, *, verify: bool | str, timeout_s: float, path: str = "/health") -> None:
    """GET /health (platform.health_path) must answer 200 with ``status: ok`` (or no status at all);
    404, 401 or "degraded" is not healthy."""
    url = f"{base_url}{path}"
    response = _answer("platform", url, key="platform.rest_url", verify=verify, timeout_s=timeout_s)
    body = _json(response)
    status = body.get("status") if isinstance(body, dict) else None
    if response.status_code != 200 or status not in ("ok", None) or not isinstance(body, dict):
        said = f"HTTP {response.status_code}" + (f", status {status!r}" if status else "")
        raise PlatformUnreachable("platform", url, f"not healthy ({said}): check platform.rest_url and the platform's log")


def check_graphql(url: str, *, verify: bool | str, timeout_s: float) -> None:
    """POST { __typename } must answer 200 with data.__typename."""
    response = _answer("GraphQL endpoint", url, key="platform.graphql_url", verify=verify, timeout_s=timeout_s, method="POST")
    body = _json(response)
    data = body.get("data") if isinstance(body, dict) else None
    if response.status_code != 200 or not isinstance(data, dict) or "__typename" not in data:
        raise PlatformUnreachable("GraphQL endpoint", url,
                                  f"no GraphQL answer (HTTP {response.status_code}): check platform.graphql_url")


def _check_openapi(settings: FrameworkSettings) -> None:
    """Checks the pinned OpenAPI document against the meta-schema once here, so the workers starting
    together skip it (support/clients/openapi.py keeps a marker per document). The live document is
    the contract gate's business (support/contracts/gate.py), right after this preflight."""
    if has_openapi(settings):
        OpenApiValidator.pinned(contract_paths(settings).openapi)


def check_credentials(settings: FrameworkSettings, resolver: SecretResolver, *, timeout_s: float) -> None:
    """Logs every configured role in once: a refused password is one error, not a failure per scenario."""
    platform = settings.platform
    options = TransportOptions(connect_timeout_s=min(platform.connect_timeout_s, timeout_s), read_timeout_s=platform.read_timeout_s,
                               verify=str(platform.ca_file) if platform.ca_file else platform.verify_tls)
    transport = HttpTransport("rest", str(platform.rest_url), retry=RetryPolicy(**settings.run.retry.model_dump()), options=options)
    tokens = TokenProvider(transport)
    try:
        for role, account in settings.auth.credentials.items():
            if account.provider != "jump":  # other providers are resolved and used when a scenario first needs them
                continue
            username, password = resolver.credentials(role)
            try:
                tokens.login(Credentials(username=username, password=password))
            except AuthenticationFailed as exc:
                key = f"auth.credentials.{role}.password"
                raise CredentialsRefused(f"{key} in {settings.source_of(key)}: the platform refused the {role} account "
                                         f"'{username}' (POST /v1/auth/token -> HTTP {exc.status}): fix the password") from None
    finally:
        transport.close()


def check_databases(settings: FrameworkSettings, resolver: SecretResolver, *, timeout_s: float) -> None:
    password = resolver.resolve("databases.password").get_secret_value() if settings.databases.password else None
    for name, dsn in database_dsns(settings, password).items():
        try:
            conn = psycopg2.connect(dsn, connect_timeout=max(int(timeout_s), 1))
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT 1")
            finally:
                conn.close()
        except psycopg2.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DatabaseUnreachable(f"database {name} unreachable: {first}") from None


def check(settings: FrameworkSettings, *, timeout_s: float = 5.0) -> None:
    """Raises EnvironmentUnreachable (exit 3) or CredentialsRefused (exit 2) for the first problem."""
    platform = settings.platform
    verify: bool | str = str(platform.ca_file) if platform.ca_file else platform.verify_tls
    resolver = SecretResolver(settings)
    if platform.rest_url and platform.health_path:
        check_health(str(platform.rest_url).rstrip("/"), verify=verify, timeout_s=timeout_s, path=platform.health_path)
    if platform.graphql_url:
        check_graphql(str(platform.graphql_url), verify=verify, timeout_s=timeout_s)
    _check_openapi(settings)
    check_databases(settings, resolver, timeout_s=timeout_s)
    if platform.rest_url and settings.auth.check_at_start:
        check_credentials(settings, resolver, timeout_s=timeout_s)
