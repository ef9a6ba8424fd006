"""/v1/audit-events: the audit log (security/audit.py), read-only and for administrators only.

No create, change or delete: entries are written by the actions they record.
"""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.base import Resource
from sandbox.rest.deps import ADMIN
from sandbox.rest.models.audit import AuditEventRead, AuditFilters, AuditPage
from sandbox.rest.routing import add_reads

AUDIT_EVENTS = Resource(
    label="audit event", table="audit_event", database="inventory", order_by="t.occurred_at DESC, t.id",
    filters={"action": "t.action = {}", "outcome": "t.outcome = {}", "actor_user_id": "t.actor_user_id = {}",
             "fan_id": "t.fan_id = {}", "request_id": "t.request_id = {}"},
)

router = APIRouter(prefix="/v1/audit-events", tags=["audit"])
add_reads(router, AUDIT_EVENTS, read=AuditEventRead, filters=AuditFilters, page=AuditPage, allowed=ADMIN)
