"""The run's one result stream: typed events, one JSON line each, in ``reports/runs/<id>/events.jsonl``.

A worker (a behave process) says what happened as these events and writes nothing else about
results (support/run/worker_stream.py); the parent (support/run/run.py) relays every worker's
events into the run's one file, adds its own (run started, worker failed, run finished), and the
report step (support/reporting/pipeline.py) builds every report from the file: Allure results, the
JUnit file, coverage, failure analysis, the results history, the plugins' summary. ``./jump
test:report`` replays the stored file; the dashboard follows it by byte offset.

Shape after schemathesis's ``engine/events.py``: small typed records, one per lifecycle moment,
consumed by handlers; here pydantic models joined by a discriminated union on ``kind``.
A scenario's identity in every event is its ``location`` (``features/x.feature:12``, relative to
the project; an outline row has a line of its own).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

from support.contracts.gate import ContractCheck
from support.reporting.branding import AllureLanguage, Logo
from support.reporting.categories import Category
from support.reporting.trace import Touched
from support.run.run_folder import EVENTS_FILE as EVENTS_FILE  # re-exported: ev.EVENTS_FILE

Status = Literal["passed", "failed", "skipped"]
EndReason = Literal["completed", "test_failures", "fail_fast", "usage", "unreachable", "cancelled", "no_scenarios", "crashed"]


class _Event(BaseModel):
    at: float = Field(default_factory=time.time)  # seconds since the epoch, when it happened
    worker: str = ""                        # "w1", "r1w2" (a rerun), "" for the parent


class ApiBudget(BaseModel):
    """The p95 response-time budget of ``reporting.api_budget`` (validated there), in the stream so a replay judges alike."""

    p95_ms: float | None = None                                  # every operation
    operations: dict[str, float] = Field(default_factory=dict)   # "POST /v1/orders" or a GraphQL operation name
    fail_run: bool = False                                       # over budget fails the run (default: a warning)


class ReportSettings(BaseModel):
    """What the reports take from the run's settings, kept in the stream so a replay needs no settings."""

    owner: str = ""
    requirement_url: str = ""
    issue_url: str = ""
    api_budget: ApiBudget = Field(default_factory=ApiBudget)
    title: str = ""                  # reporting.title: the Allure report's name, the coverage page's heading
    language: AllureLanguage = "en"  # reporting.language: the Allure site's
    logo: Logo | None = None         # reporting.logo's bytes: a replay needs no file
    categories: list[Category] = Field(default_factory=list)  # reporting.categories_file's entries, before Jump's


class RunStarted(_Event):
    kind: Literal["run_started"] = "run_started"
    run_id: str
    environment: str
    scenarios: int = 0              # selected for this run (this shard)
    parallel: int = 1
    shard: str = "1/1"
    rerun_failed: int = 0
    origin: Literal["jump", "behave"] = "jump"   # ./jump test:run, or a plain behave run
    git_commit: str = ""
    report: ReportSettings = Field(default_factory=ReportSettings)
    known_tables: list[str] = Field(default_factory=list)   # database.table, the table-coverage universe
    graphql_schema: str | None = None  # another target's pinned schema, the GraphQL-coverage universe (default: Jump's)


class ContractsChecked(_Event):
    """Pinned vs live API contracts, before any scenario; breaking drift fails the run."""

    kind: Literal["contracts_checked"] = "contracts_checked"
    check: ContractCheck


class ScenarioStarted(_Event):
    kind: Literal["scenario_started"] = "scenario_started"
    location: str
    feature: str
    name: str


class AttachmentRef(BaseModel):
    """A file under the run's ``attachments/`` folder (masked when it was written)."""

    name: str
    source: str          # file name inside attachments/
    type: str            # MIME type


class ExchangeRef(BaseModel):
    """One request to the platform, summarised; its masked request and response are an attachment."""

    service: str
    title: str
    method: str
    url: str
    status: int | None = None
    duration_ms: float = 0.0                 # as the client saw it: first send to last answer, retries included
    error: str | None = None
    operation: str = ""                      # the client's name for it: "GET /v1/events/{id}", a GraphQL operation name


class StepFinished(_Event):
    kind: Literal["step_finished"] = "step_finished"
    location: str                    # the scenario's
    keyword: str
    name: str
    status: str                      # behave's: passed, failed, error, skipped, untested, undefined
    start: float = 0.0
    stop: float = 0.0
    message: str = ""                # why it failed, business words first
    exchanges: list[ExchangeRef] = Field(default_factory=list)
    attachments: list[AttachmentRef] = Field(default_factory=list)


class Failure(BaseModel):
    """Why a scenario failed: the message a reader needs first, the technical detail below it."""

    message: str
    detail: str = ""                 # exception type and traceback
    step: str = ""                   # "Then the order total is '$118.00'"
    broken: bool = False             # an error, not an unmet expectation (Allure: broken)


class ScenarioFinished(_Event):
    kind: Literal["scenario_finished"] = "scenario_finished"
    location: str
    feature: str
    name: str
    feature_file: str = ""
    tags: list[str] = Field(default_factory=list)
    status: Status
    start: float = 0.0
    stop: float = 0.0
    retries: int = 0                 # transient-failure retries of platform calls (jump_retry)
    history_id: str = ""             # Allure's key for the same scenario across runs
    parameters: dict[str, str] = Field(default_factory=dict)   # an outline row's values
    failure: Failure | None = None
    skip_reason: str = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)   # made outside any step
    touched: Touched = Field(default_factory=Touched)

    @property
    def duration_s(self) -> float:
        return max(self.stop - self.start, 0.0)

    @property
    def error(self) -> str:
        return self.failure.message if self.failure else self.skip_reason


def final_status(attempts: list[ScenarioFinished]) -> str:
    """passed after a failure is *flaky*, never silently green; failing every time stays failed."""
    if not attempts:
        return "skipped"
    if attempts[-1].status == "passed" and any(a.status == "failed" for a in attempts[:-1]):
        return "flaky"
    return attempts[-1].status


class RerunStarted(_Event):
    """The failed scenarios run again (``--rerun-failed``): attempt ``attempt`` of ``of``."""

    kind: Literal["rerun_started"] = "rerun_started"
    attempt: int
    of: int
    scenarios: int


class WorkerFailed(_Event):
    """A worker could not go on: it could not start (2, 3), found the environment gone (3) or crashed."""

    kind: Literal["worker_failed"] = "worker_failed"
    reason: Literal["could_not_start", "unreachable", "crashed"]
    exit_code: int
    message: str


class RunFinished(_Event):
    kind: Literal["run_finished"] = "run_finished"
    reason: EndReason
    exit_code: int
    message: str = ""
    counts: dict[str, int] = Field(default_factory=dict)    # final status -> scenarios


Event = Annotated[RunStarted | ContractsChecked | ScenarioStarted | StepFinished | ScenarioFinished | RerunStarted | WorkerFailed
                  | RunFinished,
                  Field(discriminator="kind")]
_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def location_of(location: str, cwd: Path) -> str:
    """``features/x.feature:12`` relative to the project, whatever spelling behave or a caller used."""
    path, _, line = location.rpartition(":")
    try:
        path = os.path.relpath(os.path.realpath(cwd / path), os.path.realpath(cwd))
    except ValueError:
        pass
    return f"{path}:{line}"


def parse(line: str | bytes) -> Event:
    return _ADAPTER.validate_json(line)


def append(path: Path, event: BaseModel) -> None:
    """One ``write()`` of one whole line: a reader never sees half an event (it stops at the last newline)."""
    with path.open("a", encoding="utf-8") as out:
        out.write(event.model_dump_json(exclude_defaults=False) + "\n")


def lines(path: Path, offset: int = 0, max_bytes: int = -1) -> list[tuple[bytes, int]]:
    """Each complete line after byte ``offset`` (of the next ``max_bytes``) with the offset just after it;
    a line still being written is left for the next read, which starts at the last offset returned. A line
    longer than ``max_bytes`` is read to its end: else every read would hold part of it and nothing whole."""
    try:
        with path.open("rb") as src:
            src.seek(offset)
            data = src.read(max_bytes)
            if 0 < max_bytes == len(data) and b"\n" not in data:
                data += src.readline()
    except FileNotFoundError:
        return []
    found, position = [], offset
    for line in data[:data.rfind(b"\n") + 1].splitlines(keepends=True):
        position += len(line)
        if line.strip():
            found.append((line, position))
    return found


def read(path: Path, offset: int = 0) -> list[tuple[Event, int]]:
    """Each complete line after byte ``offset`` as (event, the offset just after it)."""
    return [(parse(line), after) for line, after in lines(path, offset)]


def read_all(path: Path) -> list[Event]:
    return [event for event, _ in read(path)]


def follow(path: Path, offset: int = 0, *, poll_s: float = 0.2, until_finished: bool = True) -> Iterator[tuple[Event, int]]:
    """Every event from ``offset`` on, waiting for new ones, each with the offset just after it.

    A reconnecting client passes the last offset it saw and continues exactly there. Stops after a
    ``RunFinished`` (``until_finished``): the parent writes it last, on every way a run ends.
    """
    while True:
        for event, after in read(path, offset):
            offset = after
            yield event, after
            if until_finished and isinstance(event, RunFinished):
                return
        time.sleep(poll_s)
