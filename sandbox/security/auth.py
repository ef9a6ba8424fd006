"""Who is calling, and may they: shared by the REST dependencies and the GraphQL context."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from sandbox.errors import Forbidden, Unauthenticated
from sandbox.security.revocation import TokenVersions
from sandbox.security.tokens import Principal, Role, TokenService, bearer_token


async def principal_from(connection: HTTPConnection) -> Principal | None:
    """The verified caller, None when no token was sent; a bad or revoked token raises Unauthenticated."""
    token = bearer_token(connection.headers.get("authorization"))
    if token is None:
        return None
    tokens: TokenService = connection.app.state.tokens
    versions: TokenVersions = connection.app.state.token_versions
    principal = await versions.check(connection.app.state.db.inventory, tokens.verify(token))
    connection.state.principal = principal  # for the audit log's entries about this request
    return principal


def require_role(principal: Principal | None, *roles: Role) -> Principal:
    """401 without a caller, 403 when the caller's role is not among ``roles`` (admin always passes)."""
    if principal is None:
        raise Unauthenticated("this operation needs a bearer token")
    if principal.role != "admin" and principal.role not in roles:
        allowed = ", ".join(sorted({"admin", *roles}))
        raise Forbidden(f"role '{principal.role}' may not do this (allowed: {allowed})")
    return principal


def require_fan(principal: Principal | None) -> Principal:
    """Fan self-service: the caller must be a fan acting on their own profile."""
    if principal is None:
        raise Unauthenticated("this operation needs a bearer token")
    if principal.role != "fan" or not principal.fan_id:
        raise Forbidden(f"role '{principal.role}' has no fan profile; this operation is for fans")
    return principal
