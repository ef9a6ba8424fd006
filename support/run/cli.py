"""./jump: the command line of the Jump Testing Framework (typer + rich).

Commands are registered lazily: ``./jump test:history`` imports only the module that owns
``test:history``, not the run engine, the clients and the factories every other command needs
(start-up fell from ~3.4 s to well under a second of CPU; issue 10 asks for test:history < 2 s).
``--help``, a bare ``./jump`` and an unknown command build the full command line, so typer's
listing and its "No such command" error stay complete. Typer has no lazy groups of its own
(click's LazyGroup pattern needs a custom group class typer would not use), hence the table.
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from typing import Any

import typer

from support.run.boundary import boundary, click_errors, guard_commands, report, take_debug_flag, usage_line
from support.run.exit_codes import ExitCode
from support.run.metavars import fill_metavars

# command -> the module of support/run that registers it (in --help order); a test keeps it equal
# to what the modules register (tests/framework/test_cli_lazy.py)
COMMANDS: dict[str, str] = {
    "stack:up": "stack_commands", "stack:status": "stack_commands", "stack:down": "stack_commands",
    "test:config": "config_commands",
    "schema:pull": "schema_commands", "schema:check": "schema_commands",
    "test:run": "test_commands",
    "test:report": "report_commands",
    "test:history": "history_commands",
    "db:check": "db_commands",
    "data:sweep": "data_commands",
    "steps:list": "docs_commands",
    "test:generate": "generate_commands",
    "test:synthesize": "synthesis_commands",
    "dashboard": "dashboard_commands", "dashboard:user": "dashboard_commands",
}
MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))

HELP = (
    "Jump Testing Framework: run acceptance journeys, generate data, report, and manage the local stack.\n\n"
    "Exit codes: 0 all passed, 1 test failures, 2 usage or configuration error, 3 environment unreachable "
    "(docs/cli.md). Errors are one line; --debug (or JUMP_DEBUG=1) adds the traceback."
)


@cache
def build_app(command: str | None = None) -> typer.Typer:
    """The command line with every command, or with only the module that owns ``command``."""
    app = typer.Typer(name="jump", help=HELP, no_args_is_help=True, add_completion=False,
                      rich_markup_mode="rich", pretty_exceptions_enable=False)
    # a group even when one command is registered (typer would otherwise run it without its name)
    app.callback()(lambda: None)
    for module in [COMMANDS[command]] if command in COMMANDS else MODULES:
        importlib.import_module(f"support.run.{module}").register(app)
    fill_metavars(app)  # NAME instead of typer's <str> in --help (support/run/metavars.py)
    guard_commands(app)  # the one error boundary: one line, the documented exit code (support/run/boundary.py)
    return app


def __getattr__(name: str) -> Any:
    """``from support.run.cli import app`` (tests, CliRunner): the full command line, built on first use."""
    if name == "app":
        return build_app()
    raise AttributeError(name)


def _command_of(argv: list[str]) -> str | None:
    """The command named on the line (the first word that is not an option), if any."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main() -> None:
    """The one error boundary of every command (support/run/boundary.py). click runs without its standalone
    mode so that its usage errors reach us and are printed as one line (usage_line), not typer's box."""
    argv = take_debug_flag(sys.argv[1:])
    try:
        with boundary():
            code = build_app(_command_of(argv))(args=argv, prog_name="jump", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except click_errors.NoArgsIsHelpError as bare:  # ./jump alone: the command list
        bare.show()
        code = int(ExitCode.USAGE)
    except click_errors.UsageError as exc:
        print(usage_line(exc), file=sys.stderr, flush=True)
        code = int(ExitCode.USAGE)
    except typer.Abort:  # Ctrl-C outside a command: the same line and exit code as inside one
        code = int(report(KeyboardInterrupt()))
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
