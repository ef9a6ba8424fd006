"""./jump test:run and test:report: run the journeys, render the report, print the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from support.reporting.allure_cli import ReportError, render
from support.reporting.junit import RunSummary, read_junit
from support.run.behave_runner import REPO, BehaveRun, fresh_results, run_behave
from support.run.exit_codes import ExitCode
from support.run.settings_loader import load_for_cli

console = Console(highlight=False, soft_wrap=True)
HOOK_EXITS = {int(ExitCode.USAGE), int(ExitCode.UNREACHABLE)}


def _selection(flow: list[str]) -> tuple[list[str], list[str]]:
    """--flow checkout -> features/checkout when that folder exists, else the tag @checkout."""
    paths, tags = [], []
    for name in flow:
        folder = REPO / "features" / name
        if folder.is_dir():
            paths.append(str(folder.relative_to(REPO)))
        else:
            tags.append(f"@{name.lstrip('@')}")
    return paths, tags


def _print_summary(summary: RunSummary, report: Path | None) -> None:
    table = Table(title="Jump acceptance run", show_edge=False)
    for column in ("scenarios", "passed", "failed", "skipped", "duration"):
        table.add_column(column, justify="right")
    table.add_row(str(summary.total), f"[green]{summary.passed}[/green]", f"[red]{summary.failed}[/red]" if summary.failed else "0",
                  str(summary.skipped), f"{summary.duration_s:.1f}s")
    console.print(table)
    for case in summary.cases:
        if case.status == "failed":
            console.print(f"[red]FAILED[/red] {case.feature} :: {case.scenario}: {case.message[:200]}")
    if report is not None:
        console.print(f"report: {report}")


def register(app: typer.Typer) -> None:
    @app.command("test:run")
    def test_run(
        env: Optional[str] = typer.Option(None, "--env", help="Environment: local, integration, staging, production."),
        flow: list[str] = typer.Option([], "--flow", help="Business area folder (features/<flow>) or tag; repeatable."),
        tags: list[str] = typer.Option([], "--tags", help="behave tag expression, e.g. '@checkout and not @slow'; repeatable."),
        define: list[str] = typer.Option([], "--set", "-D", help="Configuration override KEY=VALUE for this run; repeatable."),
        dry_run: bool = typer.Option(False, "--dry-run", help="List what would run without running it."),
        quiet: bool = typer.Option(False, "--quiet", help="Progress dots instead of every step."),
        report: bool = typer.Option(True, "--report/--no-report", help="Render the Allure HTML report afterwards."),
    ) -> None:
        """Run the acceptance journeys, then render the Allure report and print a summary."""
        overrides = dict(item.split("=", 1) for item in define if "=" in item)
        bad = [item for item in define if "=" not in item]
        if bad:
            typer.echo(f"usage error: --set expects KEY=VALUE, got {bad[0]!r}", err=True)
            raise typer.Exit(int(ExitCode.USAGE))
        settings = load_for_cli(env, overrides)
        paths, flow_tags = _selection(flow)
        expressions = list(tags) + ([" or ".join(flow_tags)] if flow_tags else [])
        if settings.run.tags:
            expressions.append(settings.run.tags)
        run = BehaveRun(env=settings.environment, reports_dir=REPO / settings.reporting.reports_dir, tags=expressions,
                        paths=paths, userdata=overrides, dry_run=dry_run, quiet=quiet)
        fresh_results(run)
        code = run_behave(run)
        if code in HOOK_EXITS:
            raise typer.Exit(code)
        summary = read_junit(run.junit_dir)
        index = None
        if report and not dry_run:
            try:
                index = render(run.allure_results, run.reports_dir / "allure-report")
            except ReportError as exc:
                console.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(int(ExitCode.TEST_FAILURES)) from None
        _print_summary(summary, index)
        if code != 0 or summary.failed or (summary.total == 0 and not dry_run):
            raise typer.Exit(int(ExitCode.TEST_FAILURES))

    @app.command("test:report")
    def test_report(
        results: Path = typer.Option(Path("reports/allure-results"), "--results", help="Allure results folder."),
        output: Path = typer.Option(Path("reports/allure-report"), "--output", help="Where the HTML site goes."),
    ) -> None:
        """Render the Allure HTML report from existing results (the real Allure command line)."""
        try:
            index = render(results, output)
        except ReportError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(int(ExitCode.USAGE)) from None
        console.print(f"report: {index}")
