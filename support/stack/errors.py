"""The one error type of the stack: its message is the single line the CLI prints."""


class StackError(Exception):
    """The local stack could not be brought up, inspected or stopped."""
