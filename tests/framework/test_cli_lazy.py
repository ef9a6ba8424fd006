"""The lazy command line (support/run/cli.py): its table of commands matches what the modules
register, and a quick command does not load the run engine."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer

from support.run.behave_runner import REPO
from support.run.cli import COMMANDS, MODULES, build_app


def _registered_by(module: str) -> list[str]:
    app = typer.Typer()
    importlib.import_module(f"support.run.{module}").register(app)
    return [info.name or "" for info in app.registered_commands]


def test_the_table_names_every_command_of_every_module_and_no_other() -> None:
    registered = {name: module for module in MODULES for name in _registered_by(module)}
    assert registered == COMMANDS, "support/run/cli.py COMMANDS is out of date: add the new command with its module"


def test_a_command_named_on_the_line_builds_a_group_with_only_that_module() -> None:
    names = [info.name for info in build_app("test:history").registered_commands]
    assert names == ["test:history"]
    assert {info.name for info in build_app().registered_commands} == set(COMMANDS)


def test_test_history_starts_without_the_engine_the_clients_or_the_factories() -> None:
    probe = ("import sys; from support.run.cli import build_app; build_app('test:history'); "
             "print(','.join(m for m in ('support.run.engine', 'support.session', 'factory', 'openapi_core', 'sqlalchemy') "
             "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip() == ""


def test_an_unknown_command_still_gets_typers_suggestions_from_the_full_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "support.run.cli", "test:histroy"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert "test:history" in proc.stderr
