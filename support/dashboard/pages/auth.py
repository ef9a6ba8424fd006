"""Sign-in and sign-out with a local account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from support.dashboard.security import LOGIN_CSRF_COOKIE, SESSION_COOKIE, client_of, new_login_token, session_of, signed_in
from support.dashboard.sessions import Session
from support.dashboard.web import render

router = APIRouter()


def safe_next(target: str) -> str:
    """Only a path of this site (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _login_page(request: Request, target: str, error: str = "", status_code: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_token()
    response = render(request, "login.html", status_code=status_code, login_csrf=token, next=target, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.config.secure_cookies, path="/login")
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query parameter's name
    if session_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login")
def login(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:  # noqa: A002
    state = request.app.state
    user = state.accounts.verify(name, password)
    if user is None:
        state.audit.record(name[:64], "sign-in refused", client=client_of(request))
        return _login_page(request, safe_next(next), "The name or the password is not right.", status_code=401)
    token = state.sessions.open(user)
    state.audit.record(user.name, "signed in", detail={"role": user.role}, client=client_of(request))
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=state.config.secure_cookies,
                        max_age=int(state.config.lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, session: Annotated[Session, Depends(signed_in)]) -> Response:
    request.app.state.sessions.close(request.cookies.get(SESSION_COOKIE, ""))
    request.app.state.audit.record(session.user.name, "signed out", client=client_of(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
