"""FastAPI dependencies of REST v1: who may call an operation.

Roles (PLATFORM.md "Security"): admin may do everything; ops manages inventory, holds and reads
orders; analyst reads everything; fan reads the public catalog only. Admin always passes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Security, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import Request

from sandbox.security.auth import principal_from, require_role
from sandbox.security.tokens import Principal, Role

# Declares the bearer scheme in OpenAPI; the token itself is checked by principal_from, which
# also turns a malformed Authorization header into a 401 instead of ignoring it.
bearer = HTTPBearer(bearerFormat="JWT", scheme_name="bearerAuth", auto_error=False,
                    description="RS256 access token from POST /v1/auth/token")


def allow(*roles: Role) -> params.Depends:
    """A dependency admitting admin and ``roles``: 401 without a valid token, 403 for other roles."""

    # async on purpose: a sync dependency costs a threadpool hop on every request (~10% of a read)
    async def check(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]) -> Principal:
        return require_role(await principal_from(request), *roles)

    return Depends(check)


ADMIN = allow()                             # writes to the catalog, prices, offers, fans
OPS = allow("ops")                          # inventory and holds
STAFF_READ = allow("ops", "analyst")        # management reads
CATALOG_READ = allow("ops", "analyst", "fan")  # the public catalog: venues, seasons, performers, events
ANY_ACCOUNT = allow("ops", "analyst", "fan")   # the caller's own account: password change, revocation
