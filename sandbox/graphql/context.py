"""Per-request GraphQL context: who is calling, and the platform's databases and settings."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from strawberry.fastapi import BaseContext

from sandbox.db import Databases
from sandbox.errors import Forbidden, Unauthenticated
from sandbox.security.auth import principal_from, require_fan
from sandbox.security.tokens import Principal
from sandbox.settings import SandboxSettings


class JumpContext(BaseContext):
    """Built once per request; a bad token is kept here so the router can answer 401."""

    def __init__(self, *, db: Databases, settings: SandboxSettings, principal: Principal | None,
                 auth_error: Unauthenticated | None) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.principal = principal
        self.auth_error = auth_error

    @property
    def fan_id_or_none(self) -> uuid.UUID | None:
        """The calling fan, None for anonymous and staff callers (public reads)."""
        if self.principal is not None and self.principal.role == "fan" and self.principal.fan_id:
            return uuid.UUID(self.principal.fan_id)
        return None

    def require_fan(self) -> uuid.UUID:
        """Fan-only operations: 401 without a token, 403 for staff."""
        return uuid.UUID(require_fan(self.principal).fan_id or "")

    def order_scope(self, *, write: bool) -> uuid.UUID | None:
        """Orders: a fan sees only their own (returns their id); staff see all (None).

        Analysts may read but not change orders.
        """
        if self.principal is None:
            raise Unauthenticated("this operation needs a bearer token")
        if self.principal.role == "fan":
            return self.require_fan()
        if write and self.principal.role == "analyst":
            raise Forbidden("role 'analyst' may not do this (allowed: admin, fan, ops)")
        return None


async def get_context(request: Request) -> JumpContext:
    """FastAPI dependency: never raises, so the router decides how a bad token is answered."""
    try:
        principal, error = await principal_from(request), None
    except Unauthenticated as exc:
        principal, error = None, exc
    return JumpContext(db=request.app.state.db, settings=request.app.state.settings, principal=principal, auth_error=error)
