"""The dashboard application: FastAPI with server-rendered Jinja2 pages (docs/dashboard.md says why)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from support.dashboard.accounts import Accounts
from support.dashboard.assets import vendor_file
from support.dashboard.audit import AuditLog
from support.dashboard.config import DashboardConfig
from support.dashboard.db import Database
from support.dashboard.launcher import RunLauncher
from support.dashboard.pages import admin, auth, configuration, data, flows, home, reports, results, runs
from support.dashboard.security import CsrfRefused, Forbidden, SignInRequired, csrf_protect
from support.dashboard.sessions import Sessions
from support.dashboard.sso import SsoClient, flow_cookie
from support.dashboard.web import render

STATIC = Path(__file__).with_name("static")
# scripts and styles only from this server (no inline script, no CDN); WebSockets to this host
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def create_app(config: DashboardConfig, db: Database) -> FastAPI:
    """The app over an open, migrated ``db``; the caller owns (and closes) the database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.sessions.sweep()
        yield
        app.state.launcher.stop_all()  # a run this server started is cancelled (its data swept), not orphaned

    app = FastAPI(title="Jump dashboard", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.config, app.state.db = config, db
    app.state.accounts, app.state.audit = Accounts(db), AuditLog(db)
    app.state.sessions = Sessions(db, idle=config.idle, lifetime=config.lifetime)
    app.state.launcher = RunLauncher()
    app.state.sso = SsoClient.from_settings(config.settings)  # None unless dashboard.sso.enabled
    if app.state.sso is not None:  # Authlib keeps an SSO sign-in's state, nonce and PKCE verifier in a signed cookie;
        # its key lives only in this process: a sign-in under way when the server restarts is simply started again
        app.add_middleware(SessionMiddleware, secret_key=secrets.token_urlsafe(32), **flow_cookie(config.secure_cookies))

    pages = APIRouter(dependencies=[Depends(csrf_protect)])  # every HTTP route: CSRF on unsafe methods
    for module in (auth, home, runs, flows, results, reports, configuration, data, admin):
        pages.include_router(module.router)
    app.include_router(pages)
    app.include_router(runs.sockets)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/assets/vendor/{name}")
    def vendor(name: str) -> Response:
        path = vendor_file(name)
        if path is None:
            return PlainTextResponse(f"{name} is not installed: run make setup (npm ci --prefix tools)", status_code=404)
        return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.url.path not in ("/login",) and not request.url.path.startswith(("/static", "/assets")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(SignInRequired)
    def sign_in(request: Request, _: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={quote(target)}"})
        if request.method != "GET":
            return PlainTextResponse("sign in first (your session has ended)", status_code=401)
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    def forbidden(request: Request, exc: Forbidden) -> Response:
        return render(request, "error.html", status_code=403, title="Not allowed", message=str(exc))

    @app.exception_handler(CsrfRefused)
    def csrf_refused(request: Request, _: CsrfRefused) -> Response:
        return render(request, "error.html", status_code=403, title="Request refused",
                      message="The form was missing its security token (CSRF). Reload the page and try again.")

    return app
