"""./jump schema:pull and schema:check: the pinned GraphQL schema and its drift from the live one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console

from support.clients.graphql.drift import PINNED_INTROSPECTION, compare, fetch_introspection, load_pinned
from support.run.exit_codes import ExitCode

SCHEMA_MODULE = PINNED_INTROSPECTION.with_name("jump_schema.py")
console = Console(highlight=False, soft_wrap=True)


def _live_url(env: str | None) -> tuple[str, bool | str]:
    from support.run.settings_loader import load_for_cli

    settings = load_for_cli(env)
    verify: bool | str = str(settings.platform.ca_file) if settings.platform.ca_file else settings.platform.verify_tls
    return str(settings.platform.graphql_url), verify


def register(app: typer.Typer) -> None:
    @app.command("schema:pull")
    def schema_pull(env: str = typer.Option(None, "--env", help="Environment to introspect (default: local).")) -> None:
        """Introspect the platform's GraphQL API and regenerate the typed sgqlc schema module."""
        url, verify = _live_url(env)
        try:
            introspection = fetch_introspection(url, verify=verify)
        except Exception as exc:  # any transport or payload problem is one line and exit 3
            console.print(f"[red]error:[/red] introspection of {url} failed: {exc}")
            raise typer.Exit(int(ExitCode.UNREACHABLE)) from None
        PINNED_INTROSPECTION.write_text(json.dumps(introspection, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        codegen = Path(sys.executable).with_name("sgqlc-codegen")
        subprocess.run([str(codegen), "schema", str(PINNED_INTROSPECTION), str(SCHEMA_MODULE)], check=True)
        console.print(f"wrote {PINNED_INTROSPECTION.relative_to(Path.cwd())} and {SCHEMA_MODULE.relative_to(Path.cwd())}")

    @app.command("schema:check")
    def schema_check(env: str = typer.Option(None, "--env", help="Environment to compare with (default: local).")) -> None:
        """Compare the pinned GraphQL schema with the live one; exit 1 on breaking changes."""
        url, verify = _live_url(env)
        try:
            changes = compare(load_pinned(), fetch_introspection(url, verify=verify))
        except Exception as exc:
            console.print(f"[red]error:[/red] introspection of {url} failed: {exc}")
            raise typer.Exit(int(ExitCode.UNREACHABLE)) from None
        if not changes:
            console.print("pinned GraphQL schema matches the live one")
            return
        for change in changes:
            console.print(f"{change.severity:<9} {change.kind}: {change.description}")
        if any(c.severity == "breaking" for c in changes):
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
