"""Administration: accounts and their roles, and the audit log (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from support.dashboard.security import admin, client_of
from support.dashboard.sessions import Session
from support.dashboard.web import render
from support.errors import UsageError

router = APIRouter()
Admin = Annotated[Session, Depends(admin)]


def _users_page(request: Request, error: str = "", notice: str = "", status_code: int = 200) -> Response:
    from support.dashboard.accounts import ROLES

    return render(request, "users.html", status_code=status_code, users=request.app.state.accounts.all(), roles=ROLES,
                  error=error, notice=notice)


@router.get("/users")
def users(request: Request, session: Admin) -> Response:
    return _users_page(request)


@router.post("/users")
def add_user(request: Request, session: Admin, name: Annotated[str, Form()], role: Annotated[str, Form()],
             password: Annotated[str, Form()]) -> Response:
    try:
        request.app.state.accounts.add(name, role, password)
    except UsageError as exc:
        return _users_page(request, error=str(exc).removeprefix("usage error: "), status_code=400)
    request.app.state.audit.record(session.user.name, "added account", name, {"role": role}, client_of(request))
    return _users_page(request, notice=f"Account {name} ({role}) saved.")


@router.post("/users/{name}/role")
def change_role(request: Request, session: Admin, name: str, role: Annotated[str, Form()]) -> Response:
    accounts = request.app.state.accounts
    if name == session.user.name and role != "admin":
        return _users_page(request, error="You cannot take the admin role from your own account.", status_code=400)
    try:
        accounts.set_role(name, role)
    except UsageError as exc:
        return _users_page(request, error=str(exc).removeprefix("usage error: "), status_code=400)
    request.app.state.audit.record(session.user.name, "changed role", name, {"role": role}, client_of(request))
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/disabled")
def set_disabled(request: Request, session: Admin, name: str, disabled: Annotated[bool, Form()]) -> Response:
    if name == session.user.name:
        return _users_page(request, error="You cannot disable your own account.", status_code=400)
    try:
        request.app.state.accounts.set_disabled(name, disabled)
    except UsageError as exc:
        return _users_page(request, error=str(exc).removeprefix("usage error: "), status_code=400)
    request.app.state.audit.record(session.user.name, "disabled account" if disabled else "enabled account", name,
                                   client=client_of(request))
    return RedirectResponse("/users", status_code=303)


@router.get("/audit")
def audit(request: Request, session: Admin, actor: str | None = None) -> Response:
    return render(request, "audit.html", entries=request.app.state.audit.recent(300, actor or None), actor=actor or "")
