"""./jump test:run: select, shard, run over workers, merge, record, report (test:report: report_commands.py).

Exit codes (support/run/exit_codes.py, docs/cli.md): 0 all passed, 1 test failures (a flaky
scenario is not a failure, but it is reported), 2 usage or configuration, 3 environment unreachable.
"""

from __future__ import annotations

import datetime as dt
import difflib
import signal
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.table import Table

from data_factories.sweep import describe, survey
from support.config import FrameworkSettings, ensure_local_stack, resolve_auto
from support.config.snapshot import resolve_secrets
from support.contracts import gate as contract_gate
from support.errors import SelectionError, StackError, UsageError
from support.gherkin.catalog import check_step_definitions
from support.plugins.builtin import register_enabled
from support.plugins.manager import hooks
from support.reporting.pipeline import build_reports
from support.run import outcome, preflight, run_folder
from support.run.behave_runner import REPO, BehaveRun, fresh_results
from support.run.db_commands import open_databases
from support.run.engine import Engine
from support.run.exit_codes import ExitCode
from support.run.merge import merge_junit, tidy_allure
from support.run.progress import RunProgress
from support.run.selection import ScenarioRef, list_scenarios, parsed_scenarios, runnable
from support.run.settings_loader import load_for_cli
from support.run.sharding import parse_shard, partition, shard

console = Console(highlight=False, soft_wrap=True)
STEPS_DIR = REPO / "steps"


def _usage(message: str) -> NoReturn:
    raise UsageError(f"usage error: {message}")


def _selection(flow: list[str]) -> tuple[list[str], list[str]]:
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


def _resolved_if_running(settings: FrameworkSettings) -> FrameworkSettings:
    """A dry run starts nothing: "auto" is resolved when the local stack runs (for durations), else left."""
    try:
        return resolve_auto(settings)
    except StackError:
        return settings


def _durations(settings: FrameworkSettings) -> dict[str, float]:
    """Earlier runs' scenario durations for balancing; none (round robin) when the history is empty or down."""
    try:
        return outcome.history_store(settings).durations(before=settings.ci.pipeline_created_at)
    except Exception:  # noqa: BLE001 - balancing is an optimisation, never a reason to fail
        return {}


def _known_areas() -> list[str]:
    return sorted(p.name for p in (REPO / "features").iterdir() if p.is_dir())


def _check_flow_tags(flow_tags: list[str]) -> None:
    """A --flow that is neither a folder nor a tag any scenario carries: say which areas exist."""
    for tag in flow_tags:
        if not list_scenarios(["features"], [tag], REPO):
            areas = _known_areas()
            near = difflib.get_close_matches(tag.lstrip("@"), areas, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise SelectionError(f"usage error: unknown --flow {tag.lstrip('@')!r}{hint}: no features/ folder and no "
                                 f"scenario tagged {tag}; known areas: {', '.join(areas)}")


def _select(settings: FrameworkSettings, flow: list[str], tags: list[str], locations: list[str]) -> list[ScenarioRef]:
    paths, flow_tags = _selection(flow)
    _check_flow_tags(flow_tags)
    paths += locations
    expressions = list(tags) + ([" or ".join(flow_tags)] if flow_tags else [])
    if settings.run.tags:
        expressions.append(settings.run.tags)
    return list_scenarios(paths or ["features"], expressions, REPO)  # FeatureFileError, SelectionError: exit 2


def _print_plan(refs: list[ScenarioRef], parallel: int, durations: dict[str, float]) -> None:
    table = Table(title=f"{len(refs)} scenario(s) selected", show_edge=False)
    for column in ("worker", "location", "feature", "scenario"):
        table.add_column(column)
    serial = [r for r in refs if r.serial]
    rest = [r for r in refs if not r.serial]
    for ref in serial:
        table.add_row("serial", ref.location, ref.feature, ref.name)
    for number, part in enumerate(partition(rest, max(min(parallel, len(rest)), 1), durations), start=1):
        for ref in part:
            table.add_row(f"w{number}", ref.location, ref.feature, ref.name)
    console.print(table)


def _sweep_before_run(settings: FrameworkSettings) -> None:
    """Removes what interrupted runs of this environment left, once, and says so (read-only: nothing)."""
    if settings.run.read_only:
        return
    databases = open_databases(settings)
    try:
        line = describe(survey(databases))
    finally:
        databases.close()
    if line:
        console.print(line, markup=False)


def _render_report(settings: FrameworkSettings, run: BehaveRun) -> Path | None:
    """The one place test:run builds the reports: the reporting pipeline (Allure site, coverage, failures)."""
    history = REPO / settings.reporting.reports_dir / run_folder.HISTORY
    return build_reports(settings, run.reports_dir, history_dir=history).allure_index


def register(app: typer.Typer) -> None:
    @app.command("test:run")
    def test_run(
        locations: list[str] = typer.Argument(None, metavar="PATH", show_default=False,
                                              help="A feature file, a folder or file.feature:LINE (behave's form); repeatable; default: features/."),
        env: str | None = typer.Option(None, "--env", help="Environment: local, integration, staging, production."),
        flow: list[str] = typer.Option([], "--flow", help="Business area folder (features/<flow>) or tag; repeatable."),
        tags: list[str] = typer.Option([], "--tags", help="behave tag expression, e.g. '@checkout and not @slow'; repeatable (ANDed)."),
        define: list[str] = typer.Option([], "--set", "-D", help="Configuration override KEY=VALUE for this run; repeatable."),
        parallel: int | None = typer.Option(None, "--parallel", "-p",
                                               help="Worker processes (1-64); scenarios are spread over them (default: run.parallel)."),
        shard_spec: str | None = typer.Option(None, "--shard", metavar="I/N",
                                                 help="Run slice I of N (CI jobs); default from CI_NODE_INDEX/CI_NODE_TOTAL."),
        rerun_failed: int = typer.Option(0, "--rerun-failed", metavar="K",
                                         help="Rerun failed scenarios up to K times (0-5); passing on a rerun is reported FLAKY."),
        dry_run: bool = typer.Option(False, "--dry-run", help="List the selected scenarios and their workers; run nothing."),
        quiet: bool = typer.Option(False, "--quiet", help="Worker logs (reports/runs/<run>/workers/<worker>/behave.log) keep only behave's summary."),
        report: bool = typer.Option(True, "--report/--no-report", help="Render the Allure HTML report afterwards."),
        history: bool = typer.Option(True, "--history/--no-history", help="Record the run in the results database."),
        fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first failed scenario (exit 1; no reruns)."),
    ) -> None:
        """Run the acceptance journeys over worker processes, then report, record and summarise.

        Exit codes: 0 all passed, 1 test failures, 2 usage or configuration error, 3 environment unreachable.
        """
        bad = [item for item in define if "=" not in item]
        if bad:
            _usage(f"--set expects KEY=VALUE, got {bad[0]!r}")
        overrides = dict(item.split("=", 1) for item in define)
        if parallel is not None and not 1 <= parallel <= 64:
            _usage(f"--parallel expects 1 to 64 workers, got {parallel}")
        if not 0 <= rerun_failed <= 5:
            _usage(f"--rerun-failed expects 0 to 5, got {rerun_failed}")
        requested_shard = parse_shard(shard_spec) if shard_spec else None
        # settings are resolved ONCE here (secrets included) and handed to the workers in their
        # environment; the local stack is started by its own explicit step, never by resolving
        settings = load_for_cli(env, overrides, resolve=False)
        workers = parallel or settings.run.parallel
        index, total = requested_shard or settings.ci.shard
        matched = _select(settings, flow, tags, locations or [])
        # an ambiguous or undefined step: one error (exit 2), not a failure per scenario
        check_step_definitions(STEPS_DIR, parsed_scenarios(matched, REPO))
        if dry_run:
            settings = _resolved_if_running(settings)
        else:
            if ensure_local_stack(settings):
                console.print("started the local stack (./jump stack:down stops it)")
            settings = resolve_auto(settings)
        refs, left_out = runnable(matched, settings)
        for reason, count in left_out.items():
            console.print(f"left out {count} scenario(s): {reason}")
        if matched and not refs:  # e.g. production with no @production-safe scenario: a run that tests nothing fails
            typer.echo(f"error: no runnable scenario: {len(matched)} selected, none can run in {settings.environment}", err=True)
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
        durations = _durations(settings)
        refs = shard(refs, index, total, durations) if total > 1 else refs
        if dry_run:
            _print_plan(refs, workers, durations)
            return
        if not refs:  # an empty CI shard (more shards than scenarios) is fine; an empty selection is not
            console.print(f"shard {index + 1}/{total} holds no scenario" if total > 1 else "no scenario matches the selection")
            raise typer.Exit(int(ExitCode.OK if total > 1 else ExitCode.TEST_FAILURES))
        settings = resolve_secrets(settings)
        preflight.check(settings)  # PlatformUnreachable / DatabaseUnreachable: exit 3; CredentialsRefused: exit 2
        _sweep_before_run(settings)
        reports_root = REPO / settings.reporting.reports_dir
        run = BehaveRun(env=settings.environment, reports_dir=run_folder.create(reports_root), settings=settings, quiet=quiet)
        fresh_results(run)
        # pinned vs live contracts, before any scenario: its own report entry (PlatformUnreachable/ConfigError: exit 3/2)
        contracts = contract_gate.run(settings, run.allure_results, lambda line: console.print(line, markup=False))
        started = dt.datetime.now(dt.UTC)
        # a cancelled CI job sends SIGTERM: exit through the engine's clean-up, which stops the workers
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
        with RunProgress(console, len(refs)) as progress:
            result = Engine(run, parallel=workers, durations=durations, progress=progress,
                            fail_fast=fail_fast).execute(refs, rerun_failed=rerun_failed)
        cases = outcome.cases(result, REPO)
        flaky = {(c.feature, c.name) for c in cases if c.status == "flaky"}
        try:
            merge_junit(result.jobs, outcome.decided_by(result, REPO), flaky, run.junit_dir, prefix=f"s{index + 1}-" if total > 1 else "")
            tidy_allure(run.allure_results, {(ref.feature, ref.name) for ref in refs}, flaky)
        except Exception:  # noqa: BLE001 - after a stop, workers were killed mid-write: exit 3 still says why
            if not result.stopped:
                raise
        failed = any(c.status == "failed" for c in cases) or contracts.failed  # breaking drift fails the run
        code = int(result.stopped[0]) if result.stopped else int(ExitCode.TEST_FAILURES if failed else ExitCode.OK)
        record = outcome.make_record(settings, cases, started=started, shard=(index, total), parallel=workers, exit_code=code, cwd=REPO)
        if history:
            outcome.record_history(settings, record, quiet=result.stopped is not None)
        if result.stopped:
            typer.echo(result.stopped[1], err=True)
            raise typer.Exit(code)
        index_html = None
        if report:
            index_html = _render_report(settings, run)  # ReportError: its line and exit 1 at the boundary
        outcome.print_summary(console, record, index_html)
        if contracts.failed:
            console.print(f"contract drift: {len(contracts.breaking)} breaking change(s) fail this run (listed above and "
                          "in the report's 'Contract drift' category)", markup=False)
        register_enabled(settings)
        hooks().jump_run_finished(summary={
            **{status: record.count(status) for status in ("passed", "failed", "flaky", "skipped")},
            "total": len(record.cases), "wall_s": record.wall_s, "shard": record.shard, "parallel": workers,
            "exit_code": code, "report": str(index_html) if index_html else None, "junit": str(run.junit_dir),
            "git_commit": record.git_commit,
            "failed_scenarios": [f"{c.feature} :: {c.name}" for c in record.cases if c.status == "failed"],
        })
        raise typer.Exit(code)
