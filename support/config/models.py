"""The settings tree: one root ``FrameworkSettings``, one model per section, validated at load time.

Models hold what a run may be told; where a value came from lives beside them (``source_of``).
Values that are only safe against the local stack are refused on every other environment, so a
mistyped override cannot point an unverified client at production.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    PrivateAttr,
    SecretStr,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import NoDecode

from support.clients.masking import PII_KINDS, PiiKind
from support.config import tree
from support.config.secrets import Secret
from support.config.values import AUTO, DsnOrAuto, HttpUrl, UrlOrAuto, UrlPattern
from support.reporting.branding import AllureLanguage, check_logo_or_none
from support.reporting.categories import check_categories_file

# Any name works: an environment is a file (support/config/environments/<name>.toml, or a path).
# These are Jump's own; the shared ones can never be run against the local stack.
ENVIRONMENTS: tuple[str, ...] = ("local", "integration", "staging", "production")
SHARED_ENVIRONMENTS: tuple[str, ...] = ("integration", "staging", "production")
Environment = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
Role = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]  # role names come from configuration
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]  # a database or PostgreSQL schema name

_LOCAL_PASSWORD = re.compile(r"^jump-[a-z]+-local$")  # the local stack's published accounts


class Section(BaseModel):
    """Base of every section: unknown keys are errors, loaded settings never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


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


# DataDog's tag rules; the length is max_length, not {0,199} in the pattern: pydantic-core's Rust regex
# unrolls a bounded repeat of the Unicode class \w, which cost ~0.3 s of every command's start-up
MetricTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][\w\-:./]*$", max_length=200)]


def _tag_list(value: object) -> object:
    """``--set plugins.datadog.tags=team:qa,suite:smoke`` (or a JSON list) as a list of tags."""
    if isinstance(value, str):
        return json.loads(value) if value.lstrip().startswith("[") else [t.strip() for t in value.split(",") if t.strip()]
    return value


_API_OPERATION = re.compile(r"^([A-Z]+ /\S*|[A-Za-z_][A-Za-z0-9_]*)$")


def _api_operation(name: str) -> str:
    """An operation as the response-time report names it: "POST /v1/orders", "GET /v1/events/{id}", "ReserveSeats"."""
    if not _API_OPERATION.match(name):
        raise PydanticCustomError("api_operation", "an operation is 'METHOD /path' or a GraphQL operation name")
    return name


ApiOperation = Annotated[str, AfterValidator(_api_operation)]


class ApiBudgetSettings(Section):
    """The p95 response time each API operation should stay under (API-001.5); none set: no budget."""

    p95_ms: PositiveFloat | None = None                  # every operation
    operations: dict[ApiOperation, PositiveFloat] = {}   # per operation, over p95_ms
    fail_run: bool = False                               # an operation over budget fails the run (exit 1); default: warn


def _blank_is_none(value: object) -> object:
    """``--set reporting.logo=`` (or the dashboard's empty field) takes the logo away again."""
    return None if isinstance(value, str) and not value.strip() else value


class ReportingSettings(Section):
    reports_dir: Path = Path("reports")
    # relative to the Allure site: the coverage page inside it, at the requirement's row
    requirement_url_pattern: UrlPattern = "coverage/index.html#{}"
    issue_url_pattern: UrlPattern = "https://gitlab.example/jump/-/issues/{}"
    owner: str = ""
    history_retention_days: PositiveInt = 90  # results history older than this is pruned at run end (SRS 5.2.1)
    # personal data masked in reports and logs (support/clients/masking.py); [] shows it in clear
    mask_pii: Annotated[list[PiiKind], NoDecode, BeforeValidator(_tag_list)] = list(PII_KINDS)
    api_budget: ApiBudgetSettings = ApiBudgetSettings()
    # a company's look (docs/reports.md#customizing-the-report); kept in the run's stream, so a replay shows the same
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""  # "": Allure's "Allure Report", "Coverage"
    language: AllureLanguage = "en"  # the Allure site's language (allure generate --lang)
    logo: Annotated[Path | None, BeforeValidator(_blank_is_none), AfterValidator(check_logo_or_none)] = None  # a PNG or SVG, top left of the Allure site and the coverage page
    # a JSON list of Allure categories, listed before Jump's (support/reporting/categories.py CustomCategory)
    categories_file: Annotated[Path | None, BeforeValidator(_blank_is_none), AfterValidator(check_categories_file)] = None


class NotifierSettings(Section):
    """What every HTTP plugin shares: off by default, and a secret that must be set once it is on."""

    secret_key: ClassVar[str]
    enabled: bool = False
    timeout_s: PositiveFloat = 5.0
    max_attempts: PositiveInt = 3  # on 429, 5xx and connection errors; waits follow run.retry

    @model_validator(mode="after")
    def _secret_when_enabled(self) -> NotifierSettings:
        if self.enabled and getattr(self, self.secret_key) is None:
            raise ValueError(f"{self.secret_key} must be set when enabled is true")
        return self


class DataDogSettings(NotifierSettings):
    """MON-001.1-3, .5: each run's metrics to DataDog's v2 series API (docs/plugins.md)."""

    secret_key: ClassVar[str] = "api_key"
    api_url: HttpUrl = "https://api.datadoghq.com"  # the site's API host, e.g. https://api.datadoghq.eu
    api_key: Secret | None = None
    tags: Annotated[list[MetricTag], NoDecode, BeforeValidator(_tag_list)] = []  # custom tags added to every series (MON-001.2)


class SlackSettings(NotifierSettings):
    """MON-001.4: a Slack incoming-webhook message when a run fails (or always, or too flaky)."""

    secret_key: ClassVar[str] = "webhook_url"
    webhook_url: Secret | None = None  # the URL itself is the credential
    notify: Literal["failures", "always"] = "failures"
    flaky_alert_threshold: NonNegativeInt | None = None  # alert when more scenarios than this are flaky
    report_url: HttpUrl | None = None  # e.g. the GitLab Pages report; default the CI job's artifact
    max_listed: PositiveInt = 5  # failing scenarios named in the message


class PluginsSettings(Section):
    datadog: DataDogSettings = DataDogSettings()
    slack: SlackSettings = SlackSettings()


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
    scopes: Annotated[list[str], NoDecode, BeforeValidator(_tag_list)] = ["openid", "email", "profile"]
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
