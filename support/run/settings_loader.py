"""Settings for CLI commands: load, resolve "auto", and turn failures into the documented exits.

Every command that needs the configuration goes through here, so a bad value is always one line on
stderr with exit 2, and a local stack that cannot start is always exit 3.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import typer

from support.config import ConfigError, FrameworkSettings, load_settings, resolve_auto
from support.run.exit_codes import ExitCode
from support.stack.errors import StackError


@contextmanager
def config_exits() -> Iterator[None]:
    """ConfigError -> its line on stderr, exit 2; StackError -> 'error: ...', exit 3."""
    try:
        yield
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(int(ExitCode.USAGE)) from None
    except StackError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(int(ExitCode.UNREACHABLE)) from None


def load_for_cli(
    env: str | None = None, overrides: Mapping[str, str] | None = None, *, resolve: bool = True
) -> FrameworkSettings:
    """The settings of ``env`` with "auto" resolved from the local stack (started when allowed)."""
    with config_exits():
        settings = load_settings(env, dict(overrides) if overrides else None)
        return resolve_auto(settings) if resolve else settings
