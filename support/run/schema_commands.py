"""./jump schema:pull and schema:check: the pinned contracts (support/contracts/) and their drift.

schema:pull refreshes both pins (GraphQL introspection, OpenAPI document) and the typed sgqlc
module, printing what changed (breaking, dangerous, additive) so the commit says what it accepts;
schema:check compares without writing, the same comparison every test:run makes first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console

from support.contracts import gate, pins
from support.contracts.changes import ContractChange
from support.run.exit_codes import ExitCode

SCHEMA_MODULE = Path(__file__).resolve().parents[1] / "clients" / "graphql" / "jump_schema.py"
console = Console(highlight=False, soft_wrap=True)


def _platform(env: str | None) -> tuple[str, str, bool | str]:
    from support.run.settings_loader import load_for_cli

    settings = load_for_cli(env)
    platform = settings.platform
    verify: bool | str = str(platform.ca_file) if platform.ca_file else platform.verify_tls
    return str(platform.rest_url), str(platform.graphql_url), verify


def _print_changes(changes: list[ContractChange]) -> None:
    for change in changes:
        console.print(f"  {change.line()}", markup=False)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def register(app: typer.Typer) -> None:
    @app.command("schema:pull")
    def schema_pull(env: str = typer.Option(None, "--env", help="Environment to pin from (default: local).")) -> None:
        """Pin the platform's GraphQL schema and OpenAPI document, regenerate the sgqlc module, show what changed."""
        rest_url, graphql_url, verify = _platform(env)
        # PlatformUnreachable (exit 3) / ConfigError (exit 2): one line at the CLI's error boundary
        live_graphql = pins.fetch_graphql(graphql_url, verify=verify)
        live_openapi = pins.fetch_openapi(rest_url, verify=verify)
        changes = gate.compare_documents(pins.load_graphql(), live_graphql, pins.load_openapi(), live_openapi)
        pins.write(pins.PINNED_GRAPHQL, live_graphql)
        pins.write(pins.PINNED_OPENAPI, live_openapi)
        codegen = Path(sys.executable).with_name("sgqlc-codegen")
        subprocess.run([str(codegen), "schema", str(pins.PINNED_GRAPHQL), str(SCHEMA_MODULE)], check=True)
        if changes:
            breaking = sum(c.severity == "breaking" for c in changes)
            console.print(f"the pins changed: {breaking} breaking, {len(changes) - breaking} warning(s)")
            _print_changes(changes)
        else:
            console.print("the pins are unchanged: the live contracts match the pinned ones")
        console.print(f"wrote {_relative(pins.PINNED_GRAPHQL)}, {_relative(pins.PINNED_OPENAPI)} and {_relative(SCHEMA_MODULE)}"
                      " (review with git diff, then commit)")

    @app.command("schema:check")
    def schema_check(env: str = typer.Option(None, "--env", help="Environment to compare with (default: local).")) -> None:
        """Compare the pinned GraphQL schema and OpenAPI document with the live ones; exit 1 on breaking changes."""
        rest_url, graphql_url, verify = _platform(env)
        result = gate.check(rest_url, graphql_url, verify=verify)
        for line in gate.console_lines(result):
            console.print(line.replace("the run will fail (exit 1); ", ""), markup=False)
        if result.failed:
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
