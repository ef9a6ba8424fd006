"""A worker's report to the parent: one JSON line per finished scenario, appended to a file.

The parent (support/run/engine.py) tails these files for the live progress line and builds the
run's summary, reruns and history from them, so it never has to parse behave's output. The file
is named by the JUMP_EVENTS_FILE variable the parent sets; a plain `behave` run has none and
writes nothing. Retries are counted here (a jump_retry hook implementation) because only the
worker sees them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Literal

import psycopg2
from pydantic import BaseModel, Field

from support.errors import EnvironmentUnreachable
from support.plugins.hookspecs import hookimpl
from support.results.models import StepOutcome

EVENTS_ENV = "JUMP_EVENTS_FILE"
WORKER_ENV = "JUMP_WORKER"
UNREACHABLE_ERRORS: tuple[type[BaseException], ...] = (EnvironmentUnreachable, psycopg2.OperationalError, psycopg2.InterfaceError)


class ScenarioEvent(BaseModel):
    kind: Literal["scenario"] = "scenario"
    location: str
    feature: str
    name: str
    status: str            # passed | failed | skipped
    duration_s: float
    retries: int = 0
    worker: str = ""
    error: str = ""
    at: float = 0.0
    tags: list[str] = Field(default_factory=list)
    steps: list[StepOutcome] = Field(default_factory=list)


class UnreachableEvent(BaseModel):
    kind: Literal["unreachable"] = "unreachable"
    message: str
    worker: str = ""


class StopEvent(BaseModel):
    """The worker could not start (before_all failed): the run ends with this line and code (2 or 3)."""

    kind: Literal["stop"] = "stop"
    message: str
    exit_code: int
    worker: str = ""


def is_unreachable(error: BaseException | None) -> bool:
    """The platform or a database is gone: going on would only time out scenario after scenario."""
    return isinstance(error, UNREACHABLE_ERRORS)


class EventWriter:
    """Registered with the plugin manager in a worker; appends events to JUMP_EVENTS_FILE."""

    def __init__(self, path: Path, worker: str) -> None:
        self.path, self.worker = path, worker
        self.retries = 0

    @classmethod
    def from_env(cls) -> EventWriter | None:
        path = os.environ.get(EVENTS_ENV)
        return cls(Path(path), os.environ.get(WORKER_ENV, "")) if path else None

    @hookimpl
    def jump_retry(self, service: str, operation: str, attempt: int, reason: str, wait_s: float) -> None:
        self.retries += 1

    def _append(self, event: BaseModel) -> None:
        # one write() of one line: lines from a worker never interleave, the parent reads whole lines
        with self.path.open("a", encoding="utf-8") as out:
            out.write(event.model_dump_json() + "\n")

    def scenario_finished(self, scenario: Any) -> None:
        error = ""
        for step in scenario.all_steps:
            if step.status.name in ("failed", "error") and step.error_message:
                error = str(step.error_message).strip().splitlines()[-1][:300]
                break
        status = scenario.status.name
        self._append(ScenarioEvent(
            location=str(scenario.location), feature=scenario.feature.name, name=scenario.name.strip(),
            status="failed" if status in ("failed", "error", "hook_error", "cleanup_error") else status,
            duration_s=float(scenario.duration or 0.0), retries=self.retries, worker=self.worker,
            error=error, at=time.time(), tags=sorted(str(t) for t in scenario.effective_tags),
            steps=[StepOutcome(keyword=step.keyword, name=step.name, status=step.status.name,
                               duration_s=float(step.duration or 0.0)) for step in scenario.all_steps],
        ))
        self.retries = 0

    def unreachable(self, message: str) -> None:
        self._append(UnreachableEvent(message=message, worker=self.worker))

    def stop(self, exit_code: int, message: str) -> None:
        self._append(StopEvent(message=message, exit_code=exit_code, worker=self.worker))


Event = ScenarioEvent | UnreachableEvent | StopEvent
_KINDS: dict[str, type[BaseModel]] = {"scenario": ScenarioEvent, "unreachable": UnreachableEvent, "stop": StopEvent}


def read_events(path: Path, offset: int = 0) -> tuple[list[Event], int]:
    """Complete lines after byte ``offset``; returns the events and the offset to read from next."""
    if not path.exists():
        return [], offset
    with path.open("rb") as src:
        src.seek(offset)
        data = src.read()
    end = data.rfind(b"\n") + 1
    events: list[Event] = []
    for line in data[:end].splitlines():
        record = json.loads(line)
        events.append(_KINDS[record.get("kind", "scenario")](**record))  # type: ignore[arg-type]
    return events, offset + end
