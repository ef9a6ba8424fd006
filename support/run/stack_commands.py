"""./jump stack:up | stack:status | stack:down."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from support.run.exit_codes import ExitCode
from support.stack.errors import StackError
from support.stack.lifecycle import LocalStack, StackStatus
from support.stack.state import PlatformOptions

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(error: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {error}")
    return typer.Exit(int(ExitCode.UNREACHABLE))


def _print_urls(status: StackStatus, started: bool) -> None:
    state = status.state
    assert state is not None
    verb = "started" if started else "already running"
    console.print(f"[green]local stack {verb}[/green]")
    console.print(f"  GraphQL   {state.graphql_url}")
    console.print(f"  REST      {state.rest_url}  (OpenAPI: {state.rest_url}/openapi.json)")
    if state.short_ttl_graphql_url:
        console.print(f"  GraphQL   {state.short_ttl_graphql_url}  (short reservation lifetime, for expiry scenarios)")
    for name, dsn in state.databases.items():
        console.print(f"  {name:<9} {dsn}")
    if state.ca_file:
        console.print(f"  CA        {state.ca_file}")


def register(app: typer.Typer) -> None:
    @app.command("stack:up")
    def stack_up(
        tls: bool = typer.Option(False, "--tls", help="Serve HTTPS with a certificate from a local CA made now."),
        lock_ttl: float = typer.Option(10.0, "--lock-ttl", min=0.1, help="Reservation lock TTL in seconds."),
        fault_rate: float = typer.Option(0.0, "--fault-503-rate", min=0.0, max=1.0, help="Fraction of requests answered 503."),
        latency_ms: int = typer.Option(0, "--latency-ms", min=0, help="Latency added to every request."),
        fault_seed: int = typer.Option(1, "--fault-seed", help="Seed of the fault random source."),
        restart: bool = typer.Option(False, "--restart", help="Restart the platform with these options if it runs."),
    ) -> None:
        """Start PostgreSQL and the platform (idempotent: a running stack is reported)."""
        options = PlatformOptions(lock_ttl_seconds=lock_ttl, fault_503_rate=fault_rate, fault_latency_ms=latency_ms,
                                  fault_seed=fault_seed, tls=tls)
        stack = LocalStack()
        try:
            if restart and stack.status().up:
                _print_urls(stack.restart_platform(options), True)
                return
            status, started = stack.up(options)
        except StackError as exc:
            raise _fail(exc) from None
        _print_urls(status, started)

    @app.command("stack:status")
    def stack_status(as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
        """Show whether the stack runs, its URLs and database DSNs (exit 3 when it is down)."""
        try:
            status = LocalStack().status()
        except StackError as exc:
            raise _fail(exc) from None
        if as_json:
            print(json.dumps(status.as_json(), indent=2, default=str))
        elif status.up:
            _print_urls(status, False)
        else:
            console.print("local stack is not running (start it with ./jump stack:up)")
        if not status.up:
            raise typer.Exit(int(ExitCode.UNREACHABLE))

    @app.command("stack:down")
    def stack_down() -> None:
        """Stop the platform and PostgreSQL; nothing is left listening."""
        try:
            was_running = LocalStack().down()
        except StackError as exc:
            raise _fail(exc) from None
        console.print("local stack stopped" if was_running else "local stack was not running")
