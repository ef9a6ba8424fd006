"""Rendering pages: one Jinja2 environment, the navigation by role, and the context every page gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from support.dashboard.accounts import RANK

_DICT_ATTRIBUTES = frozenset(dir(dict))


class RowEnvironment(jinja2.Environment):
    """Jinja2 with a fast ``row.field`` on plain dicts (the history's rows are dicts).

    Jinja's ``getattr`` tries the Python attribute first, so each ``c.name`` on a dict raised and caught
    an AttributeError before the item lookup: a run of 200 scenarios did that thousands of times per
    page (the largest single cost in the profile, docs/dashboard.md "Load"). For a plain dict a name
    that is not one of dict's own attributes can only be an item, so it is looked up as one directly;
    the result is the same (the item, or undefined), everything else takes Jinja's own path."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


TEMPLATES = Jinja2Templates(env=RowEnvironment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                                               autoescape=jinja2.select_autoescape()))

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
