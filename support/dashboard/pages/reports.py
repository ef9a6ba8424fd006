"""Reports of each run folder: the Allure site, JUnit, coverage and failure analysis, to open or download,
and the coverage and failure-analysis pages drawn from the run's coverage.json and failures.json."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response

from support.dashboard.run_files import RunFolder, latest_folder, run_folders
from support.dashboard.security import viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render
from support.run.run_folder import ATTACHMENTS, EVENTS_FILE

router = APIRouter()
Viewer = Annotated[Session, Depends(viewer)]

# the Allure site is a single-page app with inline scripts and styles: its own, looser policy, still same-origin only
REPORT_CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; frame-ancestors 'self'"
DOWNLOADS = {"allure": ["allure-report"], "junit": ["junit.xml", "junit"], "coverage": ["coverage"],
             "results": ["allure-results"], "events": [EVENTS_FILE, ATTACHMENTS]}


def _folder(request: Request, run: str | None) -> RunFolder | None:
    root = request.app.state.config.reports_root
    folder = RunFolder(root, run) if run else latest_folder(root)
    return folder if folder is not None and folder.exists else None


def _missing(request: Request, what: str) -> Response:
    return render(request, "error.html", status_code=404, title="Not found", message=what)


@router.get("/reports")
def reports(request: Request, session: Viewer) -> Response:
    folders = run_folders(request.app.state.config.reports_root, 30)
    return render(request, "reports.html", folders=[(f, f.links()) for f in folders])


@router.get("/reports/{run_id}")
def report(request: Request, session: Viewer, run_id: str) -> Response:
    folder = _folder(request, run_id)
    if folder is None:
        return _missing(request, "There is no run folder with that id on this machine.")
    return render(request, "report.html", folder=folder, links=folder.links(), junit=folder.junit_files(),
                  downloads=[kind for kind, parts in DOWNLOADS.items() if any((folder.root / p).exists() for p in parts)])


@router.get("/reports/{run_id}/files/{relative:path}")
def report_file(request: Request, session: Viewer, run_id: str, relative: str) -> Response:
    folder = _folder(request, run_id)
    path = folder.file(relative) if folder else None
    if path is None:
        return _missing(request, "That file is not in this run's folder.")
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Content-Security-Policy": REPORT_CSP, "Cache-Control": "private, max-age=300"}
    return FileResponse(path, media_type=media, headers=headers)


@router.get("/reports/{run_id}/download/{kind}.zip")
def download(request: Request, session: Viewer, run_id: str, kind: str) -> Response:
    folder = _folder(request, run_id)
    sources = [folder.root / part for part in DOWNLOADS.get(kind, [])] if folder else []
    files = [path for source in sources for path in ([source] if source.is_file() else sorted(source.rglob("*")))
             if path.is_file() and not path.is_symlink()]
    if folder is None or not files:
        return _missing(request, "This run has no such report.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            archive.write(path, f"{run_id}/{path.relative_to(folder.root)}")
    request.app.state.audit.record(session.user.name, "downloaded report", f"{run_id}/{kind}.zip")
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{run_id}-{kind}.zip"'})


@router.get("/coverage")
def coverage(request: Request, session: Viewer, run: str | None = None) -> Response:
    folder = _folder(request, run)
    data = folder.json("coverage/coverage.json") if folder else None
    if data is None:
        return render(request, "coverage.html", folder=folder, data=None, runs=run_folders(request.app.state.config.reports_root, 20))
    return render(request, "coverage.html", folder=folder, data=data, runs=run_folders(request.app.state.config.reports_root, 20))


@router.get("/failures")
def failures(request: Request, session: Viewer, run: str | None = None) -> Response:
    folder = _folder(request, run)
    data = folder.json("failures.json") if folder else None
    return render(request, "failures.html", folder=folder, data=data, runs=run_folders(request.app.state.config.reports_root, 20))
