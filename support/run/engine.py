"""Runs the selected scenarios over worker processes: @serial alone first, the rest in parallel,
then reruns of failures; stops everything as soon as one worker finds the environment gone.

Why our own pool rather than behavex (evaluated: 4.6.8, on PyPI): behavex starts one behave per
scenario (our before_all opens sessions, loads the OpenAPI document and sweeps stale data, so
that cost would be paid per scenario), swaps its own environment.py in front of ours, knows
@SERIAL but not per-worker data namespaces, reruns from a failures file without telling flaky
from failed, and shards without history. Here one behave process per worker runs its whole
slice (``path:line`` locations) with our hooks; the parent follows each worker's event file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen, TimeoutExpired

from data_factories.namespace import worker_namespace
from support.run import events as ev
from support.run.behave_runner import BehaveRun, WorkerJob
from support.run.exit_codes import ExitCode
from support.run.selection import ScenarioRef
from support.run.sharding import partition

POLL_S = 0.1
Sink = Callable[[ev.Event], None]


@dataclass
class EngineResult:
    refs: list[ScenarioRef]
    attempts: dict[str, list[ev.ScenarioFinished]] = field(default_factory=dict)   # location -> attempts
    stopped: tuple[ExitCode, str, ev.EndReason] | None = None   # code, its one line, why

    def final(self, ref: ScenarioRef, cwd: Path) -> str:
        return ev.final_status(self.attempts.get(ev.location_of(ref.location, cwd), []))


class Engine:
    """Starts the workers, relays their events to ``sink`` (the run's stream) and decides reruns and stops."""

    def __init__(self, run: BehaveRun, *, parallel: int, durations: Mapping[str, float] | None = None,
                 sink: Sink | None = None, fail_fast: bool = False, cancel: threading.Event | None = None) -> None:
        self.run, self.parallel, self.durations = run, max(parallel, 1), dict(durations or {})
        self.sink: Sink = sink or (lambda event: None)
        self.fail_fast = fail_fast  # the first failed scenario stops the run (mutation runs: one failure decides)
        self.cancel = cancel or threading.Event()
        self.namespace = run.namespace
        self._next_worker = 0

    def execute(self, refs: list[ScenarioRef], *, rerun_failed: int = 0) -> EngineResult:
        result = EngineResult(refs=list(refs))
        self._phase(result, refs)
        for attempt in range(1, rerun_failed + 1):
            failed = [r for r in refs if result.final(r, self.run.cwd) == "failed"]
            if not failed or result.stopped:
                break
            self.sink(ev.RerunStarted(attempt=attempt, of=rerun_failed, scenarios=len(failed)))
            self._phase(result, failed)
        self._not_run(result)
        return result

    def _phase(self, result: EngineResult, refs: list[ScenarioRef]) -> None:
        """@serial scenarios in one worker of their own, then the others spread over the pool."""
        serial = [r for r in refs if r.serial]
        rest = [r for r in refs if not r.serial]
        if serial and not result.stopped:
            self._supervise(result, [serial])
        if rest and not result.stopped:
            self._supervise(result, [b for b in partition(rest, min(self.parallel, len(rest)), self.durations) if b])

    def _job(self, refs: list[ScenarioRef]) -> WorkerJob:
        number, self._next_worker = self._next_worker, self._next_worker + 1
        return WorkerJob(worker=f"w{number}", namespace=worker_namespace(self.namespace, number),
                         locations=[r.location for r in refs], run=self.run)

    def _stop(self, result: EngineResult, code: ExitCode, line: str, reason: ev.EndReason) -> None:
        if not result.stopped:
            result.stopped = (code, line, reason)

    def _supervise(self, result: EngineResult, slices: list[list[ScenarioRef]]) -> None:
        jobs = [self._job(s) for s in slices]
        procs: dict[str, Popen[bytes]] = {}
        for job in jobs:
            procs[job.worker] = job.start()
        offsets = {job.worker: 0 for job in jobs}

        def drain() -> None:
            for job in jobs:
                for event, after in ev.read(job.events_file, offsets[job.worker]):
                    offsets[job.worker] = after
                    self._handle(result, event)

        def stopped_workers() -> None:
            drain()  # a worker's failure event carries its reason: read it before looking at exit codes
            for job in jobs:
                code = procs[job.worker].poll()
                if code in (ExitCode.USAGE, ExitCode.UNREACHABLE) and not result.stopped:
                    line = job.last_line() or f"worker {job.worker} exited with {code}"
                    self._stop(result, ExitCode(code), line, "usage" if code == ExitCode.USAGE else "unreachable")
            if self.cancel.is_set():
                self._stop(result, ExitCode.TEST_FAILURES, "the run was cancelled", "cancelled")

        try:
            while any(p.poll() is None for p in procs.values()) and not result.stopped:
                stopped_workers()
                time.sleep(POLL_S)
        finally:  # stopped, Ctrl-C or a bug in the parent: never leave workers running on their own
            if result.stopped or any(p.poll() is None for p in procs.values()):
                _terminate(procs.values())
        stopped_workers()
        for job in jobs:
            self._missing(result, job, procs[job.worker].returncode)

    def _handle(self, result: EngineResult, event: ev.Event) -> None:
        self.sink(event)
        if isinstance(event, ev.WorkerFailed):
            if event.reason == "unreachable":
                self._stop(result, ExitCode.UNREACHABLE, f"error: environment unreachable, run stopped: {event.message}", "unreachable")
            else:  # could not start: its reason ends the run (2 or 3)
                known = event.exit_code in (ExitCode.USAGE, ExitCode.UNREACHABLE)
                code = ExitCode(event.exit_code) if known else ExitCode.TEST_FAILURES
                self._stop(result, code, event.message, "unreachable" if code == ExitCode.UNREACHABLE else "usage" if known else "crashed")
            return
        if not isinstance(event, ev.ScenarioFinished):
            return
        result.attempts.setdefault(ev.location_of(event.location, self.run.cwd), []).append(event)
        if self.fail_fast and event.status == "failed":
            self._stop(result, ExitCode.TEST_FAILURES,
                       f"stopped at the first failure (--fail-fast): {event.feature}: {event.name}", "fail_fast")

    def _missing(self, result: EngineResult, job: WorkerJob, code: int | None) -> None:
        """Scenarios a worker never reported: failed if it crashed, not run if the run was stopped."""
        reported = {ev.location_of(e.location, self.run.cwd) for e in ev.read_all(job.events_file) if isinstance(e, ev.ScenarioFinished)}
        refs = {ev.location_of(r.location, self.run.cwd): r for r in result.refs}
        missing = [loc for loc in job.locations if ev.location_of(loc, self.run.cwd) not in reported]
        if missing and result.stopped is None:  # it died without saying why in its stream: the parent says so
            self.sink(ev.WorkerFailed(worker=job.worker, reason="crashed", exit_code=code if code is not None else -1,
                                      message=f"worker {job.worker} exited with code {code}: {job.reason()}"))
        for location in missing:
            crashed = None if result.stopped else f"no result: worker {job.worker} exited with code {code}: {job.reason()}"
            self._without_result(result, refs[ev.location_of(location, self.run.cwd)], job.worker, crashed)

    def _not_run(self, result: EngineResult) -> None:
        """Scenarios no worker was ever given (the run stopped before their phase)."""
        for ref in result.refs:
            if ev.location_of(ref.location, self.run.cwd) not in result.attempts:
                self._without_result(result, ref, "", None)

    def _without_result(self, result: EngineResult, ref: ScenarioRef, worker: str, crashed: str | None) -> None:
        """A scenario with no result of its own: failed with why its worker died (``crashed``), else skipped as not run."""
        self._handle(result, ev.ScenarioFinished(
            location=ref.location, feature=ref.feature, name=ref.name, worker=worker, tags=sorted(ref.tags),
            feature_file=ref.location.rsplit(":", 1)[0], status="failed" if crashed else "skipped",
            skip_reason="" if crashed else "not run: the run was stopped",
            failure=ev.Failure(message=crashed, broken=True) if crashed else None))


def _terminate(procs: object, grace_s: float = 5.0) -> None:
    """Stops the workers this run started (each by its own Popen handle), killing stragglers."""
    handles: list[Popen[bytes]] = list(procs)  # type: ignore[call-overload]
    for proc in handles:
        if proc.poll() is None:
            proc.terminate()
    for proc in handles:
        try:
            proc.wait(timeout=grace_s)
        except TimeoutExpired:
            proc.kill()
            proc.wait()
