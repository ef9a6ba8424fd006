"""behave's hooks: the run's set-up and tear-down, and one typed ScenarioState per scenario.

environment.py imports these names and nothing else. A worker that cannot start stops with one
line and the documented exit code (support.run.boundary: configuration 2, unreachable 3), never a
stack trace, and tells the parent why (a WorkerFailed event in its stream).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from behave import step_registry
from behave.model import Scenario, Step

from data_factories import Registry
from data_factories import session as factory_session
from data_factories.namespace import new_namespace
from data_factories.sweep import describe, survey
from support.clients.masking import configure_pii
from support.clients.transport import set_request_id_prefix
from support.config import FrameworkSettings, MaskingFilter, ensure_local_stack, load_settings, mask, resolve_auto
from support.config.snapshot import resolve_secrets
from support.config.snapshot import take as take_snapshot
from support.contracts import gate as contract_gate
from support.gherkin.undefined import check_defined, selected_scenarios
from support.journeys.api import send_recorded
from support.plugins.manager import hooks, plugin_manager
from support.reconciliation import scenario_check as stored_state
from support.reporting import runtime as reporting
from support.reporting.allure_plugin import AllureReporter
from support.run import events as ev
from support.run import run_folder
from support.run.boundary import one_line, report
from support.run.exit_codes import ExitCode, exit_code_for
from support.run.selection import skip_reason
from support.run.worker_stream import StreamWriter, is_unreachable
from support.session import PlatformSession
from support.state import ScenarioState

log = logging.getLogger("jump")
REPO = Path(__file__).resolve().parents[1]


@dataclass
class RunContext:
    settings: FrameworkSettings
    session: PlatformSession
    registry: Registry
    events: StreamWriter                # the result stream: the run's events.jsonl, or the parent's worker file
    plain: bool = False                 # a plain `behave` run: no ./jump test:run parent (it ends its own stream)
    unreachable: str | None = None      # why the run was stopped early (exit 3)
    contract_drift: str | None = None   # breaking drift found by a plain behave run's gate (exit 1 at the end)
    stopped_by: BaseException | None = None  # the error behind it: its exit code comes from exit_codes
    short_ttl_session: PlatformSession | None = None  # GraphQL on the short-lock-TTL platform, made on first use

    def session_for(self, tags: set[str]) -> PlatformSession:
        """The run's session; for @needs-short-lock-ttl, one whose GraphQL calls go to the platform with a
        short seat-lock TTL, when the environment has one (same databases, same accounts and tokens)."""
        url = self.settings.platform.short_lock_ttl_graphql_url
        if "needs-short-lock-ttl" not in tags or not url:
            return self.session
        if self.short_ttl_session is None:
            self.short_ttl_session = self.session.with_graphql_at(url)
        return self.short_ttl_session


def _stop(code: ExitCode, message: str) -> NoReturn:
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(int(code))


def _logs_reach_console() -> bool:
    """Whether a warning of the "jump" logger already lands on stderr, so the swept line is not printed twice.

    With no handler configured (plain behave) logging's last-resort handler writes warnings to stderr.
    """
    if not log.hasHandlers():
        return logging.lastResort is not None
    logger: logging.Logger | None = log
    while logger is not None:
        if any(isinstance(h, logging.StreamHandler) and getattr(h, "stream", None) in (sys.stderr, sys.__stderr__)
               for h in logger.handlers):
            return True
        logger = logger.parent if logger.propagate else None
    return False


def _settings(userdata: dict[str, str]) -> FrameworkSettings:
    """A worker's settings: the parent's snapshot (resolved once, secrets included), never re-read.

    A plain ``behave`` run has no parent: it loads them itself (-D env=staging picks the
    environment, -D run.retry.max_attempts=6 overrides one key) and starts the local stack as an
    explicit step when the environment asks for it.
    """
    snapshot = take_snapshot()
    if snapshot is not None:
        return snapshot
    overrides = {k: v for k, v in userdata.items() if "." in k}
    settings = load_settings(userdata.get("env"), overrides or None)
    ensure_local_stack(settings)
    return resolve_secrets(resolve_auto(settings))


def before_all(context: Any) -> None:
    logging.getLogger().addFilter(MaskingFilter())
    given = run_folder.current()  # a worker of ./jump test:run is started with its run's folder
    events = StreamWriter.for_worker(given, REPO, reporting.tables_of_entities()) if given is not None else None
    try:
        runner = getattr(context, "_runner", None)
        if events is None and runner is not None:  # plain behave (./jump test:run checked in the parent)
            registry = getattr(runner, "step_registry", None) or step_registry.registry
            check_defined(registry, selected_scenarios(runner.features, context.config), REPO)
        settings = _settings(dict(context.config.userdata))
        configure_pii(settings.reporting.mask_pii)  # before anything is logged or attached
        # a plain behave run gets a run folder too, without moving reports/latest off the last full run
        folder = run_folder.adopt(REPO / settings.reporting.reports_dir, repoint=False)
        namespace = os.environ.get("JUMP_NAMESPACE") or new_namespace()
        set_request_id_prefix(namespace)  # from the first request on: rows the platform files under a request id are ours too
        session = PlatformSession.open(settings)
        # a read-only environment deletes nothing, so it does not sweep (./jump data:sweep refuses there too)
        send = functools.partial(send_recorded, session)  # a killed run's API deletes, as their roles
        swept = [] if settings.run.read_only else survey(session.databases, send=send)
        registry = Registry.open(session.databases, namespace, send=send)
        plain = events is None
        if events is None:  # a plain `behave` run: it writes the run's stream itself, from RunStarted to RunFinished
            events = StreamWriter(folder / ev.EVENTS_FILE, "", folder, REPO, reporting.tables_of_entities())
            reporting.keep_contract(folder, settings)
            events.emit(reporting.run_started(settings, folder.name))
            contracts = contract_gate.run(settings, lambda line: print(line, file=sys.stderr, flush=True))
            events.emit(ev.ContractsChecked(check=contracts))
    except Exception as exc:  # noqa: BLE001 - the worker's boundary: one line, the documented code
        code = report(exc)
        if events is not None:  # the parent ends the run with this reason, not "0 passed"
            events.worker_failed("could_not_start", int(code), one_line(exc))
        raise SystemExit(int(code)) from None
    swept_line = describe(swept)
    if swept_line:  # on the console, not only in the log: someone's interrupted run just lost its data
        if not _logs_reach_console():
            print(swept_line, file=sys.stderr, flush=True)
        log.warning(swept_line)
    registry.start_heartbeat()
    factory_session.bind(session.databases, registry)
    if plugin_manager().get_plugin("allure") is None:
        plugin_manager().register(AllureReporter(), name="allure")
    reporting.start_run(events)  # the stream hears exchanges, data and attachments; per-step log capture
    stored_state.install()  # reads the platform's answers about orders for the after-scenario check
    context.run = RunContext(settings, session, registry, events, plain=plain)
    if plain and contracts.failed:
        context.run.contract_drift = f"contract drift: {len(contracts.breaking)} breaking change(s), listed above"
    hooks().jump_run_started(settings=settings, namespace=registry.namespace)


def before_scenario(context: Any, scenario: Scenario) -> None:
    run: RunContext = context.run
    run.events.scenario_started(scenario)
    reason = skip_reason(run.settings, set(scenario.effective_tags))
    if reason:
        scenario.skip(reason)
        return
    scoped = run.registry.scoped(f"scenario-{uuid.uuid4().hex[:12]}")
    factory = factory_session.current()
    factory.registry = scoped
    context.state = ScenarioState(session=run.session_for(set(scenario.effective_tags)), registry=scoped)

    def clean_up() -> None:
        factory.registry = run.registry
        for problem in context.state.run_after_scenario():  # deletes through the API first, then the rows registered
            log.warning("after-scenario request of %s failed: %s", scenario.name, problem)
        report = scoped.cleanup()
        log.debug("cleanup of %s: %s", scenario.name, report)

    context.add_cleanup(clean_up)


def before_step(context: Any, step: Step) -> None:
    reporting.start_step()
    run: RunContext | None = getattr(context, "run", None)
    if run is not None:
        run.events.step_started()


def after_step(context: Any, step: Step) -> None:
    reporting.end_step(step)  # attaches the step's masked log when it failed
    if step.status == "failed" and step.error_message:
        log.info("step failed: %s", step.name)
    error = getattr(step, "exception", None)
    run: RunContext | None = getattr(context, "run", None)
    if run is not None and is_unreachable(error):
        # stop now: every later scenario would only wait for its own timeout (exit 3, not 1)
        run.unreachable = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
        run.stopped_by = error
        run.events.worker_failed("unreachable", int(ExitCode.UNREACHABLE), run.unreachable)
        context.abort(reason=run.unreachable)
    if run is not None:
        run.events.step_finished(step)


def after_scenario(context: Any, scenario: Scenario) -> None:
    # before the cleanup (it runs after this hook) and before anyone reads the scenario's status:
    # a mismatch is added as a failed step, so the stream (and so Allure and JUnit) sees a failure
    stored_state_failure = stored_state.check_after_scenario(context, scenario)
    hooks().jump_scenario_finished(
        feature=scenario.feature.name, scenario=scenario.name, status=scenario.status.name,
        duration_s=float(scenario.duration or 0.0), tags=list(scenario.effective_tags),
    )
    run: RunContext | None = getattr(context, "run", None)
    if run is not None:
        run.events.scenario_finished(scenario)
    if stored_state_failure is not None:
        raise stored_state_failure  # behave's verdict too: HOOK-ERROR line, exit code 1


def after_all(context: Any) -> None:
    run: RunContext | None = getattr(context, "run", None)
    if run is None:
        return
    try:
        run.registry.cleanup_all()
    except Exception as exc:  # noqa: BLE001 - a database that went away: the next run's sweep cleans up
        if run.unreachable is None:
            raise
        log.warning("cleanup skipped, %s: %s", run.unreachable, exc)
    finally:
        run.registry.close()
        factory_session.unbind()
        run.session.close()
        if run.short_ttl_session is not None:
            run.short_ttl_session.graphql.transport.close()  # the rest of it is the run's session
    if run.unreachable is not None:
        code = exit_code_for(run.stopped_by) if run.stopped_by is not None else ExitCode.UNREACHABLE
        line = mask(f"error: environment unreachable, run stopped: {run.unreachable}")
        _end_plain_run(run, "unreachable", int(code), line)
        _stop(code, line)
    if run.contract_drift is not None:
        _end_plain_run(run, "test_failures", int(ExitCode.TEST_FAILURES), run.contract_drift)
        _stop(ExitCode.TEST_FAILURES, run.contract_drift)
    failed = run.events.counts.get("failed", 0)
    _end_plain_run(run, "test_failures" if failed else "completed", int(ExitCode.TEST_FAILURES if failed else ExitCode.OK), "")


def _end_plain_run(run: RunContext, reason: ev.EndReason, code: int, message: str) -> None:
    """A plain behave run closes its own stream; ./jump test:report --run <id> builds its reports."""
    if not run.plain:
        return
    run.events.emit(ev.RunFinished(reason=reason, exit_code=code, message=message, counts=dict(run.events.counts)))
    folder = run_folder.current()
    # past behave's capture of hook output: this line is for the person who ran behave
    print(f"results: {folder} (reports: ./jump test:report --run {folder.name if folder else ''})", file=sys.__stderr__, flush=True)
