"""./jump test:history: recent runs, the slowest and the flakiest scenarios (REP-001.3, FT-001.5), and with
``--timings`` each API operation's p95 response time over the last runs (API-001.5)."""

from __future__ import annotations

import json
from typing import Any

import psycopg2
import typer
from rich.console import Console
from rich.table import Table

from support.errors import DatabaseUnreachable
from support.results.connect import history_store
from support.run.settings_loader import load_for_cli

console = Console(highlight=False, soft_wrap=True)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, show_edge=False, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    return table


def register(app: typer.Typer) -> None:
    @app.command("test:history")
    def test_history(
        env: str | None = typer.Option(None, "--env", help="Environment whose results database to read."),
        limit: int = typer.Option(10, "--limit", min=1, max=1000, metavar="N", help="Rows per table."),
        days: int = typer.Option(30, "--days", min=1, max=3650, help="Window for the slowest and flakiest scenarios."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON document instead of tables."),
        timings: bool = typer.Option(False, "--timings", help="Instead: each API operation's p95 response time over the last --limit runs."),
    ) -> None:
        """Show recent runs, the slowest scenarios and the flakiest ones from the results history."""
        settings = load_for_cli(env)
        store = history_store(settings, "history to show")  # none configured: one line, exit 2
        try:
            store.migrate()
            if timings:
                _print_timings(store.api_timing_trend(limit), limit, as_json)
                return
            runs, (slowest, flakiest) = store.recent_runs(limit), store.scenario_stats(limit, days)
        except psycopg2.Error as exc:
            raise DatabaseUnreachable(f"results database unreachable: {str(exc).strip().splitlines()[0]}") from None
        if as_json:
            typer.echo(json.dumps({"runs": runs, "slowest": slowest, "flakiest": flakiest}, default=str, indent=2))
            return
        console.print(_table("Recent runs", ["when", "env", "commit", "shard", "workers", "exit", "passed", "failed", "flaky", "wall"], [
            [r["generated_at"].strftime("%m-%d %H:%M"), r["environment"], r["git_commit"][:8], r["shard"], r["parallel"],
             r["exit_code"], r["data"].get("passed", 0), r["data"].get("failed", 0), r["data"].get("flaky", 0),
             f"{r['data'].get('wall_s', 0):.1f}s"] for r in runs]))
        console.print(_table(f"Slowest scenarios (last {days} days)", ["mean", "max", "runs", "location", "scenario"], [
            [f"{r['mean_s']:.2f}s", f"{r['max_s']:.2f}s", r["runs"], r["location"], r["name"]] for r in slowest]))
        console.print(_table(f"Flakiest scenarios (last {days} days)", ["flaky", "failed", "runs", "retries", "location", "scenario"], [
            [r["flaky"], r["failed"], r["runs"], r["retries"], r["location"], r["name"]] for r in flakiest]))


def _print_timings(rows: list[dict[str, Any]], runs: int, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"api_timings": rows}, indent=2))
        return
    if not rows:
        console.print("no run with API response times in the history yet (they are recorded from this version on)")
        return
    console.print(_table(f"API p95 response time per operation (ms, last {runs} runs, oldest first)",
                         ["operation", "api", "p95 per run", "latest", "vs before", "calls", "errors"], [
        [r["operation"], r["api"], " · ".join("-" if v is None else f"{v:g}" for v in r["p95_ms"]), f"{r['latest_ms']:g}",
         "" if r["change"] is None else f"{r['change']:+.0%}", r["calls"], r["errors"]] for r in rows]))
