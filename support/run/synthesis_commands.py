"""./jump test:synthesize: property-based API tests generated from the pinned contracts (support/synthesis/).

Exit codes (docs/cli.md): 0 no generated test failed, 1 a check failed (or an operation could not
be tested), 2 usage or configuration (a read-only environment refuses: the run writes), 3 the
environment is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from support.access_matrix import ROLES
from support.config import FrameworkSettings, ensure_local_stack, resolve_auto
from support.config.snapshot import resolve_secrets
from support.errors import ReadOnlyRefused, UsageError
from support.run import preflight, run_folder
from support.run.behave_runner import REPO
from support.run.exit_codes import ExitCode
from support.run.settings_loader import load_for_cli

if TYPE_CHECKING:  # the engine and Schemathesis are imported when the command runs, not for --help
    from support.synthesis.results import SynthesisResult
    from support.synthesis.synthesize import SynthesisOptions

console = Console(highlight=False, soft_wrap=True)
APIS = ("rest", "graphql")


def _check_choices(values: list[str], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise UsageError(f"usage error: {option} {unknown[0]!r} is not one of {', '.join(allowed)}")
    return tuple(values) or allowed


def print_result(result: SynthesisResult, reports_dir: Path | None, index: Path | None) -> None:
    """The summary: reached-success figures, one line per failed operation, where the report is."""
    table = Table(title="Generated API tests (Schemathesis)", show_edge=False)
    for column in ("api", "operations", "reached 2xx", "failed", "requests"):
        table.add_column(column, justify="right")
    for api in APIS:
        mine = [o for o in result.operations if o.api == api]
        if mine:
            reached, total = result.reached(api)
            table.add_row(api, str(total), f"{reached}/{total}", str(sum(o in result.failed for o in mine)),
                          str(sum(o.requests for o in mine)))
    console.print(table)
    for outcome in result.failed:
        console.print(f"FAILED {outcome.api} {outcome.operation}", markup=False)
        for role, finding in outcome.findings:
            console.print(f"    as {role}: {finding.line()}", markup=False)
        for error in outcome.errors:
            console.print(f"    error: {error}", markup=False)
    if result.stopped_early:
        console.print(f"stopped early: {result.stopped_early}", markup=False)
    rows = sum(result.created_rows.values())
    console.print(f"{result.requests} request(s) in {result.wall_s:.0f} s; generated requests created {rows} row(s); "
                  f"cleanup removed {result.removed_rows} row(s) (factories' and generated); {result.replaced_ids} generated "
                  "id(s) pointed at the run's own rows", markup=False)
    if index is not None:
        console.print(f"report: {index}", markup=False)
    elif reports_dir is not None:
        console.print(f"results: {reports_dir} (./jump test:report builds the report)", markup=False)


def run_synthesis(settings: FrameworkSettings, options: SynthesisOptions, run_dir: Path, sink: Callable[[Any], None],
                  say: Callable[[str], None], announce: Callable[[int], None] = lambda _: None,
                  namespace: str | None = None) -> SynthesisResult:
    """Runs the generated tests and hands their events to ``sink`` (the run's stream); returns the result.
    ``announce`` hears how many generated tests are about to be reported (a progress bar's total)."""
    from support.synthesis import stream
    from support.synthesis.synthesize import synthesize

    say("generated API tests (Schemathesis, pinned contracts):")
    result = synthesize(settings, options, say, namespace)
    announce(len(result.operations))
    stream.emit(result, run_dir, sink)
    return result


def register(app: typer.Typer) -> None:
    @app.command("test:synthesize")
    def test_synthesize(
        env: str | None = typer.Option(None, "--env", help="Environment: local, integration, staging (not production: it writes)."),
        define: list[str] = typer.Option([], "--set", "-D", metavar="KEY=VALUE", help="Configuration override for this run; repeatable."),
        max_examples: int = typer.Option(5, "--max-examples", min=1, max=1000,
                                         help="Examples per operation and phase for the first allowed role."),
        budget: float = typer.Option(600.0, "--budget", min=5.0, metavar="SECONDS",
                                     help="Time cap of the whole run; cells not reached by then are reported skipped."),
        seed: int = typer.Option(1, "--seed", help="Hypothesis seed: the same seed sends the same requests."),
        role: list[str] = typer.Option([], "--role", help=f"Only these roles ({', '.join(ROLES)}); repeatable."),
        api: list[str] = typer.Option([], "--api", help="Only this API (rest, graphql); repeatable."),
        operation: list[str] = typer.Option([], "--operation", metavar="TEXT",
                                            help="Only operations whose name contains TEXT (e.g. /v1/venues); repeatable."),
        report: bool = typer.Option(True, "--report/--no-report", help="Render the Allure HTML report and coverage page afterwards."),
        real_ids: bool = typer.Option(True, "--real-ids/--invented-ids",
                                      help="Feed the factories' real ids (default), or let Schemathesis invent them (to compare)."),
    ) -> None:
        """Run property-based API tests generated from the pinned OpenAPI document and GraphQL schema.

        Every operation, as every role of the access matrix, with real ids from the factories; every row
        it creates is removed. Exit codes: 0 passed, 1 a generated test failed, 2 usage, 3 unreachable.
        """
        from support.synthesis.synthesize import SynthesisOptions

        bad = [item for item in define if "=" not in item]
        if bad:
            raise UsageError(f"usage error: --set expects KEY=VALUE, got {bad[0]!r}")
        options = SynthesisOptions(max_examples=max_examples, budget_s=budget, seed=seed,
                                   roles=_check_choices(role, ROLES, "--role"), apis=_check_choices(api, APIS, "--api"),
                                   operations=tuple(operation), real_ids=real_ids)
        from support.synthesis.plan import cells

        if not cells(roles=options.roles, apis=options.apis, operations=options.operations):
            raise UsageError(f"usage error: no operation of the access matrix matches --operation {' '.join(operation)!r}")
        settings = load_for_cli(env, dict(item.split("=", 1) for item in define), resolve=False)
        if settings.run.read_only:  # refused before any request: even the preflight's sign-ins are audited there
            raise ReadOnlyRefused(settings.environment, "API test synthesis (it creates test data and calls every write operation)")
        if ensure_local_stack(settings):
            console.print("started the local stack (./jump stack:down stops it)")
        settings = resolve_secrets(resolve_auto(settings))
        from data_factories.namespace import new_namespace
        from support.clients.transport import set_request_id_prefix

        namespace = new_namespace()  # the preflight's sign-ins are filed under the run's namespace: its cleanup
        set_request_id_prefix(namespace)  # removes what the platform audits about them, as after test:run
        preflight.check(settings)
        from support.reporting import runtime
        from support.run import events as ev

        run_id = run_folder.new_run_id()
        reports_dir = run_folder.create(REPO / settings.reporting.reports_dir, run_id)
        runtime.keep_contract(reports_dir)   # the coverage page counts operations of the pinned document
        stream_file = reports_dir / ev.EVENTS_FILE
        ev.append(stream_file, runtime.run_started(settings, run_id, origin="jump", scenarios=len(
            {(c.api, c.operation) for c in cells(roles=options.roles, apis=options.apis, operations=options.operations)})))
        say = lambda line: console.print(line, markup=False)  # noqa: E731
        result = run_synthesis(settings, options, reports_dir, lambda event: ev.append(stream_file, event), say,
                               namespace=namespace)
        code = int(ExitCode.TEST_FAILURES if result.failed else ExitCode.OK)
        ev.append(stream_file, ev.RunFinished(reason="test_failures" if result.failed else "completed", exit_code=code))
        index = None
        if report:
            from support.reporting.pipeline import build_reports

            index = build_reports(settings, reports_dir, history_dir=REPO / settings.reporting.reports_dir / run_folder.HISTORY).allure_index
        print_result(result, reports_dir, index)
        raise typer.Exit(code)
