"""./jump data:sweep: show, and remove, the test data that interrupted runs of this environment left.

Every run sweeps at its start anyway; this command is for looking first (``--dry-run``) and for
cleaning up without starting a run. It only sees namespaces of the current environment and
target (data_factories/sweep.py); a read-only environment may look but refuses to remove.
"""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console

from data_factories.ledger_store import ledger_for
from data_factories.sweep import DEFAULT_MAX_AGE, survey
from support.errors import ReadOnlyRefused
from support.run.db_commands import open_databases
from support.run.request_sender import SweepSender
from support.run.settings_loader import load_for_cli

console = Console(highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("data:sweep")
    def data_sweep(
        env: str | None = typer.Option(None, "--env", help="Environment: local, integration, staging, production."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be removed (rows per table); remove nothing."),
        max_age_h: float = typer.Option(DEFAULT_MAX_AGE.total_seconds() / 3600, "--max-age-hours", min=0.0,
                                        help="A namespace whose heartbeat is older than this is stale even if its owner ran elsewhere."),
    ) -> None:
        """Show and remove test data left by interrupted runs of this environment (never another environment's).

        Exit codes: 0 done, 2 refused (read-only environment) or bad configuration, 3 database unreachable.
        """
        settings = load_for_cli(env)
        databases, sender = open_databases(settings), SweepSender(settings)
        try:
            items = survey(databases, max_age=dt.timedelta(hours=max_age_h), dry_run=dry_run, send=sender)
        except ReadOnlyRefused as exc:  # a UsageError: the boundary prints it (exit 2), with what is allowed
            raise ReadOnlyRefused(exc.environment, f"{exc.action} (./jump data:sweep --dry-run shows it)") from None
        finally:  # errors go to the CLI's boundary: an unreachable database is exit 3 there
            sender.close()
            databases.close()
        console.print(f"environment {settings.environment}, target {databases.target}: {len(items)} namespace(s) in the ledger"
                      f" ({ledger_for(databases).where})")
        for item in items:
            console.print(f"  {item.line()}", markup=False)
        removing = [i for i in items if i.removes]
        rows = sum(sum(i.rows.values()) for i in removing)
        verb = "would remove" if dry_run else "removed"
        requests = sum(i.requests for i in removing)
        sent = f" ({requests} API request(s) {'would be ' if dry_run else ''}sent)" if requests else ""
        console.print(f"{verb} {rows} row(s) of {len(removing)} namespace(s){sent}")
