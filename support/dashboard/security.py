"""Who is asking and may they: the session of a request, role checks and CSRF on every unsafe request.

CSRF uses the synchronizer-token pattern: each session has a token; a form sends it as the field
``csrf`` and htmx as the header ``X-CSRF-Token`` (static/dashboard.js). The sign-in form, which
has no session yet, uses a double-submit cookie instead. The check is a dependency of the router
that holds every HTTP route, so a new form cannot forget it; tests/framework/test_dashboard_access.py
posts to every route without a token.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from support.dashboard.accounts import Role
from support.dashboard.sessions import Session

SESSION_COOKIE = "jump_session"
LOGIN_CSRF_COOKIE = "jump_login_csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class SignInRequired(Exception):
    """No live session (never signed in, signed out, or timed out)."""


class Forbidden(Exception):
    def __init__(self, role: str, needed: str) -> None:
        super().__init__(f"your role ({role}) cannot do this: it needs {needed}")


class CsrfRefused(Exception):
    """An unsafe request without the session's CSRF token."""


def session_of(request: Request) -> Session | None:
    """The request's live session (looked up once per request)."""
    if not hasattr(request.state, "session"):
        token = request.cookies.get(SESSION_COOKIE, "")
        request.state.session = request.app.state.sessions.find(token) if token else None
    session: Session | None = request.state.session
    return session


def signed_in(request: Request) -> Session:
    session = session_of(request)
    if session is None:
        raise SignInRequired()
    return session


def require(role: Role) -> Any:
    """A dependency: the session, when its user's role is at least ``role``."""

    def check(request: Request) -> Session:
        session = signed_in(request)
        if not session.user.may(role):
            raise Forbidden(session.user.role, role)
        return session

    return check


viewer, runner, admin = require("viewer"), require("runner"), require("admin")


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


async def csrf_protect(request: Request) -> None:
    """Every POST/PUT/PATCH/DELETE carries the session's CSRF token (or, signing in, the cookie's)."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get("x-csrf-token", "")
    if not sent and request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = str((await request.form()).get("csrf", ""))  # the form is cached: the route reads it again for free
    if request.url.path == "/login":
        if not _same(sent, request.cookies.get(LOGIN_CSRF_COOKIE, "")):
            raise CsrfRefused()
        return
    session = await run_in_threadpool(session_of, request)  # a database read: off the event loop
    if session is None:
        raise SignInRequired()
    if not _same(sent, session.csrf):
        raise CsrfRefused()


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""
