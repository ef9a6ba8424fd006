"""The one error type of the stack: its message is the single line the CLI prints."""


from support.errors import JumpError


class StackError(JumpError):
    """The local stack could not be brought up, inspected or stopped."""
