"""./jump schema:pull and schema:check: the pinned contracts (support/contracts/) and their drift.

schema:pull refreshes both pins (GraphQL introspection, OpenAPI document) and the typed sgqlc
module, printing what changed (breaking, dangerous, additive) so the commit says what it accepts;
schema:check compares without writing, the same comparison every test:run makes first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from support.contracts import gate, graphql_diff, openapi_diff, pins
from support.contracts.changes import ContractChange
from support.run.exit_codes import ExitCode

SCHEMA_MODULE = Path(__file__).resolve().parents[1] / "clients" / "graphql" / "jump_schema.py"
console = Console(highlight=False, soft_wrap=True)


def _settings(env: str | None) -> Any:
    """The environment's settings, after the explicit "start the local stack" step when it manages one
    (the example target's PostGraphile is started beside the stack, never by resolving)."""
    from support.config import ensure_local_stack, resolve_auto
    from support.run.settings_loader import load_for_cli

    settings = load_for_cli(env, resolve=False)
    ensure_local_stack(settings)
    return resolve_auto(settings)


def _verify(settings: Any) -> bool | str:
    platform = settings.platform
    return str(platform.ca_file) if platform.ca_file else platform.verify_tls


def schema_module(paths: pins.ContractPaths) -> Path:
    """The typed sgqlc module of a target's schema: Jump's steps import jump_schema.py; another target's
    module sits beside its pins, so pinning one target never rewrites what another's steps import."""
    return SCHEMA_MODULE if paths.dir == pins.CONTRACTS else paths.dir / "schema.py"


def _generate(pinned: Path, module: Path) -> None:
    """sgqlc-codegen into a temporary file beside ``module``, then an atomic rename once it compiles."""
    scratch = module.with_name(f".{module.stem}.new.py")
    codegen = Path(sys.executable).with_name("sgqlc-codegen")
    try:
        subprocess.run([str(codegen), "schema", "--schema-name", module.stem, str(pinned), str(scratch)], check=True)
        compile(scratch.read_text(encoding="utf-8"), str(module), "exec")
        scratch.replace(module)
    finally:
        scratch.unlink(missing_ok=True)


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
        settings = _settings(env)
        paths, verify = pins.contract_paths(settings), _verify(settings)
        written: list[Path] = []
        changes: list[ContractChange] = []
        paths.dir.mkdir(parents=True, exist_ok=True)
        first = not paths.graphql.exists() and not paths.openapi.exists()
        # PlatformUnreachable (exit 3) / ConfigError (exit 2): one line at the CLI's error boundary
        if pins.has_graphql(settings):
            live_graphql = pins.fetch_graphql(str(settings.platform.graphql_url), verify=verify)
            if paths.graphql.exists():
                changes += graphql_diff.compare(pins.load(paths.graphql), live_graphql)
            module = schema_module(paths)
            # generated next to the pin first and moved into place only when it imports: a failed
            # generation never leaves the steps with a module they cannot load
            pins.write(paths.graphql, live_graphql)
            _generate(paths.graphql, module)
            written += [paths.graphql, module]
        if pins.has_openapi(settings):
            live_openapi = pins.fetch_openapi(str(settings.platform.rest_url), verify=verify, path=settings.contracts.openapi_path)
            if paths.openapi.exists():
                changes += openapi_diff.compare(pins.load(paths.openapi), live_openapi)
            pins.write(paths.openapi, live_openapi)
            written.append(paths.openapi)
        if not written:
            console.print(f"environment {settings.environment} has no contract to pin (no graphql_url/rest_url, "
                          "or contracts.graphql/openapi = false)")
            return
        if changes:
            breaking = sum(c.severity == "breaking" for c in changes)
            console.print(f"the pins changed: {breaking} breaking, {len(changes) - breaking} warning(s)")
            _print_changes(changes)
        elif first:
            console.print(f"pinned environment {settings.environment}'s contracts for the first time")
        else:
            console.print("the pins are unchanged: the live contracts match the pinned ones")
        console.print(f"wrote {', '.join(_relative(p) for p in written)} (review with git diff, then commit)")

    @app.command("schema:check")
    def schema_check(env: str = typer.Option(None, "--env", help="Environment to compare with (default: local).")) -> None:
        """Compare the pinned GraphQL schema and OpenAPI document with the live ones; exit 1 on breaking changes."""
        result = gate.check_settings(_settings(env))
        for line in gate.console_lines(result):
            console.print(line.replace("the run will fail (exit 1); ", ""), markup=False)
        if result.failed:
            raise typer.Exit(int(ExitCode.TEST_FAILURES))
