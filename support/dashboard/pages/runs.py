"""Runs and the live execution monitor: start a run (runner), watch any run's event stream live over a
WebSocket (several people at once; a browser that reconnects catches up from its last offset), cancel."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from support.dashboard.launcher import StartForm, launcher_of
from support.dashboard.run_files import RUN_ID, RunFolder, run_folders
from support.dashboard.security import SESSION_COOKIE, client_of, runner, viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render
from support.run import events as ev
from support.run.run_folder import EVENTS_FILE

router = APIRouter()
sockets = APIRouter()  # WebSocket routes: their own checks (no form, so no CSRF token; the Origin instead)
POLL_S = 0.1           # how often a watcher looks for new lines (the event-to-browser delay is about this)
RECHECK_SESSION_S = 60.0
MAX_CHUNK = 4 * 1024 * 1024  # one read sends at most this much; the rest follows on the next poll


def _areas(request: Request) -> list[str]:
    features = request.app.state.config.repo / "features"
    return sorted(p.name for p in features.iterdir() if p.is_dir() and any(p.glob("*.feature"))) if features.is_dir() else []


@router.get("/runs")
def runs(request: Request, session: Annotated[Session, Depends(viewer)]) -> Response:
    root = request.app.state.config.reports_root
    folders = [f for f in run_folders(root, 30) if (f.root / EVENTS_FILE).is_file()]
    launcher = launcher_of(request.app)
    return render(request, "runs.html", folders=folders, active=launcher.active(), areas=_areas(request),
                  environments=launcher.environments(), can_start=session.user.may("runner"), how=launcher.how)


@router.post("/runs")
def start(request: Request, session: Annotated[Session, Depends(runner)], env: Annotated[str, Form()] = "",
          tags: Annotated[str, Form()] = "", parallel: Annotated[int, Form()] = 2, rerun_failed: Annotated[int, Form()] = 0,
          areas: Annotated[list[str] | None, Form()] = None, locations: Annotated[list[str] | None, Form()] = None) -> Response:
    form = StartForm(env=env or request.app.state.config.settings.environment, areas=areas or [], tags=tags.strip(),
                     parallel=parallel, rerun_failed=rerun_failed, locations=locations or [])
    launcher = launcher_of(request.app)
    try:
        run_id = launcher.start(form, session.user.name)
    except ValueError as exc:
        return render(request, "error.html", status_code=400, title="Run not started", message=str(exc))
    request.app.state.audit.record(session.user.name, "started run", run_id, form.model_dump(exclude_defaults=True),
                                   client_of(request))
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


@router.get("/runs/{run_id}")
def monitor(request: Request, session: Annotated[Session, Depends(viewer)], run_id: str) -> Response:
    folder = RunFolder(request.app.state.config.reports_root, run_id)
    launcher = launcher_of(request.app)
    if not folder.run_id or not (folder.exists or launcher.is_active(run_id)):
        return render(request, "error.html", status_code=404, title="Not found", message="There is no run with that id.")
    return render(request, "monitor.html", run_id=run_id, active=launcher.is_active(run_id),
                  can_cancel=session.user.may("runner") and launcher.is_active(run_id))


@router.post("/runs/{run_id}/cancel")
def cancel(request: Request, session: Annotated[Session, Depends(runner)], run_id: str) -> Response:
    if launcher_of(request.app).cancel(run_id):
        request.app.state.audit.record(session.user.name, "cancelled run", run_id, client=client_of(request))
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _origin_ok(websocket: WebSocket) -> bool:
    """A browser always sends Origin on a WebSocket: it must be this site (no cross-site hijacking)."""
    origin = websocket.headers.get("origin", "")
    host = websocket.headers.get("host", "")
    return bool(host) and origin in (f"http://{host}", f"https://{host}")


@sockets.websocket("/runs/{run_id}/stream")
async def watch(websocket: WebSocket, run_id: str, offset: int = 0) -> None:
    """Sends {"offset": after, "event": {...}} per event from ``offset``, live, until the run finishes; each
    event as the run wrote it (not through ev.parse: a line it cannot read is skipped, the stream goes on)."""
    app = websocket.app
    token = websocket.cookies.get(SESSION_COOKIE, "")
    session = await run_in_threadpool(app.state.sessions.find, token) if token else None
    await websocket.accept()  # then close with a code the monitor understands (a refused handshake is only "1006")
    if session is None or not _origin_ok(websocket) or not RUN_ID.fullmatch(run_id):
        await websocket.close(code=4401 if session is None else 4403)
        return
    path = RunFolder(app.state.config.reports_root, run_id).root / EVENTS_FILE
    offset = max(offset, 0)
    loop = asyncio.get_running_loop()
    checked = loop.time()
    # the browser sends nothing; this receive ends when it goes away or the server shuts down (close 1012)
    gone = asyncio.ensure_future(websocket.receive())
    try:
        while not gone.done():
            if _size(path) > offset:
                for line, after in await asyncio.to_thread(ev.lines, path, offset, MAX_CHUNK):
                    offset = after
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    await websocket.send_text(json.dumps({"offset": offset, "event": event}, separators=(",", ":")))
                    if event.get("kind") == "run_finished":
                        await websocket.close(code=1000)
                        return
            elif (ended := launcher_of(app).ended_without_stream(run_id)) is not None:  # stopped before its folder existed
                final = {"kind": "run_finished", "reason": ended.reason, "exit_code": ended.exit_code, "message": ended.message}
                await websocket.send_text(json.dumps({"offset": offset + 1, "event": final}))
                await websocket.close(code=1000)
                return
            if loop.time() - checked > RECHECK_SESSION_S:  # a session that timed out stops watching too
                checked = loop.time()
                if await run_in_threadpool(app.state.sessions.find, token) is None:
                    await websocket.close(code=4401)
                    return
            await asyncio.wait({gone}, timeout=POLL_S)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        gone.cancel()


