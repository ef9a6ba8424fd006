"""Real metavars in ``--help``: ``--env NAME`` instead of typer's ``<str>``, nothing after a flag.

typer shows the Python type (``<str>``, ``<bool>``, ``<list[str]>``) for an option without a
``metavar=``; this fills in the option's own name in capitals for every option that has none
(an explicit ``metavar=`` on the option wins), so no command can forget one.
"""

from __future__ import annotations

import inspect

import click
import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import OptionInfo


def _bare_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.metavar = ""
    return option


def _no_type(ctx: click.Context) -> None:
    return None


class _NoHelpMetavar(TyperCommand):
    """typer's command whose ``--help`` row shows no ``<bool>`` either, nor an argument's ``<list[str]>``."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bare_help(super().get_help_option(ctx))

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperArgument) and param.metavar:  # its metavar already says what it takes
                param.display_type_rich = _no_type  # type: ignore[method-assign]
        return params


class _NoHelpMetavarGroup(TyperGroup):
    """The same for ``jump --help``."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bare_help(super().get_help_option(ctx))


def _name(info: OptionInfo, parameter: str) -> str:
    longs = [d for d in (info.param_decls or ()) if d.startswith("--")]
    raw = longs[0].split("/")[0] if longs else parameter
    return raw.lstrip("-").replace("-", "_").upper()


def fill_metavars(app: typer.Typer) -> None:
    """Gives every option of ``app``'s commands without a metavar its name (flags get none)."""
    if not isinstance(app.info.cls, type) or app.info.cls is TyperGroup:  # typer's DefaultPlaceholder
        app.info.cls = _NoHelpMetavarGroup
    for command in app.registered_commands:
        if command.callback is None:
            continue
        if command.cls in (None, TyperCommand):
            command.cls = _NoHelpMetavar
        for name, parameter in inspect.signature(command.callback).parameters.items():
            info = parameter.default
            if isinstance(info, OptionInfo) and info.metavar is None:
                info.metavar = "" if parameter.annotation in (bool, "bool") else _name(info, name)
