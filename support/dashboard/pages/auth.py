"""Sign-in and sign-out: a local account's name and password, or the company's identity provider (SSO)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from support.dashboard.accounts import User
from support.dashboard.security import LOGIN_CSRF_COOKIE, SESSION_COOKIE, client_of, new_login_token, session_of, signed_in
from support.dashboard.sessions import Session
from support.dashboard.sso import CALLBACK_PATH, Refusal, SsoClient
from support.dashboard.web import render
from support.errors import IdentityProviderRefused, IdentityProviderUnreachable

router = APIRouter()
SSO_NEXT = "sso_next"  # where to go after the provider's sign-in (kept in the flow cookie beside Authlib's state)


def safe_next(target: str) -> str:
    """Only a path of this site (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _sso(request: Request) -> SsoClient | None:
    sso: SsoClient | None = request.app.state.sso
    return sso


def _login_page(request: Request, target: str, error: str = "", status_code: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_token()
    sso = _sso(request)
    response = render(request, "login.html", status_code=status_code, login_csrf=token, next=target, error=error,
                      sso_name=sso.sso.name if sso else "")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.config.secure_cookies, path="/login")
    return response


def _open_session(request: Request, user: User, response: Response) -> Response:
    """The session cookie on ``response``: the same session (and timeout) for both ways of signing in."""
    state = request.app.state
    response.set_cookie(SESSION_COOKIE, state.sessions.open(user), httponly=True, samesite="strict",
                        secure=state.config.secure_cookies, max_age=int(state.config.lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
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
    state.audit.record(user.name, "signed in", detail={"role": user.role}, client=client_of(request))
    return _open_session(request, user, RedirectResponse(safe_next(next), status_code=303))


@router.get("/login/sso")
async def sso_start(request: Request, next: str = "/") -> Response:  # noqa: A002
    """Off to the identity provider (Authlib keeps state, nonce and the PKCE verifier in the flow cookie)."""
    sso = _sso(request)
    if sso is None:
        return _login_page(request, safe_next(next), "Sign-in through an identity provider is not set up here.", 404)
    redirect_uri = sso.sso.redirect_url or str(request.url_for("sso_callback"))
    try:
        response = await sso.start(request, redirect_uri)
    except (IdentityProviderUnreachable, IdentityProviderRefused) as exc:
        await run_in_threadpool(request.app.state.audit.record, "sso", "sign-in refused",
                                detail={"via": "sso", "reason": str(exc)}, client=client_of(request))
        return _login_page(request, safe_next(next), str(exc), status_code=502)
    request.session[SSO_NEXT] = safe_next(next)
    return response


@router.get(CALLBACK_PATH, name="sso_callback")
async def sso_callback(request: Request) -> Response:
    """Back from the provider: the code exchanged, the ID token validated, the role mapped, a session opened.

    The answer is a page that moves on by itself rather than a redirect: after a navigation that came
    from another site (the provider's), the browser would not send the SameSite=Strict session cookie
    on a redirect of that same navigation; the page's own navigation is from this site."""
    sso, state = _sso(request), request.app.state
    target = safe_next(str(request.session.pop(SSO_NEXT, "/"))) if "session" in request.scope else "/"
    if sso is None:
        return _login_page(request, target, "Sign-in through an identity provider is not set up here.", 404)
    try:
        outcome = await sso.finish(request)
    except (IdentityProviderUnreachable, IdentityProviderRefused) as exc:
        outcome = Refusal(reason=str(exc))
    user = None
    if not isinstance(outcome, Refusal):
        user = await run_in_threadpool(state.accounts.from_sso, outcome.name, outcome.role)
        if user is None:
            outcome = Refusal(actor=outcome.name, reason=f"{outcome.name} is a local account or disabled here: "
                                                         "sign in with its password, or ask an administrator")
    if isinstance(outcome, Refusal) or user is None:
        reason = outcome.reason if isinstance(outcome, Refusal) else "refused"
        actor = outcome.actor if isinstance(outcome, Refusal) else "sso"
        await run_in_threadpool(state.audit.record, actor[:64], "sign-in refused", detail={"via": "sso", "reason": reason},
                                client=client_of(request))
        return _login_page(request, target, f"Single sign-on failed: {reason}", status_code=401)
    await run_in_threadpool(state.audit.record, user.name, "signed in",
                            detail={"via": "sso", "role": user.role, "subject": outcome.subject}, client=client_of(request))
    page = render(request, "signed_in.html", title="Signed in", target=target)
    return await run_in_threadpool(_open_session, request, user, page)


@router.post("/logout")
async def logout(request: Request, session: Annotated[Session, Depends(signed_in)]) -> Response:
    """The dashboard's session closed; for an SSO account, then on to the provider to end its session too
    (dashboard.sso.sign_out_at_provider), which sends the browser back to the sign-in page."""
    state = request.app.state
    await run_in_threadpool(state.sessions.close, request.cookies.get(SESSION_COOKIE, ""))
    request.state.session = None  # the page below is a signed-out visitor's: no menu, no name
    target, detail = "/login", None
    sso = _sso(request)
    if session.user.sso and sso is not None:
        try:
            target = await sso.sign_out_url(_sign_in_page_url(request, sso)) or target
            provider = "sent there to end its session" if target != "/login" else "session kept (turned off or not offered)"
        except (IdentityProviderUnreachable, IdentityProviderRefused) as exc:
            provider = f"session not ended: {exc}"
        detail = {"via": "sso", "provider": provider}
    await run_in_threadpool(state.audit.record, session.user.name, "signed out", detail=detail, client=client_of(request))
    if target == "/login":
        response: Response = RedirectResponse(target, status_code=303)
    else:  # a page that moves on by itself: CSP form-action 'self' may stop a form's redirect to another site
        response = render(request, "signed_out.html", title="Signed out", target=target, provider=sso.sso.name if sso else "")
    response.delete_cookie(SESSION_COOKIE)
    return response


def _sign_in_page_url(request: Request, sso: SsoClient) -> str:
    """The sign-in page's full URL as the provider must send the browser back to it (registered with it as a
    post-logout redirect URI): beside the configured callback URL, else as this request reached the dashboard."""
    if sso.sso.redirect_url is not None:
        return str(sso.sso.redirect_url).removesuffix(CALLBACK_PATH) + "/login"
    return str(request.url_for("login_form"))
