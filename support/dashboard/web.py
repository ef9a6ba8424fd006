"""Rendering pages: one Jinja2 environment, the navigation by role, and the context every page gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from support.dashboard.accounts import RANK

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))

# (path, label, least role); a page appears in the navigation for the roles that may open it
NAVIGATION: list[tuple[str, str, str]] = [
    ("/", "Overview", "viewer"),
    ("/runs", "Runs", "viewer"),
    ("/flows", "Flows", "viewer"),
    ("/results", "Results", "viewer"),
    ("/trends", "Trends", "viewer"),
    ("/coverage", "Coverage", "viewer"),
    ("/failures", "Failures", "viewer"),
    ("/reports", "Reports", "viewer"),
    ("/config", "Configuration", "viewer"),
    ("/data", "Data generator", "runner"),
    ("/users", "Users", "admin"),
    ("/audit", "Audit log", "admin"),
]


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f} s" if value < 60 else f"{int(value // 60)} min {value % 60:.0f} s"


TEMPLATES.env.filters["when"] = _when
TEMPLATES.env.filters["seconds"] = _seconds


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    nav = [(path, label) for path, label, role in NAVIGATION
           if session is not None and RANK[session.user.role] >= RANK[role]]
    base = {"session": session, "csrf": session.csrf if session else "", "nav": nav, "path": request.url.path,
            "environment": request.app.state.config.settings.environment}
    return TEMPLATES.TemplateResponse(request, template, base | context, status_code=status_code)
