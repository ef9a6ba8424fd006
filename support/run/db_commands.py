"""./jump db:check: the cross-database integrity checks (support/db/integrity.py) over a whole environment.

Exit 0 when consistent, 1 with findings, 3 when a database cannot be reached. Run it after a
suite: every finding is either a platform bug or test data someone forgot to clean up.
"""

from __future__ import annotations

import json

import typer

from support.config import FrameworkSettings, SecretResolver
from support.db.integrity import check_integrity
from support.db.pool import Databases
from support.run.exit_codes import ExitCode
from support.run.settings_loader import load_for_cli
from support.session import open_databases as open_session_databases


def open_databases(settings: FrameworkSettings) -> Databases:
    """The environment's databases with the configured password (as the behave hooks open them)."""
    return open_session_databases(settings, SecretResolver(settings), minconn=0, maxconn=2, wait_s=10.0)


def register(app: typer.Typer) -> None:
    @app.command("db:check")
    def db_check(
        env: str | None = typer.Option(None, "--env", help="Environment: local, integration, staging, production."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        grace: float = typer.Option(5.0, "--lock-grace", min=0.0, help="Seconds an ACTIVE lock may be past expiry."),
    ) -> None:
        """Check integrity across the events and inventory databases: orphans, totals, tickets, stale locks."""
        databases = open_databases(load_for_cli(env))
        try:
            findings = check_integrity(databases, lock_grace_s=grace)
        finally:  # errors go to the CLI's boundary: an unreachable database is exit 3 there
            databases.close()
        if as_json:
            print(json.dumps({"consistent": not findings, "findings": [
                {"check": f.check.value, "database": f.database, "table": f.table, "key": f.key, "message": f.message}
                for f in findings]}, indent=2))
        else:
            for finding in findings:
                print(finding)
            print("databases are consistent" if not findings else f"{len(findings)} finding(s)")
        if findings:
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
