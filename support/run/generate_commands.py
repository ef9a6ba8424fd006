"""./jump test:generate: schema-driven test data for any table (data_factories/generator).

Options arrive as text and are validated by one pydantic model, so every bad value (a count of
"lots", --insert with --cleanup, an unknown table) is one line on stderr and exit 2, never a
traceback; an unreachable database is exit 3.
"""

from __future__ import annotations

import resource
import secrets
import time
from pathlib import Path

import psycopg2
import psycopg2.errors
import typer
from pydantic import BaseModel, Field, ValidationError, model_validator
from rich.console import Console

from data_factories.generator import DEFAULT_FANOUT, build_plan, stream, write_stream
from data_factories.generator.loader import catalogs_of, cleanup_generated, insert_dataset
from support.db.pool import Databases
from support.errors import UsageError
from support.run.db_commands import open_databases
from support.run.exit_codes import ExitCode
from support.run.settings_loader import load_for_cli

console = Console(highlight=False, soft_wrap=True)
HELP = (
    "Generate valid rows for any table, with the parents they need, from the database catalog.\n\n"
    "Examples:\n\n"
    "  ./jump test:generate --schema inventory --table inventory_item --count 100000 --seed 7 --output seats.json\n\n"
    "  ./jump test:generate --schema events --table event --count 50 --insert\n\n"
    "  ./jump test:generate --schema inventory --table order_item --count 10 --dry-run\n\n"
    "  ./jump test:generate --cleanup        (removes everything earlier --insert runs created)\n\n"
    "Same seed, same rows (byte-identical --output). See docs/data-generation.md."
)


class GenerateRequest(BaseModel):
    """The command's options, checked together (the CLI boundary)."""

    schema_name: str | None = None
    table: str | None = None
    count: int = Field(1000, ge=1, le=10_000_000)
    seed: int = Field(default_factory=lambda: secrets.randbelow(2**31), ge=0)
    fanout: int = Field(DEFAULT_FANOUT, ge=1)
    output: Path | None = None
    insert: bool = False
    cleanup: bool = False
    dry_run: bool = False

    @model_validator(mode="after")
    def _combination(self) -> GenerateRequest:
        if self.cleanup:
            if self.schema_name or self.table or self.insert or self.output or self.dry_run:
                raise ValueError("--cleanup takes no other option than --env")
            return self
        if not self.schema_name or not self.table:
            raise ValueError("--schema and --table are required (or --cleanup)")
        if self.output is not None and not self.output.parent.is_dir():
            raise ValueError(f"--output: folder {self.output.parent} does not exist")
        return self


def _request(**options: object) -> GenerateRequest:
    values = {k: v for k, v in options.items() if v is not None}
    try:
        return GenerateRequest.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = f"--{first['loc'][0]}".replace("_", "-").replace("--schema-name", "--schema") if first["loc"] else ""
        message = first["msg"].removeprefix("Value error, ")
        raise _usage(f"{where}: {message} (got {first['input']!r})" if where else message) from None


def _usage(message: str) -> UsageError:
    """A bad option value: raised, so the CLI's boundary prints it and exits 2."""
    return UsageError(f"error: {message}")


def _run(request: GenerateRequest, databases: Databases) -> None:
    if request.insert or request.cleanup:  # before generating anything: a read-only environment takes no rows
        databases.refuse_writes("test:generate --cleanup (it deletes generated rows)" if request.cleanup else
                                f"test:generate --insert ({request.count} {request.schema_name}.{request.table} row(s))")
    if request.cleanup:
        reports = cleanup_generated(databases)
        rows = sum(r.rows for r in reports)
        console.print(f"removed {rows} row(s) of {len(reports)} generated namespace(s)")
        return
    assert request.schema_name and request.table
    plan = build_plan(catalogs_of(databases), request.schema_name, request.table, request.count, fanout=request.fanout)
    console.print(f"plan (seed {request.seed}, dependency order):")
    for line in plan.lines():
        console.print(f"  {line}")
    if request.dry_run:
        return
    started = time.perf_counter()
    rows = stream(plan, request.seed)  # parents now; the target's batches as they are written
    if request.output is not None:
        write_stream(rows, request.output)
        seconds = time.perf_counter() - started
        console.print(f"generated and wrote {rows.total} row(s) to {request.output} in {seconds:.2f}s "
                      f"({rows.total / max(seconds, 1e-9):,.0f} rows/s)")
    if request.insert:  # with --output too, the batches are made again (same seed, same rows): memory stays one batch
        report = insert_dataset(databases, rows)
        console.print(f"generated and inserted {report.rows} row(s) with COPY in {report.seconds:.2f}s as namespace "
                      f"{report.namespace} ({report.roots} ledger root(s)); remove with ./jump test:generate --cleanup")
    if request.output is None and not request.insert:
        total = sum(batch.count for batch in rows.batches()) + sum(t.count for t in rows.parents)
        seconds = time.perf_counter() - started
        console.print(f"generated {total} row(s) in {seconds:.2f}s ({total / max(seconds, 1e-9):,.0f} rows/s); "
                      "nothing kept (add --output FILE or --insert)")
    console.print(f"peak memory {peak_rss_mb():.0f} MB")


def peak_rss_mb() -> float:
    """This process's peak resident memory (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def register(app: typer.Typer) -> None:
    @app.command("test:generate", help=HELP)
    def test_generate(
        schema: str | None = typer.Option(None, "--schema", help="events or inventory (the database)."),
        table: str | None = typer.Option(None, "--table", help="Table to fill, e.g. inventory_item."),
        count: str | None = typer.Option(None, "--count", help="Rows of --table (default 1000)."),
        seed: str | None = typer.Option(None, "--seed", help="Fixes every value (default: random, printed)."),
        fanout: str | None = typer.Option(None, "--fanout", help=f"Children per parent row (default {DEFAULT_FANOUT})."),
        output: Path | None = typer.Option(None, "--output", help="Write the rows as JSON to FILE."),
        insert: bool = typer.Option(False, "--insert", help="Load the rows with COPY (cleanup: --cleanup)."),
        cleanup: bool = typer.Option(False, "--cleanup", help="Remove everything earlier --insert runs created."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan: tables in dependency order, row counts."),
        env: str | None = typer.Option(None, "--env", help="Environment (default: $JUMP_ENV, else local)."),
    ) -> None:
        request = _request(schema_name=schema, table=table, count=count, seed=seed, fanout=fanout, output=output,
                           insert=insert, cleanup=cleanup, dry_run=dry_run)
        databases = open_databases(load_for_cli(env))
        try:
            _run(request, databases)
        except psycopg2.Error as exc:  # the database refused the rows: a generator bug worth a clear line
            hint = " (this seed's rows are still loaded? run --cleanup or pick another --seed)" if isinstance(
                exc, psycopg2.errors.UniqueViolation) else ""
            typer.echo(f"error: the database refused the generated rows: {str(exc).strip().splitlines()[0]}{hint}", err=True)
            raise typer.Exit(int(ExitCode.TEST_FAILURES)) from None
        finally:  # GenerationError (exit 2) and unreachable databases (exit 3) go to the CLI's boundary
            databases.close()
