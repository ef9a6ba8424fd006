"""The CLI's documented exit codes (README, docs/cli.md), and the ONE place that maps errors to them.

Every command (support/run/boundary.py wraps the whole CLI) and every worker (support/hooks.py)
asks ``exit_code_for``; no other module decides which code an error gets.
"""

from __future__ import annotations

from enum import IntEnum

from support.errors import EnvironmentUnreachable, GenerationError, JumpError, UsageError, WorkerStartupFailed


class ExitCode(IntEnum):
    OK = 0               # every scenario passed / the command did its job
    TEST_FAILURES = 1    # at least one scenario failed (or a gate such as --fail-under)
    USAGE = 2            # bad flags, invalid or missing configuration
    UNREACHABLE = 3      # the platform or a database could not be reached
    INTERRUPTED = 130    # Ctrl-C (128 + SIGINT), as shells report it


# the tree's branches and their codes, most specific first; any other error ending a command is 1
_BY_CLASS: tuple[tuple[type[JumpError], int], ...] = (
    (UsageError, 2),            # ConfigError, ShardSpecError, FeatureFileError, StepDefinitionError, OutputError...
    (GenerationError, 2),       # test:generate cannot satisfy the table: the user picks another target
    (EnvironmentUnreachable, 3),  # PlatformUnreachable, DatabaseUnreachable, VaultUnreachable, StackError
)


def _foreign_unreachable(exc: BaseException) -> bool:
    """Library errors that mean 'the environment went away' if one slips past its translation."""
    import psycopg2
    import requests

    return isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError | requests.ConnectionError | requests.Timeout)


def exit_code_for(exc: BaseException) -> ExitCode:
    """The documented exit code of an error that ends a command or a worker."""
    if isinstance(exc, WorkerStartupFailed):
        return ExitCode(exc.exit_code) if exc.exit_code in (ExitCode.USAGE, ExitCode.UNREACHABLE) else ExitCode.UNREACHABLE
    for cls, code in _BY_CLASS:
        if isinstance(exc, cls):
            return ExitCode(code)
    if _foreign_unreachable(exc):
        return ExitCode.UNREACHABLE
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    return ExitCode.TEST_FAILURES
