"""From the run's event stream to what a run reports: the attempts of each scenario, final statuses,
and the run's record in the results history (written by the parent, once, at the end)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from support.config import FrameworkSettings
from support.reporting.run_info import git_commit
from support.results import CaseOutcome, RunRecord
from support.results.connect import has_history, history_store
from support.results.models import ApiTimingRecord, StepOutcome
from support.run import events as ev

log = logging.getLogger("jump")


@dataclass
class Attempt:
    """One run of one scenario in one worker: its finish event and the steps it reported."""

    finished: ev.ScenarioFinished
    steps: list[ev.StepFinished] = field(default_factory=list)


@dataclass
class Folded:
    """The stream, folded: what every report handler reads (a replay folds the stored file the same way)."""

    started: list[ev.RunStarted] = field(default_factory=list)      # one per run (several after --merge-runs)
    contracts: list[ev.ContractsChecked] = field(default_factory=list)
    attempts: dict[str, list[Attempt]] = field(default_factory=dict)  # location -> attempts, in order
    worker_failures: list[ev.WorkerFailed] = field(default_factory=list)
    finished: list[ev.RunFinished] = field(default_factory=list)

    @property
    def run(self) -> ev.RunStarted | None:
        return self.started[0] if self.started else None

    def ended_at(self) -> str:
        """When the last scenario ended (else when the run started), to the second: the date of every report.
        Not run_finished's time: ./jump test:run writes that after its reports, a replay reads it before."""
        stops = [attempt.finished.stop for attempts in self.attempts.values() for attempt in attempts]
        moment = max(stops) if stops else self.started[0].at if self.started else 0.0
        return dt.datetime.fromtimestamp(moment, dt.UTC).isoformat(timespec="seconds")

    def final(self, location: str) -> str:
        return ev.final_status([a.finished for a in self.attempts.get(location, [])])


def fold(events: list[ev.Event]) -> Folded:
    folded = Folded()
    pending: dict[tuple[str, str], list[ev.StepFinished]] = {}
    for event in events:
        if isinstance(event, ev.RunStarted):
            folded.started.append(event)
        elif isinstance(event, ev.ContractsChecked):
            folded.contracts.append(event)
        elif isinstance(event, ev.StepFinished):
            pending.setdefault((event.worker, event.location), []).append(event)
        elif isinstance(event, ev.ScenarioFinished):
            steps = pending.pop((event.worker, event.location), [])
            folded.attempts.setdefault(event.location, []).append(Attempt(event, steps))
        elif isinstance(event, ev.WorkerFailed):
            folded.worker_failures.append(event)
        elif isinstance(event, ev.RunFinished):
            folded.finished.append(event)
    return folded


def cases(folded: Folded) -> list[CaseOutcome]:
    """One outcome per scenario that reported: final status, and the attempt that decided it."""
    outcomes = []
    for location, attempts in folded.attempts.items():
        last = attempts[-1].finished
        outcomes.append(CaseOutcome(
            feature=last.feature, name=last.name, location=location, status=folded.final(location),
            duration_s=last.duration_s, retries=sum(a.finished.retries for a in attempts), attempts=len(attempts),
            worker=last.worker, error=next((a.finished.error for a in reversed(attempts) if a.finished.error), "")[:300],
            tags=list(last.tags),
            steps=[StepOutcome(keyword=s.keyword, name=s.name, status=s.status, duration_s=round(max(s.stop - s.start, 0.0), 3))
                   for s in attempts[-1].steps],
        ))
    return outcomes


def counts(outcomes: list[CaseOutcome]) -> dict[str, int]:
    return {status: sum(1 for c in outcomes if c.status == status) for status in ("passed", "failed", "flaky", "skipped")}


def record_history(settings: FrameworkSettings, record: RunRecord, *, quiet: bool = False) -> str | None:
    """Migrates, writes the run and prunes past the retention; a history problem never fails a run.

    ``quiet`` when the run was stopped because a database is gone: exit 3's one line already says so.
    Nothing without a results database (history off: the run said so when it started)."""
    if not has_history(settings):
        return None
    try:
        store = history_store(settings)
        store.migrate()
        run_id = store.record(record)
        pruned = store.prune(settings.reporting.history_retention_days)
        if pruned:
            log.info("history: pruned %d run(s) older than %d days", pruned, settings.reporting.history_retention_days)
        return run_id
    except Exception as exc:  # noqa: BLE001 - reported, the run's own result stands
        log.log(logging.INFO if quiet else logging.WARNING, "history not written: %s",
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        return None


def make_record(settings: FrameworkSettings, outcomes: list[CaseOutcome], *, started: dt.datetime, shard: tuple[int, int],
                parallel: int, exit_code: int, run_id: str = "", api_timings: Any = None) -> RunRecord:
    """``api_timings``: the run's support.reporting.api_timings.ApiTimings (None: no API figures)."""
    operations = api_timings.operations if api_timings is not None else []
    return RunRecord(environment=settings.environment, git_commit=git_commit(settings), shard=f"{shard[0] + 1}/{shard[1]}",
                     run_id=run_id,
                     parallel=parallel, exit_code=exit_code, started_at=started, finished_at=dt.datetime.now(dt.UTC),
                     cases=outcomes, api_timings=[ApiTimingRecord(**op.model_dump(include=set(ApiTimingRecord.model_fields)))
                                                  for op in operations])
