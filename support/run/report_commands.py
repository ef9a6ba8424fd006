"""./jump test:report: every report of a run, rebuilt from its stored event stream (the last run by default).

Works without a running platform: everything comes from the run's ``events.jsonl`` and the
attachments beside it (support/reporting/pipeline.py, the same ``build_reports`` test:run calls), and the same stream gives the same
files. When the local stack happens to be up, the report also names the platform's version and
reads the results history for "failing since".
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from support.config import load_settings, resolve_auto
from support.errors import UsageError
from support.reporting.allure_cli import ReportError
from support.reporting.branding import ALLURE_LANGUAGES, load_logo
from support.reporting.categories import load_categories
from support.reporting.pipeline import ReportPaths, build_reports
from support.reporting.serve import ReportServer, open_in_browser
from support.run import run_folder
from support.run.behave_runner import REPO
from support.run.exit_codes import ExitCode
from support.stack.errors import StackError

console = Console(highlight=False, soft_wrap=True)
FORMATS = ("html", "junit", "json")


def _usage(message: str) -> UsageError:
    """A bad flag value: raised, so the CLI's boundary prints it and exits 2."""
    return UsageError(f"usage error: {message}")


def _percent(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise _usage(f"--fail-under expects a percentage between 0 and 100, got {text!r}") from None
    if not 0 <= value <= 100:
        raise _usage(f"--fail-under expects a percentage between 0 and 100, got {text!r}")
    return value


def _look(title: str | None, language: str | None, logo: Path | None, categories: Path | None) -> dict[str, Any]:
    """This rebuild's title/language/logo/categories over the ones the run recorded in its stream."""
    look: dict[str, Any] = {}
    if title is not None:
        look["title"] = title.strip()
    if language is not None:
        if language not in ALLURE_LANGUAGES:
            raise _usage(f"--language must be one of {', '.join(ALLURE_LANGUAGES)}, got {language!r}")
        look["language"] = language
    if logo is not None:
        try:
            look["logo"] = load_logo(logo)
        except (ValueError, OSError) as exc:
            raise _usage(f"--logo {logo}: {exc}") from None
    if categories is not None:
        try:
            look["categories"] = load_categories(categories)
        except (ValueError, OSError) as exc:
            raise _usage(f"--categories {categories}: {exc}") from None
    return look


def _settings(env: str | None) -> Any:
    """The environment's settings; "auto" resolved only when the local stack is already running."""
    settings = load_settings(env)
    try:
        return resolve_auto(settings)
    except StackError:
        return settings


def _copy(built: Path, output: Path | None) -> Path:
    """The file ``--output`` names (a copy of the one built in the run folder), else the built one."""
    if output is None or output == built:
        return built
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, output)
    return output


def print_coverage(paths: ReportPaths) -> None:
    c = paths.coverage
    ran = {"passed", "failed", "broken"}
    by_journeys = sum(any(s.status in ran for s in row.scenarios) for row in c.requirement_rows)
    by_tests = sum(any(t.outcome in ran for t in row.tests) for row in c.requirement_rows)
    console.print(f"requirements {c.requirements.percent}% ({c.requirements.covered}/{c.requirements.total}: "
                  f"{by_journeys} proven by journeys, {by_tests} by pytest tests) · "
                  f"GraphQL operations {c.api.graphql_operations.percent}% · REST operations {c.api.rest_operations.percent}% · "
                  f"tables {c.tables.covered}")
    if c.requirements.unused:
        console.print(f"uncovered: {', '.join(c.requirements.unused)}")


def print_api_timings(paths: ReportPaths) -> None:
    """Where the response times are, in one line, and each operation over its p95 budget (reporting.api_budget)."""
    console.print(f"API response times: {paths.api_timings_html} ({paths.api_timings.summary()})", markup=False)
    for operation in paths.api_timings.over_budget:
        console.print(f"[yellow]OVER BUDGET[/yellow] {escape(operation.line())}")
    for line in paths.api_timings.unmatched_lines():
        console.print(f"[yellow]NO SUCH OPERATION[/yellow] {escape(line)}")


def print_failures(paths: ReportPaths) -> None:
    for group in paths.failures.groups:
        console.print(f"[red]{group.count} × {group.category}[/red]: {group.signature}")


def serve_report(site: Path, port: int) -> None:
    """Serves ``site`` until Ctrl-C; the URL is the last line printed (scripts and tests read it)."""
    try:
        server = ReportServer(site, port)
    except OSError as exc:
        raise _usage(f"--port {port}: cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); pick another or leave --port out") from None
    opened = open_in_browser(server.url)
    console.print(f"serving the report at {server.url} (coverage: {server.url}coverage/index.html)"
                  f"{'; opened in your browser' if opened else ''}; Ctrl-C stops")
    # Ctrl-C (SIGINT) stops serving even when a shell started this with SIGINT ignored (a background job of a
    # script, where `kill -INT` is how it is stopped): Python installs no KeyboardInterrupt handler then
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("stopped serving the report")


def register(app: typer.Typer) -> None:
    @app.command("test:report")
    def test_report(
        env: str | None = typer.Option(None, "--env", help="Environment whose settings name the platform and owner."),
        fmt: str = typer.Option("html", "--format", help="html (Allure site + coverage page), junit (one merged XML) or json (failures.json + coverage.json)."),
        output: Path | None = typer.Option(None, "--output", help="html: the site's folder; junit/json: the file to write."),
        coverage: bool = typer.Option(False, "--coverage", help="Print the coverage summary (requirements, API, tables)."),
        fail_under: str | None = typer.Option(None, "--fail-under", help="Exit 1 when requirement coverage is below this percentage."),
        run_id: str | None = typer.Option(None, "--run", metavar="ID", help="The run to report on: its id under reports/runs/ (or a unique prefix); default: the last ./jump test:run."),
        reports_dir: Path | None = typer.Option(None, "--reports-dir", help="A run's folder, wherever it is (instead of --run)."),
        merge_runs: bool = typer.Option(False, "--merge-runs", help="Merge every run under reports/runs/ (CI: all shards) into a new run folder and report on it."),
        srs: Path | None = typer.Option(None, "--srs", help="The SRS whose requirement IDs are the coverage universe (default docs/srs.md)."),
        open_: bool = typer.Option(False, "--open", help="Then serve the Allure site on 127.0.0.1 and print its URL (Ctrl-C stops); the site needs HTTP, not file://."),
        port: int = typer.Option(0, "--port", metavar="PORT", help="With --open: the loopback port (default: a free one)."),
        title: str | None = typer.Option(None, "--title", metavar="TEXT", help="The report's name for this rebuild (default: reporting.title as the run recorded it)."),
        language: str | None = typer.Option(None, "--language", metavar="LANG", help=f"The Allure site's language for this rebuild: {', '.join(ALLURE_LANGUAGES)} (default: the run's reporting.language)."),
        logo: Path | None = typer.Option(None, "--logo", metavar="FILE", help="A PNG or SVG shown top left for this rebuild (default: the run's reporting.logo)."),
        categories: Path | None = typer.Option(None, "--categories", metavar="FILE", help="A JSON list of Allure categories, before Jump's, for this rebuild (default: the run's reporting.categories_file)."),
    ) -> None:
        """Rebuild the reports of a run from its event stream: Allure HTML, coverage, failure analysis, JUnit."""
        if fmt not in FORMATS:
            raise _usage(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        if open_ and fmt != "html":
            raise _usage(f"--open serves the HTML site: leave out --format {fmt}")
        if not 0 <= port <= 65535:
            raise _usage(f"--port expects 0-65535, got {port}")
        threshold = _percent(fail_under)
        look = _look(title, language, logo, categories)
        if srs is not None and not srs.is_file():
            raise _usage(f"--srs {srs} does not exist")
        settings = _settings(env)
        root = REPO / settings.reporting.reports_dir
        if merge_runs:
            sources = run_folder.runs(root)
            if not sources:
                raise _usage(f"--merge-runs: no run folder under {root / run_folder.RUNS}")
            folder = run_folder.merge(root, sources)
            console.print(f"merged {len(sources)} run(s) into {folder}")
        else:
            folder = reports_dir or run_folder.find(root, run_id)
        try:
            paths = build_reports(settings, folder, html=fmt == "html", srs=srs, report_dir=output if fmt == "html" else None,
                                  history_dir=root / run_folder.HISTORY if fmt == "html" else None, look=look)
        except ReportError as exc:
            raise _usage(str(exc)) from None  # no results to report on: a usage problem (which folder), exit 2
        if fmt == "junit":
            console.print(f"junit: {_copy(paths.junit, output)}")
        elif fmt == "json":
            console.print(f"failures: {_copy(paths.failures_json, output)} ({paths.failures.failed} failed of {paths.failures.total})")
        else:
            console.print(f"report: {paths.allure_index}")
        console.print(f"coverage: {paths.coverage_html}")
        print_api_timings(paths)
        print_failures(paths)
        if coverage or threshold is not None:
            print_coverage(paths)
        below = threshold is not None and paths.coverage.requirements.percent < threshold
        if below:
            console.print(f"[red]requirement coverage {paths.coverage.requirements.percent}% is below {threshold:g}%[/red]")
        if open_ and paths.allure_index is not None:
            serve_report(paths.allure_index.parent, port)
        if below:
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
