"""The audit log: who did what, to what, when, from where. Written for every action (SRS 4.3.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg2.extras
from pydantic import BaseModel

from support.dashboard.db import Database


class AuditEntry(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    target: str = ""
    detail: dict[str, Any] = {}
    client: str = ""


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None, client: str = "") -> None:
        with self.db.cursor() as cur:
            cur.execute("INSERT INTO audit_log (actor, action, target, detail, client) VALUES (%s, %s, %s, %s, %s)",
                        (actor, action, target, psycopg2.extras.Json(detail or {}), client))

    def recent(self, limit: int = 200, actor: str | None = None) -> list[AuditEntry]:
        with self.db.cursor() as cur:
            cur.execute("SELECT at, actor, action, target, detail, client FROM audit_log"
                        " WHERE %s::text IS NULL OR actor = %s ORDER BY id DESC LIMIT %s", (actor, actor, limit))
            return [AuditEntry(**row) for row in cur.fetchall()]
