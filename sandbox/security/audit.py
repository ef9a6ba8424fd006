"""The audit log: one entry per security-relevant action (sandbox/README.md, "Audit log").

Written in the request that acts, once its outcome is known, so the entry is there when the
answer leaves. An entry holds who (account id, the name as given, role), what (action, target),
how it ended, when and the request id (the caller's ``X-Request-Id``, else one made here);
never a password or a token: ``record`` takes no free text from the request but the target id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg
from starlette.requests import Request

from sandbox.security.tokens import Principal

Action = Literal["SIGN_IN", "TOKENS_REVOKED", "PASSWORD_CHANGED", "ACCESS_DENIED", "PROFILE_ERASED",
                 "PERSONAL_DATA_READ", "PRICE_CHANGED", "EVENT_PUBLISHED", "EVENT_CANCELLED"]
Outcome = Literal["SUCCESS", "FAILURE", "DENIED", "THROTTLED"]
STAFF = ("admin", "ops", "analyst")

# An account or fan may be gone while its token still verifies (an erased fan, a deleted login):
# the entry then names neither the account nor its user name (an erased fan's was their e-mail),
# only the role, instead of failing the request.
INSERT = (
    "INSERT INTO audit_event (request_id, actor_user_id, actor_name, actor_role, action, outcome, target_type,"
    " target_id, fan_id, detail) VALUES ($1, (SELECT id FROM app_user WHERE id = $2),"
    " CASE WHEN $2::uuid IS NULL OR EXISTS (SELECT 1 FROM app_user WHERE id = $2) THEN $3 END, $4, $5, $6, $7, $8,"
    " (SELECT id FROM fan WHERE id = $9), $10::text::jsonb)"
)


@dataclass(frozen=True)
class Actor:
    """Who acted: an account (id, name, role), or only the user name someone typed at sign-in."""

    user_id: str | None = None
    name: str | None = None
    role: str | None = None
    fan_id: str | None = None   # a fan's own profile: the entry is about that fan too

    @classmethod
    def of(cls, principal: Principal | None) -> Actor:
        if principal is None:
            return cls()
        return cls(principal.user_id, principal.username, principal.role, principal.fan_id)


def request_id(request: Request) -> str:
    """The caller's X-Request-Id (trimmed to 200 characters), else one made for this request; kept on it."""
    found = getattr(request.state, "request_id", None)
    if found is None:
        given = (request.headers.get("x-request-id") or "").strip()[:200]
        found = request.state.request_id = given or uuid.uuid4().hex
    return found


@dataclass(frozen=True)
class Target:
    kind: str
    id: str
    fan_id: str | None = None   # the fan concerned, when there is one


async def record(db: asyncpg.Pool | asyncpg.Connection, request: Request, actor: Actor, action: Action,
                 outcome: Outcome, targets: Iterable[Target | None] = (None,), detail: dict[str, Any] | None = None) -> None:
    """One entry per target (``(None,)``: one without a target)."""
    rid = request_id(request)
    rows = [
        (rid, uuid.UUID(actor.user_id) if actor.user_id else None, actor.name[:254] if actor.name else None, actor.role, action, outcome,
         t.kind if t else None, t.id if t else None, _uuid((t.fan_id if t else None) or actor.fan_id),
         json.dumps(detail or {}))
        for t in targets
    ]
    if rows:
        await db.executemany(INSERT, rows)


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def principal_of(request: Request) -> Principal | None:
    """The verified caller the access checks kept on the request (None: anonymous, or not checked)."""
    return getattr(request.state, "principal", None)


async def admin_write(request: Request, action: Action, target: Target, detail: dict[str, Any] | None = None) -> None:
    """A successful staff write worth an entry (price changes, event publish and cancel)."""
    await record(request.app.state.db.inventory, request, Actor.of(principal_of(request)), action, "SUCCESS", [target],
                 detail)


async def access_denied(request: Request, operation: str, principal: Principal | None = None) -> None:
    """A 403: the caller's role may not do ``operation`` ("POST /v1/venues", "graphql reserveSeats")."""
    await record(request.app.state.db.inventory, request, Actor.of(principal or principal_of(request)), "ACCESS_DENIED",
                 "DENIED", [Target("operation", operation)])


async def personal_data_read(db: asyncpg.Pool, request: Request, caller: Principal | None, fan_ids: Iterable[object]) -> None:
    """Staff read these fans' personal data (a fan reading their own profile is not audited)."""
    if caller is None or caller.role not in STAFF:
        return
    targets = [Target("fan", str(f), fan_id=str(f)) for f in dict.fromkeys(str(f) for f in fan_ids)]
    if targets:
        await record(db, request, Actor.of(caller), "PERSONAL_DATA_READ", "SUCCESS", targets)
