"""./jump test:config: show, query and persist the effective configuration of an environment."""

from __future__ import annotations

import os

import typer

from support.config import environment_name
from support.config.render import to_toml, value_text
from support.config.sources import display_path
from support.config.user_file import parse_assignments, set_values
from support.run.settings_loader import load_for_cli

HELP = (
    "Show the effective configuration of an environment, one value of it, or persist overrides.\n\n"
    "Layers, lowest first: defaults < support/config/environments/ENV.toml < .jump/config.ENV.toml "
    "(your git-ignored overrides, written by --set) < JUMP_* variables such as JUMP_RUN__PARALLEL=4 "
    "< CLI overrides. Secrets print as ********; env: and vault: references print as written.\n\n"
    "Examples:\n\n"
    "  ./jump test:config --env staging\n\n"
    "  ./jump test:config --get run.parallel\n\n"
    "  ./jump test:config --set run.parallel=4 --set run.tags=@smoke\n\n"
    "A bad value prints one line naming the key and its source, and exits 2. See docs/configuration.md."
)


def register(app: typer.Typer) -> None:
    @app.command("test:config", help=HELP)
    def test_config(
        env: str | None = typer.Option(
            None, "--env", metavar="ENV",
            help="local, integration, staging or production (default: $JUMP_ENV, else local).",
        ),
        get: str | None = typer.Option(None, "--get", metavar="KEY", help="Print one value, e.g. run.parallel."),
        assignments: list[str] = typer.Option(
            [], "--set", metavar="KEY=VALUE", help="Validate and write to .jump/config.ENV.toml (repeatable)."
        ),
        resolve: bool = typer.Option(
            False, "--resolve", help="Replace 'auto' with the running local stack's URLs and DSNs."
        ),
    ) -> None:
        name = environment_name(env)
        if assignments:
            pairs = parse_assignments(assignments)
            path = set_values(name, pairs, os.environ)
            typer.echo(f"wrote {', '.join(pairs)} to {display_path(path)}", err=get is not None)
            if get is None:
                return
        settings = load_for_cli(env, resolve=resolve)
        typer.echo(value_text(settings, get) if get else to_toml(settings), nl=get is not None)
