"""Before any worker starts: is the platform up and does each database answer SELECT 1?

Without this, a stopped platform shows up as every scenario waiting for its connect timeout and
retries, one after the other. With it, the run stops in seconds with exit 3 and one line naming
what is unreachable.
"""

from __future__ import annotations

import psycopg2
import requests
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_fixed

from support.clients.openapi import OpenApiValidator
from support.config import FrameworkSettings, SecretResolver
from support.session import _with_password

DATABASES = ("events", "inventory", "results")


class Unreachable(Exception):
    """One line: what cannot be reached, where, and why."""


class _Retry(Exception):
    pass


def _http(name: str, url: str, *, verify: bool | str, timeout_s: float, method: str = "GET") -> None:
    """Any answer below 500 means reachable; 5xx is retried briefly (a transient 503 is not 'down')."""
    try:
        for attempt in Retrying(stop=stop_after_attempt(3), wait=wait_fixed(0.3), retry=retry_if_exception_type(_Retry), reraise=True):
            with attempt:
                response = requests.request(method, url, timeout=timeout_s, verify=verify,
                                            json={"query": "{ __typename }"} if method == "POST" else None)
                if response.status_code >= 500:
                    raise _Retry(f"HTTP {response.status_code}")
    except _Retry as exc:
        raise Unreachable(f"{name} at {url} answers {exc}") from None
    except requests.RequestException as exc:
        raise Unreachable(f"{name} unreachable at {url}: {type(exc).__name__}") from None


def _check_openapi(base_url: str, verify: bool | str, timeout_s: float) -> None:
    """Checks the served OpenAPI document once here, so the workers starting together skip it."""
    session = requests.Session()
    session.verify = verify
    try:
        OpenApiValidator.fetch(session, base_url, timeout=timeout_s)
    except requests.RequestException:
        return  # a platform without the document: the workers report it where it matters
    finally:
        session.close()


def check(settings: FrameworkSettings, *, timeout_s: float = 5.0) -> None:
    """Raises :class:`Unreachable` for the first service or database that does not answer."""
    platform = settings.platform
    verify: bool | str = str(platform.ca_file) if platform.ca_file else platform.verify_tls
    _http("platform", f"{str(platform.rest_url).rstrip('/')}/health", verify=verify, timeout_s=timeout_s)
    _http("GraphQL endpoint", str(platform.graphql_url), verify=verify, timeout_s=timeout_s, method="POST")
    _check_openapi(str(platform.rest_url).rstrip("/"), verify, timeout_s)
    password = None
    if settings.databases.password:
        password = SecretResolver(settings).resolve("databases.password").get_secret_value()
    for name in DATABASES:
        dsn = _with_password(str(getattr(settings.databases, name)), password)
        try:
            conn = psycopg2.connect(dsn, connect_timeout=max(int(timeout_s), 1))
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT 1")
            finally:
                conn.close()
        except psycopg2.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise Unreachable(f"database {name} unreachable: {first}") from None
