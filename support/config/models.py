"""The settings tree: one root ``FrameworkSettings``, one model per section, validated at load time.

The target's own sections (platform, databases, contracts, vault, run, ci) are here with the rules a
shared environment enforces; auth, reporting and plugins, and the dashboard have modules of their own
(auth_settings.py, reporting_settings.py, dashboard_settings.py).

Models hold what a run may be told; where a value came from lives beside them (``source_of``).
Values that are only safe against the local stack are refused on every other environment, so a
mistyped override cannot point an unverified client at production.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    PrivateAttr,
    SecretStr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from support.config import tree
from support.config.auth_settings import AuthSettings, Credential
from support.config.dashboard_settings import DashboardSettings
from support.config.reporting_settings import PluginsSettings, ReportingSettings
from support.config.secrets import Secret
from support.config.section import Section
from support.config.values import AUTO, DsnOrAuto, HttpUrl, UrlOrAuto

# Any name works: an environment is a file (support/config/environments/<name>.toml, or a path).
# These are Jump's own; the shared ones can never be run against the local stack.
ENVIRONMENTS: tuple[str, ...] = ("local", "integration", "staging", "production")
SHARED_ENVIRONMENTS: tuple[str, ...] = ("integration", "staging", "production")
Environment = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]  # a database or PostgreSQL schema name

_LOCAL_PASSWORD = re.compile(r"^jump-[a-z]+-local$")  # the local stack's published accounts


class PlatformSettings(Section):
    """Where the API under test answers. A target without a REST or a GraphQL API leaves that URL out."""

    graphql_url: UrlOrAuto | None = None
    rest_url: UrlOrAuto | None = None
    health_path: str | None = "/health"  # under rest_url, must answer 200 before a run; None: no health check
    ca_file: Literal["auto"] | Path | None = None  # CA bundle that verifies the platform's TLS
    verify_tls: bool = True
    # the origin of the platform's own web shop: browsers on its pages may call the API (CORS), no other
    web_origin: str = "https://tickets.jump.example"
    connect_timeout_s: PositiveFloat = 5.0
    read_timeout_s: PositiveFloat = 30.0
    lock_ttl_seconds_hint: Literal["auto"] | PositiveFloat | None = None  # the platform's seat-lock TTL
    # a platform on the same databases with a short seat-lock TTL, which the scenarios that wait for a
    # reservation to expire (@needs-short-lock-ttl) use instead (the local stack runs one)
    short_lock_ttl_graphql_url: UrlOrAuto | None = None
    short_lock_ttl_seconds_hint: Literal["auto"] | PositiveFloat | None = None


class PoolSettings(Section):
    """SRS 3.2.3 poolConfig."""

    min: int = Field(default=1, ge=0)
    max: PositiveInt = 10
    idle_timeout_s: NonNegativeFloat = 30.0

    @model_validator(mode="after")
    def _bounds(self) -> PoolSettings:
        if self.min > self.max:
            raise ValueError(f"pool min ({self.min}) is above max ({self.max})")
        return self


class NamedDatabase(Section):
    """One database of the target, written as a table: where it lives and the PostgreSQL schemas that
    hold its tables (they become the sessions' search_path, first schema first)."""

    dsn: DsnOrAuto
    schemas: list[Name] = Field(default_factory=lambda: ["public"], min_length=1)


class DatabaseSettings(Section):
    """The target's databases under any names (``events = "postgresql://..."`` or a ``[databases.library]``
    table with schemas), the framework's own ``results`` store (optional: no run history without it),
    the password for DSNs that carry none, and the pool sizes."""

    model_config = ConfigDict(extra="allow", frozen=True, validate_default=True)
    __pydantic_extra__: dict[str, DsnOrAuto | NamedDatabase]  # type: ignore[assignment]

    results: DsnOrAuto | None = None
    password: Secret | None = None  # for DSNs that carry no password; literal, env: or vault:
    pool: PoolSettings = PoolSettings()

    @model_validator(mode="after")
    def _names(self) -> DatabaseSettings:
        for name in self.model_extra or {}:
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
                raise ValueError(f"database name {name!r} must be lower case letters, digits and _")
        return self

    def named(self) -> dict[str, NamedDatabase]:
        """The target's databases by name (the results store is not one of them)."""
        return {name: value if isinstance(value, NamedDatabase) else NamedDatabase(dsn=value)
                for name, value in (self.model_extra or {}).items()}

    def dsn_key(self, name: str) -> str:
        """The dotted key holding a database's DSN, for messages (``databases.library.dsn``)."""
        return f"databases.{name}.dsn" if isinstance((self.model_extra or {}).get(name), NamedDatabase) else f"databases.{name}"


class ContractSettings(Section):
    """Which API contracts the target has, pinned under ``dir`` (graphql.json, openapi.json)."""

    dir: Path | None = None  # default: support/contracts/ (the Jump platform's pins)
    graphql: bool = True   # a pinned GraphQL schema (ignored when the target has no graphql_url)
    openapi: bool = True   # a pinned OpenAPI document, fetched from {rest_url}{openapi_path} (ignored without rest_url)
    openapi_path: str = "/openapi.json"


class VaultSettings(Section):
    url: HttpUrl | None = None
    token: Secret | None = None
    namespace: str | None = None
    mount: str = "secret"  # KV v2 mount of references written vault:/<path>#<key>
    ca_file: Path | None = None
    timeout_s: PositiveFloat = 10.0


class RetrySettings(Section):
    max_attempts: PositiveInt = 4
    initial_wait_s: NonNegativeFloat = 0.2
    max_wait_s: NonNegativeFloat = 5.0
    jitter_s: NonNegativeFloat = 0.2

    @model_validator(mode="after")
    def _bounds(self) -> RetrySettings:
        if self.max_wait_s < self.initial_wait_s:
            raise ValueError(f"max_wait_s ({self.max_wait_s}) is below initial_wait_s ({self.initial_wait_s})")
        return self


class RunSettings(Section):
    namespace_prefix: str = Field(default="jt", pattern=r"^[a-z][a-z0-9]{0,11}$")
    parallel: PositiveInt = 1
    tags: str = ""  # behave tag expression
    retry: RetrySettings = RetrySettings()
    read_only: bool = False  # only @production-safe scenarios run
    manage_local_stack: bool = False  # start the local stack when it is down
    # which API the local stack serves this environment: Jump's sandbox, or the example library target
    # (PostGraphile + an OAuth2 provider, support/stack/library.py) beside it
    local_target: Literal["jump", "library"] = "jump"
    max_wait_for_ttl_s: NonNegativeFloat = 30.0  # TTL-waiting scenarios skip above this


class CiInfo(Section):
    """GitLab's predefined CI variables (CI-001.5); set by the loader, never by files."""

    pipeline_id: str | None = None
    pipeline_url: str | None = None
    job_id: str | None = None
    job_url: str | None = None
    commit_sha: str | None = None
    commit_ref_name: str | None = None
    node_index: PositiveInt | None = None  # 1-based, from `parallel: N` jobs
    node_total: PositiveInt | None = None
    project_url: str | None = None
    pipeline_created_at: dt.datetime | None = None  # shards balance on history older than this, so all agree

    @model_validator(mode="after")
    def _shard_in_range(self) -> CiInfo:
        if self.node_index is not None and self.node_index > (self.node_total or 1):
            raise PydanticCustomError(
                "unsafe_value", "shard {index} of {total} does not exist: fix the job's parallel: N or pass --shard I/N",
                {"key": "ci.node_index", "value": self.node_index, "index": self.node_index, "total": self.node_total or 1})
        return self

    @property
    def active(self) -> bool:
        return self.pipeline_id is not None

    @property
    def shard(self) -> tuple[int, int]:
        """(0-based index, total) of this job among parallel jobs; (0, 1) outside them."""
        return ((self.node_index or 1) - 1, self.node_total or 1)


class FrameworkSettings(Section):
    """Everything a run is configured with; build it with ``support.config.load_settings``."""

    environment: Environment
    platform: PlatformSettings
    databases: DatabaseSettings = DatabaseSettings()
    contracts: ContractSettings = ContractSettings()
    auth: AuthSettings = AuthSettings()
    vault: VaultSettings = VaultSettings()
    run: RunSettings = RunSettings()
    reporting: ReportingSettings = ReportingSettings()
    plugins: PluginsSettings = PluginsSettings()
    dashboard: DashboardSettings = DashboardSettings()
    ci: CiInfo = CiInfo()
    _sources: dict[str, str] = PrivateAttr(default_factory=dict)

    def source_of(self, key: str) -> str:
        """Where the value at dotted ``key`` came from (a file, a variable, 'defaults').

        For a table, the source of its first key that a layer set.
        """
        parts = key.split(".")
        for depth in range(len(parts), 0, -1):  # the key itself, then a table set as a whole
            if ".".join(parts[:depth]) in self._sources:
                return self._sources[".".join(parts[:depth])]
        inner = (source for candidate, source in self._sources.items() if candidate.startswith(f"{key}."))
        return next(inner, "defaults")

    def with_sources(self, sources: dict[str, str]) -> FrameworkSettings:
        self._sources = dict(sources)
        return self

    @property
    def sources(self) -> dict[str, str]:
        return dict(self._sources)

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> FrameworkSettings:
        first = next(unsafe_values(self), None)
        if first is not None:
            key, value, reason = first
            raise PydanticCustomError("unsafe_value", reason, {"key": key, "value": value})
        return self


def on_local_stack(settings: FrameworkSettings) -> bool:
    """Whether the environment runs against the local stack: ``local``, or another environment of
    this checkout whose file manages the stack (never a shared one: integration, staging, production)."""
    env = settings.environment
    return env == "local" or (settings.run.manage_local_stack and env not in SHARED_ENVIRONMENTS)


def unsafe_values(settings: FrameworkSettings) -> Iterator[tuple[str, object, str]]:
    """(key, value, reason) of each value only the local stack tolerates, on another environment."""
    env = settings.environment
    if on_local_stack(settings):
        return
    where = f"outside local runs (environment is {env})"
    if not settings.platform.verify_tls:
        yield "platform.verify_tls", False, f"TLS verification cannot be turned off {where}"
    dumped: dict[str, Any] = settings.model_dump()
    for key, value in tree.leaves({name: dumped[name] for name in ("platform", "databases", "auth")}):
        if value == AUTO or (isinstance(value, SecretStr) and value.get_secret_value() == AUTO):
            yield key, AUTO, f"'auto' reads the local stack and is refused {where}"
    for key in ("platform.graphql_url", "platform.rest_url", "vault.url", "plugins.datadog.api_url", "dashboard.sso.issuer"):
        url = tree.lookup(settings, key)
        if env in ("staging", "production") and url and not url.startswith("https://"):
            yield key, url, f"only https:// URLs are accepted on {env}"
    for role, account in settings.auth.credentials.items():
        if isinstance(account, Credential) and _LOCAL_PASSWORD.match(account.password.get_secret_value()):
            reason = f"the local stack's password is refused {where}"
            yield f"auth.credentials.{role}.password", account.password, reason
    if settings.run.manage_local_stack:
        yield "run.manage_local_stack", True, f"the local stack can only be managed in local runs, not on {env}"  # a shared one
    if env == "production" and not settings.run.read_only:
        yield "run.read_only", False, "production runs are read-only (allow single scenarios with @production-safe)"
