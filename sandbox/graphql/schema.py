"""The strawberry schema, with parse and validation caches for the hot paths."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from sandbox.graphql.errors import log_errors
from sandbox.graphql.mutations import Mutation
from sandbox.graphql.queries import Query


class JumpSchema(Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Logs only unexpected errors: refusals (PlatformError, bad queries) are normal traffic."""
        log_errors(errors)


schema = JumpSchema(query=Query, mutation=Mutation, extensions=[ParserCache(maxsize=256), ValidationCache(maxsize=256)])
