"""One acceptance run: select -> shard -> workers -> handlers -> exit code, as an object.

``./jump test:run`` (support/run/test_commands.py) and the web dashboard start runs here;
``./jump test:report`` replays a stored run's stream (support/run/run_folder.py finds it) through
the same report step (support/reporting/pipeline.py). The public API:

    request = RunRequest(flows=["checkout"], parallel=2, rerun_failed=1)
    run = Run(request)                 # nothing happens yet; run.run_id is known
    run.subscribe(callback)            # called with every event, in the run's thread
    run.start()                        # in a background thread (run.execute() blocks instead)
    for event, offset in run.follow(offset=0): ...   # the stored stream, from any byte offset
    run.cancel()                       # stops the workers, sweeps their data, ends with reason "cancelled"
    result = run.wait()                # RunResult: exit_code, reason, message, counts, paths

Every way a run ends - all passed (0), failures (1), a usage or configuration error (2), the
environment unreachable (3), cancelled - writes a RunFinished event when the run folder exists and
fires the ``jump_run_finished`` plugin hook with the exit code and the reason.
"""

from __future__ import annotations

import datetime as dt
import difflib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from data_factories.namespace import new_namespace, worker_namespace
from support.clients.transport import set_request_id_prefix
from support.config import FrameworkSettings, ensure_local_stack, resolve_auto
from support.config.snapshot import resolve_secrets
from support.contracts import gate as contract_gate
from support.errors import SelectionError, StackError
from support.gherkin.catalog import check_step_definitions
from support.plugins.builtin import register_enabled
from support.plugins.manager import hooks
from support.reporting import runtime
from support.reporting.api_timings import ApiTimings, of_run_folder
from support.reporting.pipeline import ReportPaths, build_reports
from support.reporting.run_info import git_commit
from support.results import CaseOutcome
from support.results.connect import has_history, history_off
from support.run import events as ev
from support.run import outcome, preflight, run_folder
from support.run.behave_runner import REPO, BehaveRun
from support.run.boundary import one_line
from support.run.engine import Engine, EngineResult
from support.run.exit_codes import ExitCode, exit_code_for
from support.run.selection import ScenarioRef, list_scenarios, parsed_scenarios, runnable
from support.run.settings_loader import load_for_cli
from support.run.sharding import shard

STEPS_DIR = REPO / "steps"
Say = Callable[[str], None]
REASON_OF_CODE: dict[int, ev.EndReason] = {0: "completed", 1: "test_failures", 2: "usage", 3: "unreachable", 130: "cancelled"}


class RunRequest(BaseModel):
    """What to run: the CLI's flags, and what the dashboard's form sends."""

    model_config = ConfigDict(frozen=True)

    env: str | None = None
    flows: list[str] = Field(default_factory=list)       # area folders (features/<flow>), feature files or tags
    tags: list[str] = Field(default_factory=list)        # behave tag expressions, ANDed
    locations: list[str] = Field(default_factory=list)   # feature paths or path:line
    overrides: dict[str, str] = Field(default_factory=dict)   # configuration KEY=VALUE
    parallel: int | None = Field(default=None, ge=1, le=64)
    rerun_failed: int = Field(default=0, ge=0, le=5)
    shard: tuple[int, int] | None = None                 # (index from 0, total); default from CI variables
    fail_fast: bool = False
    quiet: bool = True                                   # worker logs keep only behave's summary
    report: bool = True                                  # build the reports at the end
    history: bool = True                                 # record the run in the results database
    synthesize: bool = False                             # then the generated API tests (support/synthesis), same stream


class RunResult(BaseModel):
    run_id: str
    exit_code: int
    reason: ev.EndReason
    message: str = ""
    counts: dict[str, int] = Field(default_factory=dict)
    cases: list[CaseOutcome] = Field(default_factory=list)   # final status each, in the order they finished
    wall_s: float = 0.0
    report: str | None = None                           # the Allure site's index.html
    junit: str | None = None
    contract_breaking: int = 0
    api_over_budget: list[str] = Field(default_factory=list)   # operations whose p95 is over reporting.api_budget
    api_budget_fails: bool = False                             # ... and reporting.api_budget.fail_run made that fail the run
    api_budget_unmatched: list[str] = Field(default_factory=list)  # per-operation budgets no call of the run is named by


class Plan(BaseModel):
    """The selection after tags, environment and shard: what the workers will get."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    settings: FrameworkSettings
    refs: list[ScenarioRef]
    left_out: dict[str, int] = Field(default_factory=dict)
    matched: int = 0
    parallel: int = 1
    shard: tuple[int, int] = (0, 1)
    durations: dict[str, float] = Field(default_factory=dict)


# -- selection ------------------------------------------------------------------------------------
def known_areas() -> list[str]:
    return sorted(p.name for p in (REPO / "features").iterdir() if p.is_dir())


def _flow_selection(flow: list[str]) -> tuple[list[str], list[str]]:
    """--flow checkout -> features/checkout when that folder exists; --flow checkout/buying_tickets ->
    features/checkout/buying_tickets.feature when that file exists; else the tag @checkout."""
    paths, tags = [], []
    for name in flow:
        folder = REPO / "features" / name
        feature = folder.with_name(folder.name + ".feature")
        if folder.is_dir():
            paths.append(str(folder.relative_to(REPO)))
        elif "/" in name and feature.is_file():
            paths.append(str(feature.relative_to(REPO)))
        else:
            tags.append(f"@{name.lstrip('@')}")
    return paths, tags


def _check_flow_tags(flow_tags: list[str]) -> None:
    """A --flow that is neither a folder nor a tag any scenario carries: say which areas exist."""
    for tag in flow_tags:
        if not list_scenarios(["features"], [tag], REPO):
            areas = known_areas()
            near = difflib.get_close_matches(tag.lstrip("@"), areas, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise SelectionError(f"usage error: unknown --flow {tag.lstrip('@')!r}{hint}: no features/ folder and no "
                                 f"scenario tagged {tag}; known areas: {', '.join(areas)}")


def select(settings: FrameworkSettings, request: RunRequest) -> list[ScenarioRef]:
    paths, flow_tags = _flow_selection(request.flows)
    _check_flow_tags(flow_tags)
    paths += request.locations
    expressions = list(request.tags) + ([" or ".join(flow_tags)] if flow_tags else [])
    if settings.run.tags:
        expressions.append(settings.run.tags)
    return list_scenarios(paths or ["features"], expressions, REPO)  # FeatureFileError, SelectionError: exit 2


def durations(settings: FrameworkSettings) -> dict[str, float]:
    """Earlier runs' scenario durations for balancing; none (round robin) when the history is empty, down or off."""
    if not has_history(settings):
        return {}
    try:
        return outcome.history_store(settings).durations(before=settings.ci.pipeline_created_at)
    except Exception:  # noqa: BLE001 - balancing is an optimisation, never a reason to fail
        return {}


# -- the run --------------------------------------------------------------------------------------
class Run:
    """One run; see the module docstring for the API. Not reusable: one Run, one execution."""

    def __init__(self, request: RunRequest, *, say: Say | None = None, handlers: list[Any] | None = None) -> None:
        self.request = request
        self.say: Say = say or (lambda line: None)
        self.handlers = list(handlers or [])        # objects with handle(event): the CLI's progress line
        self._subscribers: list[Callable[[ev.Event], None]] = []
        self.run_id = run_folder.new_run_id()
        self.folder: Path | None = None              # reports/runs/<run_id>, made when the workers are about to start
        self.namespace = ""                          # the run's test-data namespace (workers: <namespace>-w<N>)
        self.settings: FrameworkSettings | None = None
        self.result: RunResult | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._started_at = dt.datetime.now(dt.UTC)
        self._api_timings = ApiTimings()  # filled when the run concludes

    # -- public API ------------------------------------------------------------------------------
    @property
    def events_file(self) -> Path | None:
        return self.folder / ev.EVENTS_FILE if self.folder else None

    def subscribe(self, callback: Callable[[ev.Event], None]) -> None:
        """``callback(event)`` for every event from now on (called in the run's thread: keep it short)."""
        self._subscribers.append(callback)

    def start(self) -> threading.Thread:
        """Executes in a background thread; :meth:`wait` returns its result."""
        self._thread = threading.Thread(target=self._execute_quietly, name=f"jump-run-{self.run_id}", daemon=True)
        self._thread.start()
        return self._thread

    def wait(self, timeout: float | None = None) -> RunResult | None:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.result

    def cancel(self) -> None:
        """Stops the workers (SIGTERM, then SIGKILL after 5 s); their data is swept before the run ends."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def follow(self, offset: int = 0, *, poll_s: float = 0.2) -> Iterator[tuple[ev.Event, int]]:
        """The stored stream from byte ``offset`` (0: the beginning), each event with the offset after it,
        until RunFinished. Waits for the run folder when the run has not got that far yet."""
        while self.folder is None and self.result is None:
            self._cancel.wait(poll_s)
        if self.folder is None:
            return
        yield from ev.follow(self.folder / ev.EVENTS_FILE, offset, poll_s=poll_s)

    def plan(self) -> Plan:
        """Settings, selection, environment filter and shard (what ``--dry-run`` prints); starts nothing (a local
        stack that is not running leaves the "auto" settings unresolved)."""
        return self._plan(start_stack=False)

    def execute(self) -> RunResult:
        """Runs to the end in this thread. Errors (2, 3) are raised after the run is recorded as finished."""
        try:
            return self._run()
        except BaseException as exc:
            if self.result is None:  # not recorded yet: say how it ended, then let the caller's boundary print it
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    code, reason = (exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130), "cancelled"
                else:
                    code = int(exit_code_for(exc))
                    reason = REASON_OF_CODE.get(code, "crashed")
                self._finish(reason, code, one_line(exc), None)  # type: ignore[arg-type]
            raise

    # -- the steps ---------------------------------------------------------------------------------
    def _execute_quietly(self) -> None:
        try:
            self.execute()
        except BaseException:  # noqa: BLE001 - recorded in self.result and the stream; the thread just ends
            pass

    def _plan(self, *, start_stack: bool) -> Plan:
        request = self.request
        settings = load_for_cli(request.env, request.overrides, resolve=False)
        workers = request.parallel or settings.run.parallel
        index, total = request.shard or settings.ci.shard
        matched = select(settings, request)
        # an ambiguous or undefined step: one error (exit 2), not a failure per scenario
        check_step_definitions(STEPS_DIR, parsed_scenarios(matched, REPO))
        if start_stack:
            if ensure_local_stack(settings):
                self.say("started the local stack (./jump stack:down stops it)")
            settings = resolve_auto(settings)
        else:
            try:
                settings = resolve_auto(settings)
            except StackError:
                pass
        refs, left_out = runnable(matched, settings)
        balance = durations(settings)
        refs = shard(refs, index, total, balance) if total > 1 else refs
        return Plan(settings=settings, refs=refs, left_out=left_out, matched=len(matched), parallel=workers,
                    shard=(index, total), durations=balance)

    def _run(self) -> RunResult:
        plan = self._plan(start_stack=True)
        self.settings = settings = plan.settings
        for reason, count in plan.left_out.items():
            self.say(f"left out {count} scenario(s): {reason}")
        index, total = plan.shard
        if plan.matched and not plan.refs and total == 1:  # e.g. production with no @production-safe scenario
            message = f"error: no runnable scenario: {plan.matched} selected, none can run in {settings.environment}"
            return self._finish("no_scenarios", int(ExitCode.TEST_FAILURES), message, None)
        if not plan.refs:  # an empty CI shard (more shards than scenarios) is fine; an empty selection is not
            if total > 1:
                return self._finish("completed", int(ExitCode.OK), f"shard {index + 1}/{total} holds no scenario", None)
            return self._finish("no_scenarios", int(ExitCode.TEST_FAILURES), "no scenario matches the selection", None)
        settings = self.settings = resolve_secrets(settings)
        run_namespace = new_namespace()
        # the preflight's sign-ins are filed under worker 0's namespace, whose end (or the sweep, if it
        # is killed) removes what the platform wrote about them (its audit log); then this process's
        # requests are filed as before (a dashboard or a pytest session runs several runs in one process)
        before = set_request_id_prefix(worker_namespace(run_namespace, 0))
        try:
            preflight.check(settings)  # PlatformUnreachable / DatabaseUnreachable: exit 3; CredentialsRefused: exit 2
        finally:
            set_request_id_prefix(before)
        if self.request.history and not has_history(settings):
            self.say(history_off(settings))  # once per run: the workers keep quiet about it
        self._sweep(settings)
        reports_root = REPO / settings.reporting.reports_dir
        self.folder = run_folder.create(reports_root, self.run_id)
        runtime.keep_contract(self.folder, settings)
        behave_run = BehaveRun(env=settings.environment, reports_dir=self.folder, settings=settings, quiet=self.request.quiet,
                               namespace=run_namespace)
        behave_run.work_dir.mkdir(parents=True, exist_ok=True)
        self.namespace = behave_run.namespace
        self._emit(runtime.run_started(settings, self.run_id, origin="jump", scenarios=len(plan.refs), parallel=plan.parallel,
                                       shard=f"{index + 1}/{total}", rerun_failed=self.request.rerun_failed))
        # pinned vs live contracts, before any scenario (PlatformUnreachable/ConfigError: exit 3/2)
        contracts = contract_gate.run(settings, self.say)
        self._emit(ev.ContractsChecked(check=contracts))
        engine = Engine(behave_run, parallel=plan.parallel, durations=plan.durations, sink=self._emit,
                        fail_fast=self.request.fail_fast, cancel=self._cancel)
        result = engine.execute(plan.refs, rerun_failed=self.request.rerun_failed)
        if self.request.synthesize and not result.stopped:
            self._synthesize(settings)
        if result.stopped and result.stopped[2] == "cancelled":
            self._sweep(settings)  # the stopped workers' rows: their namespaces' owners are gone now
        return self._conclude(result, contracts, plan)

    def _synthesize(self, settings: FrameworkSettings) -> None:
        """The generated API tests after the scenarios, into the same stream (docs/synthesis.md)."""
        from support.run.synthesis_commands import run_synthesis
        from support.synthesis.synthesize import SynthesisOptions

        assert self.folder is not None

        def announce(tests: int) -> None:   # the progress bar counts them like scenarios of a rerun
            for handler in self.handlers:
                if hasattr(handler, "add"):
                    handler.add(tests, "generated API tests")

        run_synthesis(settings, SynthesisOptions(), self.folder, self._emit, self.say, announce)

    def _conclude(self, result: EngineResult, contracts: contract_gate.ContractCheck, plan: Plan) -> RunResult:
        assert self.folder is not None and self.settings is not None
        folded = outcome.fold(ev.read_all(self.folder / ev.EVENTS_FILE))
        cases = outcome.cases(folded)
        self._api_timings = of_run_folder(folded, self.folder)  # response times per operation and their budget
        failed = any(c.status == "failed" for c in cases) or contracts.failed  # breaking drift fails the run
        if result.stopped:
            code, message, reason = int(result.stopped[0]), result.stopped[1], result.stopped[2]
        else:
            over_budget = self._api_timings.fails_run  # reporting.api_budget.fail_run: a slow API fails the run
            code = int(ExitCode.TEST_FAILURES if failed or over_budget else ExitCode.OK)
            reason = "test_failures" if failed or over_budget else "completed"
            message = "" if failed or not over_budget else "API response times over the p95 budget (reporting.api_budget.fail_run)"
        if self.request.history:
            record = outcome.make_record(self.settings, cases, started=self._started_at, shard=plan.shard, parallel=plan.parallel,
                                         exit_code=code, run_id=self.run_id,  # the dashboard links the two
                                         api_timings=self._api_timings)
            outcome.record_history(self.settings, record, quiet=result.stopped is not None)
        paths = None
        if self.request.report and not result.stopped:
            paths = self._reports()
        return self._finish(reason, code, message, paths, contract_breaking=len(contracts.breaking))

    def _reports(self) -> ReportPaths | None:
        assert self.folder is not None and self.settings is not None
        history = REPO / self.settings.reporting.reports_dir / run_folder.HISTORY
        return build_reports(self.settings, self.folder, history_dir=history)  # ReportError: its line, exit 1

    def _sweep(self, settings: FrameworkSettings) -> None:
        """Removes what interrupted runs of this environment left, and says so (read-only: nothing)."""
        if settings.run.read_only:
            return
        from data_factories.sweep import describe, survey
        from support.run.db_commands import open_databases
        from support.run.request_sender import SweepSender

        databases, sender = open_databases(settings), SweepSender(settings)
        try:
            line = describe(survey(databases, send=sender))
        finally:
            sender.close()
            databases.close()
        if line:
            self.say(line)

    def _emit(self, event: ev.Event) -> None:
        with self._lock:  # the engine's thread and a cancel from another thread never interleave lines
            if self.folder is not None:
                ev.append(self.folder / ev.EVENTS_FILE, event)
            for handler in self.handlers:
                handler.handle(event)
            for callback in list(self._subscribers):
                callback(event)

    def _finish(self, reason: ev.EndReason, code: int, message: str, paths: ReportPaths | None,
                contract_breaking: int = 0) -> RunResult:
        """The one end of every run: RunFinished in the stream, the result, and the jump_run_finished hook."""
        folded = outcome.fold(ev.read_all(self.folder / ev.EVENTS_FILE)) if self.folder else outcome.Folded()
        cases = outcome.cases(folded)
        counts = outcome.counts(cases)
        if self.cancelled and reason != "usage":
            reason = "cancelled"
        self._emit(ev.RunFinished(reason=reason, exit_code=code, message=message, counts=counts))
        wall_s = (dt.datetime.now(dt.UTC) - self._started_at).total_seconds()
        self.result = RunResult(run_id=self.run_id, exit_code=code, reason=reason, message=message, counts=counts, cases=cases,
                                wall_s=wall_s, report=str(paths.allure_index) if paths and paths.allure_index else None,
                                junit=str(paths.junit) if paths else None, contract_breaking=contract_breaking,
                                api_over_budget=[op.line() for op in self._api_timings.over_budget],
                                api_budget_fails=self._api_timings.fails_run,
                                api_budget_unmatched=self._api_timings.unmatched_lines())
        self._notify_plugins(self.result)
        return self.result

    def _notify_plugins(self, result: RunResult) -> None:
        """jump_run_finished, on every ending; a plugin's failure never changes the run's result."""
        try:
            if self.settings is not None:
                register_enabled(self.settings)
            index, total = self.request.shard or ((self.settings.ci.shard) if self.settings else (0, 1))
            hooks().jump_run_finished(summary={
                **result.counts, "total": len(result.cases), "wall_s": result.wall_s, "shard": f"{index + 1}/{total}",
                "parallel": self.request.parallel or (self.settings.run.parallel if self.settings else 1),
                "exit_code": result.exit_code, "reason": result.reason, "message": result.message,
                "report": result.report, "junit": result.junit, "run_id": result.run_id,
                "git_commit": git_commit(self.settings) if self.settings else "",
                "failed_scenarios": [f"{c.feature} :: {c.name}" for c in result.cases if c.status == "failed"],
            })
        except Exception as exc:  # noqa: BLE001 - reported, the run's own result stands
            self.say(f"warning: a jump_run_finished plugin failed: {one_line(exc)}")
