"""Starting and cancelling runs from the dashboard, through the same run path as ./jump test:run.

``RunLauncher`` uses the run object of support/run/run.py (``Run(RunRequest(...))``: start in a
thread, cancel, the typed event stream in the run folder's events.jsonl). One run at a time per
dashboard: on a shared CI-sized machine a second full run would only slow both down.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from support.config.models import ENVIRONMENTS


class StartForm(BaseModel):
    """What the start form (and the flow builder's Run button) sends."""

    env: str = "local"
    areas: list[str] = Field(default_factory=list)
    tags: str = ""
    locations: list[str] = Field(default_factory=list)   # feature files (the flow builder runs the one it saved)
    parallel: int = Field(default=2, ge=1, le=8)
    rerun_failed: int = Field(default=0, ge=0, le=5)


class Ended(BaseModel):
    run_id: str
    exit_code: int
    reason: str
    message: str = ""


class RunLauncher:
    how = "the run object (support/run/run.py)"

    def __init__(self) -> None:
        self._runs: dict[str, Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def environments() -> tuple[str, ...]:
        return ENVIRONMENTS

    def start(self, form: StartForm, who: str) -> str:
        from support.run.run import Run, RunRequest

        if form.env not in ENVIRONMENTS:
            raise ValueError(f"unknown environment {form.env!r}: {', '.join(ENVIRONMENTS)}")
        with self._lock:
            going = self.active()
            if going:
                raise ValueError(f"run {going[0]} is still going: watch it, or cancel it first")
            request = RunRequest(env=form.env, flows=form.areas, tags=[form.tags] if form.tags else [],
                                 locations=form.locations, parallel=form.parallel, rerun_failed=form.rerun_failed)
            run = Run(request)
            run.start()
            self._runs[run.run_id] = run
            return str(run.run_id)

    def active(self) -> list[str]:
        return [run_id for run_id, run in self._runs.items() if run.result is None]

    def is_active(self, run_id: str) -> bool:
        run = self._runs.get(run_id)
        return run is not None and run.result is None

    def ended_without_stream(self, run_id: str) -> Ended | None:
        """A run of this dashboard that ended before its folder (and stream) existed: why."""
        run = self._runs.get(run_id)
        if run is None or run.result is None or run.folder is not None:
            return None
        return Ended(run_id=run_id, exit_code=run.result.exit_code, reason=str(run.result.reason), message=run.result.message)

    def cancel(self, run_id: str) -> bool:
        run = self._runs.get(run_id)
        if run is None or run.result is not None:
            return False
        run.cancel()
        return True

    def stop_all(self, timeout_s: float = 60.0) -> None:
        """Cancels what is still going and waits for it (the server is shutting down)."""
        for run_id in self.active():
            self._runs[run_id].cancel()
        for run in list(self._runs.values()):
            run.wait(timeout_s)


def launcher_of(app: FastAPI) -> RunLauncher:
    launcher: RunLauncher = app.state.launcher
    return launcher
