"""The strawberry schema, with parse and validation caches and the document limits."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from sandbox.graphql.errors import log_errors
from sandbox.graphql.limits import limit_extensions
from sandbox.graphql.mutations import Mutation
from sandbox.graphql.queries import Query
from sandbox.settings import SandboxSettings


class JumpSchema(Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Logs only unexpected errors: refusals (PlatformError, bad queries) are normal traffic."""
        log_errors(errors)


def build_schema(settings: SandboxSettings) -> JumpSchema:
    limits = limit_extensions(max_depth=settings.graphql_max_depth, max_aliases=settings.graphql_max_aliases,
                              max_cost=settings.graphql_max_complexity)
    return JumpSchema(query=Query, mutation=Mutation,
                      extensions=[ParserCache(maxsize=256), *limits, ValidationCache(maxsize=256)])
