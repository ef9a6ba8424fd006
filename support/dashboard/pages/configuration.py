"""Configuration: each environment's effective settings and where each value came from (the data of
./jump test:config), secrets masked; an admin sets overrides through the same validated writer as
test:config --set, which stores a secret only as a reference (env:..., vault:...)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from support.config import load_settings
from support.config import tree as config_tree
from support.config.errors import ConfigError
from support.config.loader import user_override_file
from support.config.models import ENVIRONMENTS
from support.config.render import masked
from support.config.secrets import mask
from support.config.sources import display_path
from support.config.user_file import set_values
from support.dashboard.security import admin, client_of, viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render

router = APIRouter()


def _rows(env: str, environ: dict[str, str]) -> tuple[list[dict[str, Any]], str]:
    """(key, masked value, source) for every leaf of ``env``'s settings; or an error line."""
    try:
        settings = load_settings(env, environ=environ)
    except ConfigError as exc:
        return [], str(exc).splitlines()[0]
    return [{"key": key, "value": value, "source": settings.source_of(key)}
            for key, value in config_tree.leaves(masked(settings))], ""


def _page(request: Request, env: str, error: str = "", notice: str = "", status_code: int = 200) -> Response:
    environ = request.app.state.config.environ()
    rows, load_error = _rows(env, environ)
    return render(request, "configuration.html", status_code=status_code, env=env, environments=ENVIRONMENTS, rows=rows,
                  load_error=load_error, error=error, notice=notice,
                  override_file=display_path(user_override_file(env, environ)))


@router.get("/config")
def configuration(request: Request, session: Annotated[Session, Depends(viewer)], env: str = "") -> Response:
    env = env if env in ENVIRONMENTS else request.app.state.config.settings.environment
    return _page(request, env)


@router.post("/config")
def override(request: Request, session: Annotated[Session, Depends(admin)], env: Annotated[str, Form()],
             key: Annotated[str, Form()], value: Annotated[str, Form()] = "") -> Response:
    # value defaults to "": FastAPI reads an empty form field as missing (a raw 422), and an empty value is how
    # a setting whose blank means none (reporting.logo) is taken away
    if env not in ENVIRONMENTS:
        return _page(request, request.app.state.config.settings.environment, error=f"unknown environment {env!r}", status_code=400)
    key = key.strip()
    try:
        path = set_values(env, {key: value}, request.app.state.config.environ())
    except ConfigError as exc:
        return _page(request, env, error=str(exc).splitlines()[0], status_code=400)
    request.app.state.audit.record(session.user.name, "set configuration", f"{env}:{key}", {"value": mask(value)},
                                   client_of(request))
    return _page(request, env, notice=f"{key} saved to {display_path(path)}.")
