"""POST /v1/auth/token: user name and password to an RS256 access token; password change and
revocation of every token of the caller's account.

Unknown user and wrong password get the same 401, and both pay for one password hash, so
neither the message nor the timing tells which user names exist. Failed logins are throttled per
account and per client address (429 + Retry-After, ``security/throttle.py``).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from sandbox.errors import InvalidInput, RateLimited, Unauthenticated
from sandbox.rest.crud.auth import find_account, find_login, set_password
from sandbox.rest.crud.base import databases, transaction
from sandbox.rest.deps import ANY_ACCOUNT
from sandbox.rest.models.auth import PasswordChange, TokenRequest, TokenResponse
from sandbox.rest.openapi import problems
from sandbox.security import audit
from sandbox.security.passwords import hash_password, verify_password
from sandbox.security.revocation import TokenVersions
from sandbox.security.throttle import LoginThrottle
from sandbox.security.tokens import Principal, TokenService

router = APIRouter(prefix="/v1/auth", tags=["auth"])
_DECOY_HASH = hash_password("no such user")  # same cost as a real check


def _client(request: Request) -> str:
    """The TCP peer only: forwarding headers are the caller's to choose, so they are never trusted."""
    return request.client.host if request.client else "unknown"


@router.post("/token", response_model=TokenResponse, operation_id="issueToken",
             summary="Exchange credentials for an access token", responses=problems(401, 422, 429))
async def issue_token(request: Request, body: TokenRequest) -> TokenResponse:
    ttl_limit: int = request.app.state.settings.token_ttl_seconds
    if body.expires_in is not None and body.expires_in > ttl_limit:
        raise InvalidInput(f"expires_in: at most {ttl_limit} seconds", field="expires_in")
    throttle: LoginThrottle = request.app.state.login_throttle
    client = _client(request)
    inventory = databases(request).inventory
    login = await find_login(inventory, username=body.username)
    # the user name as typed (no password, ever); the account's id and role when it exists
    actor = audit.Actor(str(login["id"]), body.username, login["role"], str(login["fan_id"]) if login["fan_id"] else None) \
        if login else audit.Actor(name=body.username)
    try:
        throttle.check(username=body.username, client=client)
    except RateLimited:
        await audit.record(inventory, request, actor, "SIGN_IN", "THROTTLED")
        raise
    encoded = login["password_hash"] if login else _DECOY_HASH
    valid = await asyncio.to_thread(verify_password, body.password, encoded)
    if login is None or not valid:
        throttle.failed(username=body.username, client=client)
        await audit.record(inventory, request, actor, "SIGN_IN", "FAILURE")
        raise Unauthenticated("unknown user name or wrong password")
    throttle.succeeded(username=body.username)
    await audit.record(inventory, request, actor, "SIGN_IN", "SUCCESS")
    tokens: TokenService = request.app.state.tokens
    token, ttl = tokens.issue(
        user_id=str(login["id"]), username=login["username"], role=login["role"],
        fan_id=str(login["fan_id"]) if login["fan_id"] else None, ttl_seconds=body.expires_in,
        token_version=login["token_version"],
    )
    return TokenResponse(access_token=token, expires_in=ttl, role=login["role"])


@router.post("/revoke", status_code=204, response_class=Response, operation_id="revokeTokens",
             summary="Revoke every access token of the caller's account (log out everywhere)",
             responses=problems(401, 422))
async def revoke(request: Request, caller: Annotated[Principal, ANY_ACCOUNT]) -> Response:
    versions: TokenVersions = request.app.state.token_versions
    await versions.bump(databases(request).inventory, caller.user_id)
    await audit.record(databases(request).inventory, request, audit.Actor.of(caller), "TOKENS_REVOKED", "SUCCESS")
    return Response(status_code=204)


@router.post("/password", status_code=204, response_class=Response, operation_id="changePassword",
             summary="Change the caller's password; every token issued before is revoked",
             responses=problems(401, 422, 429))
async def change_password(request: Request, body: PasswordChange, caller: Annotated[Principal, ANY_ACCOUNT]) -> Response:
    throttle: LoginThrottle = request.app.state.login_throttle
    client = _client(request)
    inventory = databases(request).inventory
    try:
        throttle.check(username=caller.username, client=client)
    except RateLimited:
        await audit.record(inventory, request, audit.Actor.of(caller), "PASSWORD_CHANGED", "THROTTLED")
        raise
    account = await find_account(inventory, user_id=caller.user_id)
    if account is None:
        raise Unauthenticated("the account of this token no longer exists")
    if not await asyncio.to_thread(verify_password, body.current_password, account["password_hash"]):
        throttle.failed(username=caller.username, client=client)
        await audit.record(inventory, request, audit.Actor.of(caller), "PASSWORD_CHANGED", "FAILURE")
        raise InvalidInput("currentPassword: wrong password", field="currentPassword")
    new_hash = await asyncio.to_thread(hash_password, body.new_password)
    versions: TokenVersions = request.app.state.token_versions
    async with transaction(inventory) as conn:
        await set_password(conn, user_id=caller.user_id, password_hash=new_hash)
        await versions.bump(conn, caller.user_id)
        await audit.record(conn, request, audit.Actor.of(caller), "PASSWORD_CHANGED", "SUCCESS")
    return Response(status_code=204)
