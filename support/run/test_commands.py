"""./jump test:run: the flags of a run, handed to the Run object (support/run/run.py), which selects,
shards, runs the workers and builds the reports; this module only prints.

Exit codes (support/run/exit_codes.py, docs/cli.md): 0 all passed, 1 test failures (a flaky
scenario is not a failure, but it is reported), 2 usage or configuration, 3 environment unreachable.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from support import dashboard
from support.errors import UsageError
from support.results.connect import has_history
from support.run.progress import RunProgress
from support.run.run import Plan, Run, RunRequest, RunResult
from support.run.sharding import parse_shard, partition

console = Console(highlight=False, soft_wrap=True)


def _usage(message: str) -> NoReturn:
    raise UsageError(f"usage error: {message}")


def _print_plan(plan: Plan) -> None:
    table = Table(title=f"{len(plan.refs)} scenario(s) selected", show_edge=False)
    for column in ("worker", "location", "feature", "scenario"):
        table.add_column(column)
    serial = [r for r in plan.refs if r.serial]
    rest = [r for r in plan.refs if not r.serial]
    for ref in serial:
        table.add_row("serial", ref.location, ref.feature, ref.name)
    for number, part in enumerate(partition(rest, max(min(plan.parallel, len(rest)), 1), plan.durations), start=1):
        for ref in part:
            table.add_row(f"w{number}", ref.location, ref.feature, ref.name)
    console.print(table)


def print_summary(result: RunResult, *, history: bool = True) -> None:
    """The table after a run, then each failed and flaky scenario;
    the dashboard's address when the run was recorded (``history``) for it to show."""
    cases, count = result.cases, result.counts
    table = Table(title="Jump acceptance run", show_edge=False)
    for column in ("scenarios", "passed", "failed", "flaky", "skipped", "retries", "wall time"):
        table.add_column(column, justify="right")
    failed, flaky = count.get("failed", 0), count.get("flaky", 0)
    table.add_row(str(len(cases)), f"[green]{count.get('passed', 0)}[/green]", f"[red]{failed}[/red]" if failed else "0",
                  f"[yellow]{flaky}[/yellow]" if flaky else "0", str(count.get("skipped", 0)),
                  str(sum(c.retries for c in cases)), f"{result.wall_s:.1f}s")
    console.print(table)
    for case in cases:
        if case.status == "failed":
            console.print(f"[red]FAILED[/red] {case.location} {case.feature} :: {case.name}: {case.error[:200]}")
        elif case.status == "flaky":
            console.print(f"[yellow]FLAKY[/yellow] {case.location} {case.feature} :: {case.name}: passed on attempt {case.attempts}")
    for line in result.api_over_budget:  # reporting.api_budget: a warning, or a failure with fail_run
        colour = "red" if result.api_budget_fails else "yellow"
        console.print(f"[{colour}]OVER BUDGET[/{colour}] {escape(line)}")
    for line in result.api_budget_unmatched:  # a budget key no call is named by guards nothing: say so
        console.print(f"[yellow]NO SUCH OPERATION[/yellow] {escape(line)}")
    if result.api_over_budget and result.api_budget_fails:
        console.print("[red]the API response times fail this run[/red] (reporting.api_budget.fail_run)")
    if result.report is not None:
        console.print(f"report: {result.report}")
    if history:
        console.print(f"dashboard: {dashboard.COMMAND}  ->  {dashboard.DEFAULT_URL}  (this run, its trends and coverage)")


def register(app: typer.Typer) -> None:
    @app.command("test:run")
    def test_run(
        locations: list[str] = typer.Argument(None, metavar="PATH", show_default=False,
                                              help="A feature file, a folder or file.feature:LINE (behave's form); repeatable; default: features/."),
        env: str | None = typer.Option(None, "--env", help="Environment: local, integration, staging, production."),
        flow: list[str] = typer.Option([], "--flow", help="Business area folder (features/<flow>) or tag; repeatable."),
        tags: list[str] = typer.Option([], "--tags", help="behave tag expression, e.g. '@checkout and not @slow'; repeatable (ANDed)."),
        define: list[str] = typer.Option([], "--set", "-D", metavar="KEY=VALUE", help="Configuration override for this run; repeatable."),
        parallel: int | None = typer.Option(None, "--parallel", "-p",
                                               help="Worker processes (1-64); scenarios are spread over them (default: run.parallel)."),
        shard_spec: str | None = typer.Option(None, "--shard", metavar="I/N",
                                                 help="Run slice I of N (CI jobs); default from CI_NODE_INDEX/CI_NODE_TOTAL."),
        rerun_failed: int = typer.Option(0, "--rerun-failed", metavar="K",
                                         help="Rerun failed scenarios up to K times (0-5); passing on a rerun is reported FLAKY."),
        dry_run: bool = typer.Option(False, "--dry-run", help="List the selected scenarios and their workers; run nothing."),
        quiet: bool = typer.Option(False, "--quiet", help="Worker logs (reports/runs/<run>/workers/<worker>/behave.log) keep only behave's summary."),
        report: bool = typer.Option(True, "--report/--no-report", help="Build every report from the run's event stream afterwards (--no-report: ./jump test:report builds them later)."),
        history: bool = typer.Option(True, "--history/--no-history", help="Record the run in the results database."),
        fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first failed scenario (exit 1; no reruns)."),
        synthesize: bool = typer.Option(False, "--synthesize",
                                        help="Then run the generated API tests (./jump test:synthesize's defaults) into the same report."),
    ) -> None:
        """Run the acceptance journeys over worker processes, then report, record and summarise.

        Exit codes: 0 all passed, 1 test failures, 2 usage or configuration error, 3 environment unreachable.
        """
        bad = [item for item in define if "=" not in item]
        if bad:
            _usage(f"--set expects KEY=VALUE, got {bad[0]!r}")
        if parallel is not None and not 1 <= parallel <= 64:
            _usage(f"--parallel expects 1 to 64 workers, got {parallel}")
        if not 0 <= rerun_failed <= 5:
            _usage(f"--rerun-failed expects 0 to 5, got {rerun_failed}")
        request = RunRequest(env=env, flows=flow, tags=tags, locations=locations or [],
                             overrides=dict(item.split("=", 1) for item in define), parallel=parallel,
                             rerun_failed=rerun_failed, shard=parse_shard(shard_spec) if shard_spec else None,
                             fail_fast=fail_fast, quiet=quiet, report=report, history=history, synthesize=synthesize)
        say = lambda line: console.print(line, markup=False)  # noqa: E731
        if dry_run:
            for reason, count in (plan := Run(request, say=say).plan()).left_out.items():
                say(f"left out {count} scenario(s): {reason}")
            _print_plan(plan)
            return
        # a cancelled CI job sends SIGTERM: exit through the run's clean-up, which stops the workers
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
        with RunProgress(console) as progress:
            run = Run(request, say=say, handlers=[progress])
            result = run.execute()  # errors: their line and code at the boundary
        if result.reason in ("no_scenarios", "completed") and not result.cases:
            console.print(result.message, markup=False) if result.exit_code == 0 else typer.echo(result.message, err=True)
            raise typer.Exit(result.exit_code)
        if result.reason in ("unreachable", "usage", "fail_fast", "cancelled", "crashed"):
            typer.echo(result.message, err=True)
            raise typer.Exit(result.exit_code)
        print_summary(result, history=run.settings is not None and has_history(run.settings))
        if result.contract_breaking:
            console.print(f"contract drift: {result.contract_breaking} breaking change(s) fail this run (listed above and "
                          "in the report's 'Contract drift' category)", markup=False)
        raise typer.Exit(result.exit_code)
