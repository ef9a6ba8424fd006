"""One run's connections to the platform: clients, database pools and credentials, built once.

Built from validated settings by the behave hooks and the CLI; closed at the end of the run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from support.clients.auth import Credentials, TokenProvider
from support.clients.auth_providers import Authenticator, JumpAccounts
from support.clients.graphql.client import GraphQLClient
from support.clients.openapi import OpenApiValidator
from support.clients.read_only import ReadOnlyGuard
from support.clients.rest import RestClient
from support.clients.transport import HttpTransport, TransportOptions
from support.config import FrameworkSettings, SecretResolver
from support.contracts.pins import contract_paths, has_openapi
from support.db.dsn import with_password
from support.db.pool import Databases
from support.run.retry_policy import RetryPolicy


def database_dsns(settings: FrameworkSettings, password: str | None) -> dict[str, str]:
    """``{name: dsn}`` of the target's databases and the results store (when there is one), password added."""
    dsns = {name: with_password(str(db.dsn), password) for name, db in settings.databases.named().items()}
    if settings.databases.results:
        dsns["results"] = with_password(str(settings.databases.results), password)
    return dsns


def open_databases(settings: FrameworkSettings, resolver: SecretResolver, *, minconn: int | None = None,
                   maxconn: int | None = None, wait_s: float = 30.0) -> Databases:
    """The environment's databases (any names, their PostgreSQL schemas) as the run opens them."""
    password = resolver.resolve("databases.password").get_secret_value() if settings.databases.password else None
    pool = settings.databases.pool
    return Databases.from_dsns(
        database_dsns(settings, password), minconn=pool.min if minconn is None else minconn,
        maxconn=pool.max if maxconn is None else maxconn, wait_s=wait_s, environment=settings.environment,
        read_only=settings.run.read_only, schemas={name: db.schemas for name, db in settings.databases.named().items()},
    )


def _transport(service: str, url: str, settings: FrameworkSettings) -> HttpTransport:
    platform = settings.platform
    graphql_url = url if service == "graphql" else str(platform.graphql_url or "")
    options = TransportOptions(
        connect_timeout_s=platform.connect_timeout_s, read_timeout_s=platform.read_timeout_s,
        verify=str(platform.ca_file) if platform.ca_file else platform.verify_tls,
        read_only=ReadOnlyGuard(settings.environment, str(platform.rest_url or ""), graphql_url) if settings.run.read_only else None,
    )
    return HttpTransport(service, url, retry=RetryPolicy(**settings.run.retry.model_dump()), options=options)


NO_REST = "http://rest-url.not-configured.invalid"  # where a target without a REST API "is": never sent to
NO_GRAPHQL = "http://graphql-url.not-configured.invalid"


@dataclass
class PlatformSession:
    settings: FrameworkSettings
    credentials: Mapping[str, Credentials]  # Jump logins by role (JumpAccounts: resolved on first use)
    rest: RestClient
    graphql: GraphQLClient
    tokens: TokenProvider
    databases: Databases
    auth: Authenticator  # every role's provider (any kind), built on a role's first use; the clients share it
    transports: list[HttpTransport] = field(default_factory=list)

    @classmethod
    def open(cls, settings: FrameworkSettings, *, validate_rest: bool = True) -> PlatformSession:
        resolver = SecretResolver(settings)
        platform = settings.platform
        rest_transport = _transport("rest", str(platform.rest_url or NO_REST), settings)
        graphql_transport = _transport("graphql", str(platform.graphql_url or NO_GRAPHQL), settings)
        tokens = TokenProvider(rest_transport)
        auth = Authenticator.for_settings(settings, resolver.resolve, tokens)  # each role's provider, built on first use
        credentials = JumpAccounts(auth)  # the Jump logins, each resolved on first use
        # the pin, never the served document; none when the target has no OpenAPI contract
        validator = OpenApiValidator.pinned(contract_paths(settings).openapi) if validate_rest and has_openapi(settings) else None
        databases = open_databases(settings, resolver)
        return cls(
            settings=settings, credentials=credentials,
            rest=RestClient(rest_transport, tokens, credentials, validator, auth),
            graphql=GraphQLClient(graphql_transport, tokens, credentials, auth),
            tokens=tokens, databases=databases, transports=[rest_transport, graphql_transport], auth=auth,
        )

    def with_graphql_at(self, url: str) -> PlatformSession:
        """This session with its GraphQL calls sent to another platform process on the same databases
        (the short-lock-TTL one); REST, tokens and databases are shared, so close only its transport."""
        transport = _transport("graphql", url, self.settings)
        return dataclasses.replace(self, graphql=GraphQLClient(transport, self.tokens, self.credentials, self.auth), transports=[transport])

    def close(self) -> None:
        for transport in self.transports:
            transport.close()
        self.databases.close()
