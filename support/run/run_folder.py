"""Each run writes under a folder of its own: ``reports/runs/<run-id>/``, with ``reports/latest`` -> it.

Two runs in one checkout (two terminals, a plain ``behave`` next to ``./jump test:run``) used to
write into the same ``reports/allure-results``; a report then mixed their scenarios. Now every
run - ``./jump test:run`` and a plain ``behave`` run alike - creates its own folder, and
``./jump test:report`` reads the one ``reports/latest`` points at (or ``--run ID``).

    reports/
      latest -> runs/20260101-120000-1a2b3c          the last ./jump test:run started
      runs/<run-id>/events.jsonl attachments/ openapi.json     what the run recorded (the stream)
      runs/<run-id>/allure-results/ junit.xml coverage/ failures.json allure-report/   built from it
      runs/<run-id>/workers/                          each worker's own stream and behave log
      history/                                        Allure's trend data, carried from run to run

A plain ``behave`` run (``behave --tags @checkout``) gets a folder ``<run-id>-behave`` and leaves
``latest`` on the last full run: its reports are ``./jump test:report --run <run-id>``.

Workers and the behave hooks learn their run's folder from ``JUMP_RUN_DIR``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from support.errors import OutputError, UsageError

RUN_DIR_ENV = "JUMP_RUN_DIR"
EVENTS_FILE = "events.jsonl"      # the stream (support/run/events.py)
ATTACHMENTS = "attachments"       # files the stream's events reference (support/run/worker_stream.py)
OPENAPI_FILE = "openapi.json"     # the pinned document the run validated against (support/reporting/runtime.py)
RUNS = "runs"
LATEST = "latest"
HISTORY = "history"
KEEP_RUNS = 20          # older run folders are removed when a new run starts
KEEP_YOUNGER_S = 3600   # ... unless touched within the hour (a run still going in another terminal)


def new_run_id() -> str:
    """Sortable by start time, unique across processes: ``20260101-120000-1a2b3c``."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _writable_folder(path: Path, what: str) -> None:
    """``path`` exists as a folder we can write into, else one OutputError line (exit 2)."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{what} {path} is a file, not a folder: remove it or set reporting.reports_dir to another folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{what} {path} is not writable ({exc.strerror or type(exc).__name__}): "
                          "fix its permissions or set reporting.reports_dir to another folder") from None


def create(reports_root: Path, run_id: str | None = None, *, repoint: bool = True) -> Path:
    """A new, empty run folder under ``reports_root``; old runs are pruned. ``latest`` points at it,
    unless ``repoint`` is False and it already points at another run (a plain behave run)."""
    _writable_folder(reports_root, "the reports folder")
    _writable_folder(reports_root / RUNS, "the runs folder")
    folder = reports_root / RUNS / (run_id or new_run_id())
    folder.mkdir()
    if repoint or latest(reports_root) is None:
        point_latest(reports_root, folder)
    prune(reports_root, keep=folder)
    return folder


def point_latest(reports_root: Path, folder: Path) -> None:
    """Atomically re-points ``reports/latest`` (a relative symlink, so a copied reports/ still works)."""
    link = reports_root / LATEST
    if link.exists() and not link.is_symlink():
        raise OutputError(f"{link} is not a symlink: remove it (runs now live in {reports_root / RUNS})")
    temporary = reports_root / f".{LATEST}-{os.getpid()}-{secrets.token_hex(2)}"
    temporary.symlink_to(os.path.relpath(folder, reports_root))
    os.replace(temporary, link)


def latest(reports_root: Path) -> Path | None:
    """The folder ``reports/latest`` points at, if any."""
    link = reports_root / LATEST
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def runs(reports_root: Path, prefix: str = "") -> list[Path]:
    """The run folders whose names start with ``prefix``, oldest first (a run id starts with its time)."""
    folder = reports_root / RUNS
    return sorted(p for p in folder.glob(f"{prefix}*") if p.is_dir()) if folder.is_dir() else []


def find(reports_root: Path, run_id: str | None = None) -> Path:
    """A run's folder: ``run_id`` (a folder name under reports/runs/, or a unique prefix), else the last run."""
    if not run_id:
        folder = latest(reports_root)
        if folder is None:
            raise UsageError(f"usage error: no run under {reports_root}: run ./jump test:run first")
        return folder
    matches = runs(reports_root, run_id)
    exact = [p for p in matches if p.name == run_id]
    if exact or len(matches) == 1:
        return (exact or matches)[0]
    folder = reports_root / RUNS
    known = ", ".join(p.name for p in sorted(folder.iterdir())[-5:]) if folder.is_dir() else "none"
    what = "matches several runs" if matches else "is no run"
    raise UsageError(f"usage error: --run {run_id} {what} under {folder} (the last: {known})")


def pinned_openapi(folder: Path) -> dict[str, Any] | None:
    """The OpenAPI document the run in ``folder`` validated against (None: the run kept none)."""
    contract = folder / OPENAPI_FILE
    return json.loads(contract.read_text(encoding="utf-8")) if contract.is_file() else None


def current() -> Path | None:
    """The run folder of this process (set by ``./jump test:run`` or by the first hook of a plain behave run)."""
    value = os.environ.get(RUN_DIR_ENV)
    return Path(value) if value else None


def adopt(reports_root: Path, *, repoint: bool = True) -> Path:
    """This process's run folder: the one it was given, else a new one (exported for what follows)."""
    folder = current()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)  # a folder named by the caller, not made yet
    else:
        folder = create(reports_root, None if repoint else f"{new_run_id()}-behave", repoint=repoint)
        os.environ[RUN_DIR_ENV] = str(folder)
    return folder


def prune(reports_root: Path, keep: Path) -> None:
    """Keeps the KEEP_RUNS newest run folders (and any touched within the hour, and ``keep``)."""
    now = time.time()
    for old in runs(reports_root)[::-1][KEEP_RUNS:]:
        if old != keep and now - old.stat().st_mtime > KEEP_YOUNGER_S:
            shutil.rmtree(old, ignore_errors=True)


def merge(reports_root: Path, sources: list[Path]) -> Path:
    """One new run folder whose stream is every source's (CI: every shard's run), for one report."""
    folder = create(reports_root, f"{new_run_id()}-merged")
    with (folder / EVENTS_FILE).open("wb") as merged:
        for source in sources:
            if (source / EVENTS_FILE).is_file():
                merged.write((source / EVENTS_FILE).read_bytes())
            if (source / ATTACHMENTS).is_dir():
                shutil.copytree(source / ATTACHMENTS, folder / ATTACHMENTS, dirs_exist_ok=True)
            if (source / OPENAPI_FILE).is_file():
                shutil.copyfile(source / OPENAPI_FILE, folder / OPENAPI_FILE)
    return folder
