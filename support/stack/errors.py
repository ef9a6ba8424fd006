"""The stack's error (an EnvironmentUnreachable of support/errors.py): its message is the line the CLI prints."""

from support.errors import StackError

__all__ = ["StackError"]
