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

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen, TimeoutExpired

from data_factories.namespace import worker_namespace
from support.run.behave_runner import BehaveRun, WorkerJob
from support.run.exit_codes import ExitCode
from support.run.progress import RunProgress
from support.run.selection import ScenarioRef
from support.run.sharding import partition
from support.run.worker_events import Event, ScenarioEvent, StopEvent, UnreachableEvent, read_events

POLL_S = 0.1


def location_key(location: str, cwd: Path) -> str:
    """One spelling per scenario, whether behave reports the path relative or absolute."""
    path, _, line = location.rpartition(":")
    return f"{os.path.realpath(cwd / path)}:{line}"


def final_status(attempts: list[ScenarioEvent]) -> str:
    """passed after a failure is *flaky*, never silently green; failing every time stays failed."""
    last = attempts[-1].status
    if last == "passed" and any(a.status == "failed" for a in attempts[:-1]):
        return "flaky"
    return last


@dataclass
class EngineResult:
    refs: list[ScenarioRef]
    attempts: dict[str, list[ScenarioEvent]] = field(default_factory=dict)   # location_key -> attempts
    jobs: list[WorkerJob] = field(default_factory=list)
    assigned: dict[str, list[str]] = field(default_factory=dict)             # worker -> location keys
    stopped: tuple[ExitCode, str] | None = None                               # exit 1 (--fail-fast), 2 or 3 and its one line

    def final(self, ref: ScenarioRef, cwd: Path) -> tuple[str, list[ScenarioEvent]]:
        attempts = self.attempts.get(location_key(ref.location, cwd), [])
        return (final_status(attempts) if attempts else "skipped"), attempts


class Engine:
    def __init__(self, run: BehaveRun, *, parallel: int, durations: Mapping[str, float] | None = None,
                 progress: RunProgress | None = None, fail_fast: bool = False) -> None:
        self.run, self.parallel, self.durations = run, max(parallel, 1), dict(durations or {})
        self.progress = progress
        self.fail_fast = fail_fast  # the first failed scenario stops the run (mutation runs: one failure decides)
        self.namespace = run.namespace
        self._next_worker = 0

    def execute(self, refs: list[ScenarioRef], *, rerun_failed: int = 0) -> EngineResult:
        result = EngineResult(refs=list(refs))
        self._phase(result, refs)
        for attempt in range(1, rerun_failed + 1):
            failed = [r for r in refs if result.final(r, self.run.cwd)[0] == "failed"]
            if not failed or result.stopped:
                break
            if self.progress:
                self.progress.add(len(failed), f"rerun {attempt}/{rerun_failed} of failed scenarios")
            self._phase(result, failed)
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

    def _supervise(self, result: EngineResult, slices: list[list[ScenarioRef]]) -> None:
        jobs = [self._job(s) for s in slices]
        procs: dict[str, Popen[bytes]] = {}
        for job, refs in zip(jobs, slices, strict=True):
            result.jobs.append(job)
            result.assigned[job.worker] = [location_key(r.location, self.run.cwd) for r in refs]
            procs[job.worker] = job.start()
        offsets = {job.worker: 0 for job in jobs}

        def drain() -> None:
            for job in jobs:
                events, offsets[job.worker] = read_events(job.events_file, offsets[job.worker])
                for event in events:
                    self._handle(result, event)

        def stopped_workers() -> None:
            drain()  # a worker's stop event carries its reason: read it before looking at exit codes
            for job in jobs:
                code = procs[job.worker].poll()
                if code in (ExitCode.USAGE, ExitCode.UNREACHABLE) and not result.stopped:
                    result.stopped = (ExitCode(code), job.last_line() or f"worker {job.worker} exited with {code}")

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

    def _handle(self, result: EngineResult, event: Event) -> None:
        if isinstance(event, StopEvent):  # a worker could not start: its reason ends the run
            if not result.stopped:
                known = event.exit_code in (ExitCode.USAGE, ExitCode.UNREACHABLE)
                result.stopped = (ExitCode(event.exit_code) if known else ExitCode.TEST_FAILURES, event.message)
            return
        if isinstance(event, UnreachableEvent):
            if not result.stopped:
                result.stopped = (ExitCode.UNREACHABLE, f"error: environment unreachable, run stopped: {event.message}")
            return
        result.attempts.setdefault(location_key(event.location, self.run.cwd), []).append(event)
        if self.progress:
            self.progress.scenario(event)
        if self.fail_fast and event.status == "failed" and not result.stopped:
            result.stopped = (ExitCode.TEST_FAILURES, f"stopped at the first failure (--fail-fast): {event.feature}: {event.name}")

    def _missing(self, result: EngineResult, job: WorkerJob, code: int | None) -> None:
        """Scenarios a worker never reported: failed if it crashed, not run if the run was stopped."""
        reported = {location_key(e.location, self.run.cwd) for e in read_events(job.events_file)[0] if isinstance(e, ScenarioEvent)}
        missing = [loc for loc in job.locations if location_key(loc, self.run.cwd) not in reported]
        for location in missing:
            status = "skipped" if result.stopped else "failed"
            why = "not run: the run was stopped" if result.stopped else f"no result: worker {job.worker} exited with code {code}: {job.reason()}"
            event = ScenarioEvent(location=location, feature="", name="", status=status, duration_s=0.0, worker=job.worker, error=why)
            result.attempts.setdefault(location_key(location, self.run.cwd), []).append(event)
        if missing and self.progress:
            self.progress.done(len(missing))


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

