"""The CLI's documented exit codes (README, docs/cli.md)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0               # every scenario passed / the command did its job
    TEST_FAILURES = 1    # at least one scenario failed (or a gate such as --fail-under)
    USAGE = 2            # bad flags, invalid or missing configuration
    UNREACHABLE = 3      # the platform or a database could not be reached
