"""Settings for CLI commands: load and resolve "auto" from the running local stack.

Errors are not handled here: they reach the CLI's one boundary (support/run/boundary.py), which
prints the line and exits with the documented code (a bad value 2, a local stack that is down 3).
Nothing here starts a process; ``./jump test:run`` starts the local stack as a step of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from support.config import FrameworkSettings, load_settings, resolve_auto


def load_for_cli(
    env: str | None = None, overrides: Mapping[str, str] | None = None, *, resolve: bool = True
) -> FrameworkSettings:
    """The settings of ``env`` with "auto" resolved from the running local stack."""
    settings = load_settings(env, dict(overrides) if overrides else None)
    return resolve_auto(settings) if resolve else settings
