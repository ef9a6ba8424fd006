"""One run's connections to the platform: clients, database pools and credentials, built once.

Built from validated settings by the behave hooks and the CLI; closed at the end of the run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from support.clients.auth import Credentials, TokenProvider
from support.clients.graphql.client import GraphQLClient
from support.clients.openapi import OpenApiValidator
from support.clients.read_only import ReadOnlyGuard
from support.clients.rest import RestClient
from support.clients.transport import HttpTransport, TransportOptions
from support.config import FrameworkSettings, SecretResolver
from support.db.dsn import with_password
from support.db.pool import Databases
from support.run.retry_policy import RetryPolicy


def _transport(service: str, url: str, settings: FrameworkSettings) -> HttpTransport:
    platform = settings.platform
    graphql_url = url if service == "graphql" else str(platform.graphql_url)
    options = TransportOptions(
        connect_timeout_s=platform.connect_timeout_s, read_timeout_s=platform.read_timeout_s,
        verify=str(platform.ca_file) if platform.ca_file else platform.verify_tls,
        read_only=ReadOnlyGuard(settings.environment, str(platform.rest_url), graphql_url) if settings.run.read_only else None,
    )
    return HttpTransport(service, url, retry=RetryPolicy(**settings.run.retry.model_dump()), options=options)


@dataclass
class PlatformSession:
    settings: FrameworkSettings
    credentials: dict[str, Credentials]
    rest: RestClient
    graphql: GraphQLClient
    tokens: TokenProvider
    databases: Databases
    transports: list[HttpTransport] = field(default_factory=list)

    @classmethod
    def open(cls, settings: FrameworkSettings, *, validate_rest: bool = True) -> PlatformSession:
        resolver = SecretResolver(settings)
        credentials = {}
        for role in settings.auth.credentials:
            username, password = resolver.credentials(role)
            credentials[role] = Credentials(username=username, password=password)
        platform = settings.platform
        rest_transport = _transport("rest", str(platform.rest_url), settings)
        graphql_transport = _transport("graphql", str(platform.graphql_url), settings)
        tokens = TokenProvider(rest_transport)
        validator = OpenApiValidator.pinned() if validate_rest else None  # the pin, never the served document
        password = resolver.resolve("databases.password").get_secret_value() if settings.databases.password else None
        pool = settings.databases.pool
        databases = Databases.from_dsns(
            {name: with_password(str(getattr(settings.databases, name)), password) for name in ("events", "inventory", "results")},
            minconn=pool.min, maxconn=pool.max, environment=settings.environment, read_only=settings.run.read_only,
        )
        return cls(
            settings=settings, credentials=credentials,
            rest=RestClient(rest_transport, tokens, credentials, validator),
            graphql=GraphQLClient(graphql_transport, tokens, credentials),
            tokens=tokens, databases=databases, transports=[rest_transport, graphql_transport],
        )

    def with_graphql_at(self, url: str) -> PlatformSession:
        """This session with its GraphQL calls sent to another platform process on the same databases
        (the short-lock-TTL one); REST, tokens and databases are shared, so close only its transport."""
        transport = _transport("graphql", url, self.settings)
        return dataclasses.replace(self, graphql=GraphQLClient(transport, self.tokens, self.credentials), transports=[transport])

    def close(self) -> None:
        for transport in self.transports:
            transport.close()
        self.databases.close()
