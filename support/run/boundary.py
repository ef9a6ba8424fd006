"""The error boundary of every command and every worker: one line, the documented exit code.

An error that ends a command is printed as ONE line on stderr (what is wrong and what to do) and
the process exits with ``exit_codes.exit_code_for(error)``; no traceback unless ``--debug`` or
``JUMP_DEBUG=1`` asks for it. Unexpected errors (framework bugs) get a line that says so.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import typer
from typer._click import exceptions as click_errors  # typer vendors click; only Exit/Abort/BadParameter are public
from typer.exceptions import TyperException

from support.config.errors import hide_url_password
from support.config.secrets import mask
from support.errors import CONFIG_PREFIX, JumpError
from support.run.exit_codes import ExitCode, exit_code_for

DEBUG_ENV = "JUMP_DEBUG"
P = ParamSpec("P")
R = TypeVar("R")


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def one_line(exc: BaseException) -> str:
    """The line printed for ``exc``: ``error: ...`` (``config error: ...`` for configuration), masked."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, JumpError):
        text = _first_line(exc)
        line = text if text.startswith((CONFIG_PREFIX, "usage error: ", "error: ")) else f"error: {text}"
    elif exit_code_for(exc) == ExitCode.UNREACHABLE:
        line = f"error: environment unreachable: {type(exc).__name__}: {_first_line(exc)}"
    else:
        line = (f"internal error: {type(exc).__name__}: {_first_line(exc)} "
                f"(a framework bug: rerun with --debug for the traceback and report it)")
    return mask(hide_url_password(line))


def report(exc: BaseException) -> ExitCode:
    """Prints ``exc`` as its one line (and the traceback when debugging); returns its exit code."""
    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)
    print(one_line(exc), file=sys.stderr, flush=True)
    return exit_code_for(exc)


@contextmanager
def boundary() -> Iterator[None]:
    """Around a whole command: any error becomes its line and its exit code.

    typer's own exits (typer.Exit, its usage errors, Abort) pass: they already carry their code."""
    try:
        yield
    except (typer.Exit, typer.Abort, TyperException):
        raise
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - this IS the one boundary
        raise typer.Exit(int(report(exc))) from None


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """``command`` run inside :func:`boundary` (the signature stays visible to typer)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with boundary():
            return command(*args, **kwargs)

    return run


def guard_commands(app: typer.Typer) -> None:
    """Puts every registered command of ``app`` behind the boundary (also when called by CliRunner)."""
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = guarded(info.callback)


def usage_line(exc: click_errors.UsageError) -> str:
    """click's usage error (an unknown option or command, a value its type refuses) as one line naming the
    command and where its options are listed, instead of typer's five-line box."""
    where = exc.ctx.command_path if exc.ctx is not None else "jump"
    return f"usage error: {where}: {' '.join(exc.format_message().split())} ({where} --help lists them)"


def take_debug_flag(argv: list[str]) -> list[str]:
    """``--debug`` anywhere before ``--`` turns tracebacks on (``JUMP_DEBUG=1``) and is removed."""
    end = argv.index("--") if "--" in argv else len(argv)
    if "--debug" in argv[:end]:
        os.environ[DEBUG_ENV] = "1"
        argv = [a for i, a in enumerate(argv) if not (a == "--debug" and i < end)]
    return argv
