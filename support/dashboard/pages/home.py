"""The overview: the last runs at a glance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from support.dashboard.security import viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render

router = APIRouter()


@router.get("/")
def overview(request: Request, session: Annotated[Session, Depends(viewer)]) -> Response:
    runs = request.app.state.db.history.recent_runs(10)
    return render(request, "home.html", runs=runs)
