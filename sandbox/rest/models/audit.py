"""The audit log as administrators read it (GET /v1/audit-events)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BeforeValidator, Field

from sandbox.rest.models.base import Page, PageParams, ReadModel, from_json

AuditAction = Literal["SIGN_IN", "TOKENS_REVOKED", "PASSWORD_CHANGED", "ACCESS_DENIED", "PROFILE_ERASED",
                      "PERSONAL_DATA_READ", "PRICE_CHANGED", "EVENT_PUBLISHED", "EVENT_CANCELLED"]
AuditOutcome = Literal["SUCCESS", "FAILURE", "DENIED", "THROTTLED"]


class AuditEventRead(ReadModel):
    """One security-relevant action: who, what, how it ended, when, which request. Never a secret."""

    id: UUID
    occurred_at: dt.datetime
    request_id: str
    actor_user_id: UUID | None = Field(default=None, description="The account that acted (null: none, or deleted since)")
    actor_name: str | None = Field(default=None, description="The user name as given (null once the fan was erased)")
    actor_role: str | None = None
    action: AuditAction
    outcome: AuditOutcome
    target_type: str | None = None
    target_id: str | None = None
    fan_id: UUID | None = Field(default=None, description="The fan the action concerned, if any")
    detail: Annotated[dict[str, Any], BeforeValidator(from_json)] = Field(default_factory=dict)


class AuditFilters(PageParams):
    action: AuditAction | None = None
    outcome: AuditOutcome | None = None
    actor_user_id: UUID | None = None
    fan_id: UUID | None = None
    request_id: str | None = Field(default=None, max_length=200)


class AuditPage(Page[AuditEventRead]):
    """A page of audit events, newest first."""
