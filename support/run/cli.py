"""./jump: the command line of the Jump Testing Framework (typer + rich)."""

from __future__ import annotations

import sys

import typer

from support.run import (
    config_commands,
    data_commands,
    db_commands,
    docs_commands,
    generate_commands,
    history_commands,
    report_commands,
    schema_commands,
    stack_commands,
    test_commands,
)
from support.run.boundary import boundary, guard_commands, take_debug_flag
from support.run.metavars import fill_metavars

app = typer.Typer(
    name="jump",
    help="Jump Testing Framework: run acceptance journeys, generate data, report, and manage the local stack.\n\n"
    "Exit codes: 0 all passed, 1 test failures, 2 usage or configuration error, 3 environment unreachable "
    "(docs/cli.md). Errors are one line; --debug (or JUMP_DEBUG=1) adds the traceback.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
stack_commands.register(app)
config_commands.register(app)
schema_commands.register(app)
test_commands.register(app)
report_commands.register(app)
history_commands.register(app)
db_commands.register(app)
data_commands.register(app)
docs_commands.register(app)
generate_commands.register(app)
fill_metavars(app)  # NAME instead of typer's <str> in --help (support/run/metavars.py)
guard_commands(app)  # the one error boundary: one line, the documented exit code (support/run/boundary.py)


def main() -> None:
    """The one error boundary of every command (support/run/boundary.py)."""
    argv = take_debug_flag(sys.argv[1:])
    with boundary():
        app(args=argv, prog_name="jump")


if __name__ == "__main__":
    main()
