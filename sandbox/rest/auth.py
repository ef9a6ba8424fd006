"""POST /v1/auth/token: user name and password to an RS256 access token.

Unknown user and wrong password get the same 401, and both pay for one password hash, so
neither the message nor the timing tells which user names exist.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from starlette.requests import Request

from sandbox.errors import InvalidInput, Unauthenticated
from sandbox.rest.crud.auth import find_login
from sandbox.rest.crud.base import databases
from sandbox.rest.models.auth import TokenRequest, TokenResponse
from sandbox.rest.openapi import problems
from sandbox.security.passwords import hash_password, verify_password
from sandbox.security.tokens import TokenService

router = APIRouter(prefix="/v1/auth", tags=["auth"])
_DECOY_HASH = hash_password("no such user")  # same cost as a real check


@router.post("/token", response_model=TokenResponse, operation_id="issueToken",
             summary="Exchange credentials for an access token", responses=problems(401, 422))
async def issue_token(request: Request, body: TokenRequest) -> TokenResponse:
    ttl_limit: int = request.app.state.settings.token_ttl_seconds
    if body.expires_in is not None and body.expires_in > ttl_limit:
        raise InvalidInput(f"expires_in: at most {ttl_limit} seconds", field="expires_in")
    login = await find_login(databases(request).inventory, username=body.username)
    encoded = login["password_hash"] if login else _DECOY_HASH
    valid = await asyncio.to_thread(verify_password, body.password, encoded)
    if login is None or not valid:
        raise Unauthenticated("unknown user name or wrong password")
    tokens: TokenService = request.app.state.tokens
    token, ttl = tokens.issue(
        user_id=str(login["id"]), username=login["username"], role=login["role"],
        fan_id=str(login["fan_id"]) if login["fan_id"] else None, ttl_seconds=body.expires_in,
    )
    return TokenResponse(access_token=token, expires_in=ttl, role=login["role"])
