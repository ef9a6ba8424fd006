"""Mounts the GraphQL schema at /graphql (POST for operations, GET for GraphiQL).

Differences from strawberry's stock router, all about error shape and status:
a bad bearer token is HTTP 401 with a GraphQL error body (a missing one is an anonymous
caller); every error carries ``extensions.code``; transport errors (bad JSON) answer JSON too.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from sandbox.errors import Forbidden
from sandbox.graphql.context import JumpContext, get_context
from sandbox.graphql.errors import format_error, platform_error_body
from sandbox.graphql.schema import build_schema
from sandbox.security import audit
from sandbox.settings import SandboxSettings


class JumpGraphQLRouter(GraphQLRouter[JumpContext, None]):
    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if isinstance(context, JumpContext) and context.auth_error is not None:
            return JSONResponse(
                platform_error_body(context.auth_error), status_code=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            body = {"data": None, "errors": [{"message": exc.reason, "extensions": {"code": "BAD_REQUEST"}}]}
            return JSONResponse(body, status_code=exc.status_code)

    async def process_result(self, request: Request | Response, result: ExecutionResult) -> GraphQLHTTPResponse:
        response: GraphQLHTTPResponse = {"data": result.data}
        if isinstance(request, Request):
            for error in result.errors or ():
                if isinstance(error.original_error, Forbidden) and error.path:
                    await audit.access_denied(request, f"graphql {error.path[0]}")
        if result.errors:
            response["errors"] = [format_error(e) for e in result.errors]
        if result.extensions:
            response["extensions"] = result.extensions
        return response


def build_graphql_router(settings: SandboxSettings) -> JumpGraphQLRouter:
    return JumpGraphQLRouter(build_schema(settings), path="", context_getter=get_context, graphql_ide="graphiql")
