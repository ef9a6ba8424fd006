"""Server-side sessions: a random token in an HttpOnly cookie, its sha256 in the database.

Server-side rather than a signed cookie so that a session can be ended (sign-out, a disabled
account) and times out after ``idle`` without activity or ``lifetime`` in all, checked on every
request. Each session carries its own CSRF token, which every form and htmx request sends back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel

from support.dashboard.accounts import User
from support.dashboard.db import Database

TOUCH_EVERY = dt.timedelta(seconds=30)  # last_seen is written at most this often (one UPDATE, not one a page)


class Session(BaseModel):
    user: User
    csrf: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, db: Database, *, idle: dt.timedelta, lifetime: dt.timedelta) -> None:
        self.db, self.idle, self.lifetime = db, idle, lifetime

    def open(self, user: User) -> str:
        """A new session for ``user``; returns the cookie's token."""
        token = secrets.token_urlsafe(32)
        with self.db.cursor() as cur:
            cur.execute("INSERT INTO dashboard_sessions (token_hash, user_name, csrf_token) VALUES (%s, %s, %s)",
                        (_digest(token), user.name, secrets.token_urlsafe(32)))
        return token

    def find(self, token: str) -> Session | None:
        """The live session of ``token``; an expired one is removed and None returned."""
        if not token:
            return None
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT s.csrf_token, s.created_at, s.last_seen, now() AS now, u.name, u.role, u.disabled,"
                " u.password_hash IS NULL AS sso"
                " FROM dashboard_sessions s JOIN dashboard_users u ON u.name = s.user_name WHERE s.token_hash = %s",
                (_digest(token),))
            row = cur.fetchone()
            if row is None:
                return None
            if row["disabled"] or row["now"] - row["last_seen"] > self.idle or row["now"] - row["created_at"] > self.lifetime:
                cur.execute("DELETE FROM dashboard_sessions WHERE token_hash = %s", (_digest(token),))
                return None
            if row["now"] - row["last_seen"] > TOUCH_EVERY:
                cur.execute("UPDATE dashboard_sessions SET last_seen = now() WHERE token_hash = %s", (_digest(token),))
        return Session(user=User(name=row["name"], role=row["role"], sso=row["sso"]), csrf=row["csrf_token"])

    def close(self, token: str) -> None:
        with self.db.cursor() as cur:
            cur.execute("DELETE FROM dashboard_sessions WHERE token_hash = %s", (_digest(token),))

    def sweep(self) -> int:
        """Removes every expired session (at start-up); returns how many."""
        with self.db.cursor() as cur:
            cur.execute("DELETE FROM dashboard_sessions WHERE last_seen < now() - %s OR created_at < now() - %s",
                        (self.idle, self.lifetime))
            return int(cur.rowcount)
