"""Errors of the framework, as one tree: every public exception the framework raises is here.

    JumpError                           anything the framework raises on purpose; str() is one line
    ├── UsageError                      exit 2: the user can fix it in a flag, a file or a setting
    │   ├── ConfigError                 support.config: invalid, missing or unresolvable setting
    │   │   ├── CredentialsRefused      the platform refused a configured role's password (preflight)
    │   │   └── IdentityProviderRefused  the dashboard's SSO provider refused its client (id, secret),
    │   │                               or dashboard.sso.issuer is not an OpenID provider
    │   ├── ShardSpecError              --shard / CI_NODE_INDEX+CI_NODE_TOTAL out of range
    │   ├── FeatureFileError            a .feature file behave cannot parse (file, line, what)
    │   ├── StepDefinitionError         steps/ cannot be loaded: ambiguous or broken step definition
    │   ├── SelectionError              an invalid tag expression or an unknown feature path
    │   ├── OutputError                 an output folder (reports/) is a file or not writable
    │   └── ReadOnlyRefused             a write refused before it left the framework: the environment
    │                                   is read-only (run.read_only; production)
    ├── EnvironmentUnreachable          exit 3: something the run needs does not answer
    │   ├── PlatformUnreachable         connection refused, DNS, TLS handshake, timeouts after
    │   │                               retries, circuit open; or /health not healthy (preflight)
    │   ├── DatabaseUnreachable         a database refuses connections or went away
    │   ├── VaultUnreachable            Vault does not answer (connection refused, timeout, 5xx)
    │   ├── StackError                  support.stack: the local stack could not start / is stale
    │   └── IdentityProviderUnreachable  the dashboard's SSO provider does not answer (discovery, keys)
    ├── WorkerStartupFailed             a worker could not start; carries the worker's exit code (2/3)
    ├── ApiError                        the platform answered, but not with what was asked
    │   ├── ProblemError                REST application/problem+json (status, type, detail, fields)
    │   ├── GraphQLResponseError        GraphQL `errors` array: message, path, extensions.code
    │   ├── AuthenticationFailed        credentials refused by POST /v1/auth/token
    │   └── ContractViolation           a response that does not match the OpenAPI / GraphQL schema
    ├── DatabaseError                   support.db: something about a database went wrong on purpose
    │   ├── PoolExhausted               no pooled connection became free within the wait
    │   ├── UnsafeQueryError            run_read_only_query refused the SQL (not one SELECT / WITH)
    │   └── CatalogError                a table or column the caller named is not in the catalog
    ├── DataSetupError                  a factory or seeder could not create the data a step needs
    │   ├── SessionNotBound             a factory ran before data_factories.session.bind()
    │   ├── ReferenceDataMissing        a price code / price type the data needs is not there
    │   ├── NamespaceInUse              another live process already owns the namespace
    │   ├── CleanupError                rows could not be deleted (they stay in the ledger)
    │   └── GenerationError             data_factories.generator: no valid rows (exit 2 at the CLI)
    │       ├── UnknownTarget           the schema (database) or table the user named does not exist
    │       └── UnsupportedCheck        a CHECK expression outside the documented solver set
    ├── GherkinDataError                a step used in a way its data does not allow
    │   ├── TableError                  support.gherkin.tables: a data table that does not fit
    │   ├── PathNotFound                support.gherkin.json_paths: a JSON path with no value
    │   ├── UnknownVariable             support.gherkin.interpolation: ${name} never remembered
    │   └── NoResponse                  support.journeys.api: a step read a response before sending one
    ├── UnknownRole                     support.clients.auth: a role with no configured account
    ├── ReportError                     support.reporting: no results, or Allure could not render
    ├── MutationRunError                support.mutation: the run cannot go on (copy's stack, baseline)
    └── DeliveryError                   support.plugins: a plugin's delivery failed (never fails a run)

    ExpectationFailed(AssertionError)   support.assertions: a Then step's check failed (test failure)
    └── RequestsDidNotOverlap           support.journeys.at_once: a race's requests were not in flight together

Internal signals, caught inside the module that raises them (they never reach a caller):
TransientFailure (support.run.retry_policy: "retry this attempt"), Conflict
(data_factories.generator.facts: "no value satisfies both facts"), CircuitOpen
(support.clients.breaker: "the call was not made"; the transport turns it into PlatformUnreachable),
SignInRequired, Forbidden and CsrfRefused (support.dashboard.security: the dashboard's own exception
handlers turn them into the sign-in redirect and 403 pages). Private classes (``_Name``)
are the same. tests/framework/test_error_tree.py keeps this docstring and the code equal.

Subclasses keep their historical import paths (``support.config.ConfigError``,
``support.db.errors.PoolExhausted``, ...): those modules re-export the classes defined here.

Exit codes are decided in ONE place, ``support.run.exit_codes.exit_code_for``: UsageError -> 2,
EnvironmentUnreachable -> 3, WorkerStartupFailed -> its worker's code, anything else that reaches
a command's boundary (``support.run.boundary``) -> 1. Foreign exceptions are translated where the
framework calls the library: requests' in support.clients and preflight, psycopg2's connection
errors in support.db.pool, hvac's in support.config.secrets.
"""

from __future__ import annotations

from typing import Any

CONFIG_PREFIX = "config error: "


class JumpError(Exception):
    """Base of everything the framework raises on purpose; str() is one readable line."""


# -- exit 2: the user can fix it ----------------------------------------------------------------
class UsageError(JumpError):
    """A flag, file or setting the user can correct; the CLI prints the line and exits 2."""


class ConfigError(UsageError):
    """Invalid, missing, unknown or unsafe configuration; ``str()`` is one line naming key and source."""

    def __init__(self, message: str) -> None:
        line = " ".join(message.split())
        super().__init__(line if line.startswith(CONFIG_PREFIX) else CONFIG_PREFIX + line)


class CredentialsRefused(ConfigError):
    """A configured account that the platform does not accept: one error, not a failure per scenario."""


class IdentityProviderRefused(ConfigError):
    """The OpenID Connect provider refused the dashboard's client, or is not one (support.dashboard.sso)."""


class ShardSpecError(UsageError):
    """A shard outside 1..N, from --shard or from CI_NODE_INDEX / CI_NODE_TOTAL."""


class FeatureFileError(UsageError):
    """A feature file that does not parse; the message is ``path:line: what is wrong``."""


class StepDefinitionError(UsageError):
    """The step definitions cannot be loaded (two patterns match the same text, a syntax error)."""


class SelectionError(UsageError):
    """An invalid tag expression or feature path given to test:run."""


class OutputError(UsageError):
    """An output folder or file that cannot be written (a file where a folder should be, permissions)."""


class ReadOnlyRefused(UsageError):
    """A write refused *before* it left the framework, because the environment is read-only.

    Raised by the HTTP transport (mutating REST methods, GraphQL mutations), the database layer
    (write transactions on the platform databases) and the data commands (generator, cleanup,
    sweep, ledger). Exit 2 for a command; inside a scenario it fails the step with the same line.
    """

    def __init__(self, environment: str, action: str) -> None:
        super().__init__(f"environment {environment} is read-only: refused {action}")
        self.environment, self.action = environment, action


# -- exit 3: the environment does not answer -----------------------------------------------------
class EnvironmentUnreachable(JumpError):
    """The platform, a database, Vault or the local stack does not answer: exit 3."""


class PlatformUnreachable(EnvironmentUnreachable):
    def __init__(self, service: str, url: str, cause: str) -> None:
        super().__init__(f"{service} unreachable at {url}: {cause}")
        self.service, self.url, self.cause = service, url, cause


class DatabaseUnreachable(EnvironmentUnreachable):
    """A database refuses connections (or the connection broke); names the database, never the password."""


class VaultUnreachable(EnvironmentUnreachable):
    """Vault does not answer (connection refused, timeout, 5xx): the secrets cannot be read."""


class StackError(EnvironmentUnreachable):
    """The local stack could not be brought up, inspected or stopped."""


class IdentityProviderUnreachable(EnvironmentUnreachable):
    """The dashboard's OpenID Connect provider does not answer (support.dashboard.sso)."""


class WorkerStartupFailed(JumpError):
    """A worker stopped in before_all; carries the worker's exit code (2 or 3) and its one line."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# -- the platform answered ----------------------------------------------------------------------
class ApiError(JumpError):
    """The platform answered; carries the request id and status to look it up in its logs.

    ``code`` is the platform's error code (problem ``code`` / GraphQL ``extensions.code``); errors
    the framework itself detects use a code of their own, so every ApiError can be classified.
    """

    code: str = "API_ERROR"

    def __init__(self, message: str, *, status: int | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.request_id = request_id


class ProblemError(ApiError):
    """An RFC 9457 problem from the REST API."""

    def __init__(self, *, method: str, url: str, status: int, problem: dict[str, Any], request_id: str | None = None) -> None:
        self.method, self.url, self.problem = method, url, problem
        self.type = str(problem.get("type", "about:blank"))
        self.code = str(problem.get("code", "")) or self.type.rsplit("/", 1)[-1].upper().replace("-", "_")
        self.detail = str(problem.get("detail", problem.get("title", "")))
        self.fields = [str(e.get("field")) for e in problem.get("errors", []) if isinstance(e, dict)]
        super().__init__(f"{method} {url} -> {status} {self.code}: {self.detail}", status=status, request_id=request_id)


class GraphQLResponseError(ApiError):
    """The first entry of a GraphQL ``errors`` array (all of them in ``errors``)."""

    def __init__(self, errors: list[dict[str, Any]], *, operation: str, status: int | None = None) -> None:
        first = errors[0] if errors else {}
        self.errors = errors
        self.operation = operation
        self.message = str(first.get("message", "unknown GraphQL error"))
        self.path = [str(p) for p in first.get("path") or []]
        self.code = str((first.get("extensions") or {}).get("code", "UNKNOWN"))
        where = f" at {'.'.join(self.path)}" if self.path else ""
        super().__init__(f"GraphQL {operation}{where} -> {self.code}: {self.message}", status=status)


class AuthenticationFailed(ApiError):
    """The platform refused the credentials of a role; the message never contains the password."""

    code = "AUTHENTICATION_FAILED"


class ContractViolation(ApiError):
    """A response that the pinned OpenAPI document or GraphQL schema (support/contracts/) does not allow."""

    code = "CONTRACT_VIOLATION"


# -- databases -----------------------------------------------------------------------------------
class DatabaseError(JumpError):
    """Base of the database layer's deliberate errors."""


class PoolExhausted(DatabaseError):
    """Every connection of a pool stayed in use for longer than the caller would wait."""


class UnsafeQueryError(DatabaseError):
    """SQL handed to the read-only runner that is not a single SELECT or WITH statement."""


class CatalogError(DatabaseError):
    """A table or column that the database's catalog does not have."""


# -- test data -----------------------------------------------------------------------------------
class DataSetupError(JumpError):
    """Test data could not be created; names the entity and the cause."""


class SessionNotBound(DataSetupError):
    """Factories need databases and a registry: the framework binds them before the first step."""


class ReferenceDataMissing(DataSetupError):
    """Reference data (price codes, price types) is looked up, never invented, unless asked to."""


class NamespaceInUse(DataSetupError):
    """Two processes must never share a namespace: cleanup of one would delete the other's data."""


class CleanupError(DataSetupError):
    """Deleting a scope's rows failed; the ledger keeps them so the next sweep retries."""


class GenerationError(DataSetupError):
    """Generating valid rows failed; the message names the table and column to look at."""


class UnknownTarget(GenerationError):
    """A bad --schema / --table: the CLI prints the line and exits 2."""


class UnsupportedCheck(GenerationError):
    """A CHECK (or regex) the solvers cannot satisfy; better to refuse than to emit rows the INSERT rejects."""


# -- Gherkin data --------------------------------------------------------------------------------
class GherkinDataError(JumpError):
    """A data table, JSON path or ${variable} in a step that does not fit what the step needs."""


class TableError(GherkinDataError):
    """A data table with a missing, unknown or badly typed column."""


class PathNotFound(GherkinDataError):
    """A JSON path that selects nothing in the document."""


class UnknownVariable(GherkinDataError):
    """A ${name} that no earlier step remembered."""

    def __init__(self, name: str, known: list[str], built_ins: tuple[str, ...] = ()) -> None:
        listed = ", ".join(sorted(known)) or "none yet"
        super().__init__(f"unknown variable {{{name}}}: keep it first with 'I keep \"<json path>\" as \"{name}\"' "
                         f"(known: {listed}; built-ins: {', '.join(built_ins)})")
        self.name = name


class NoResponse(GherkinDataError):
    """A Then step asked about a response, but no request was sent yet in this scenario."""


# -- the rest ------------------------------------------------------------------------------------
class UnknownRole(JumpError):
    """A role name with no account under auth.credentials."""


class ReportError(JumpError):
    """The reports could not be built: no results, or the Allure command line failed."""


class MutationRunError(JumpError):
    """The mutation run cannot go on: the copy's stack does not start or the unmutated suite fails."""


class DeliveryError(JumpError):
    """A plugin could not deliver (DataDog, Slack); logged, never a reason to fail a run."""
