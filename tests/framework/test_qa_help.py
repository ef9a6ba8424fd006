"""Help for QA engineers: undefined steps, feature paths, unknown areas and --help, as a user meets them.

Each test runs the real command line (or plain behave) in a subprocess on a scratch copy of the
project, so a typo'd feature never lands in features/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.run.behave_runner import REPO
from tests.framework.test_error_boundary import jump, one_line, scratch_project  # noqa: F401 - the fixture

TYPO = 'Feature: Typo\n\n  Scenario: mistyped\n    Given fan "Maya" is registred\n    When Maya checks out with a valid card\n'
UNDEFINED_LINE = ('error: undefined step at features/pricing/typo.feature:4: "Given fan "Maya" is registred"; '
                  'nearest phrases: "fan "{name:Name}" is registered"; "[^"]+"; "[^"]+"; every phrase: ./jump steps:list')


def test_an_undefined_step_in_test_run_names_where_the_nearest_phrases_and_the_catalog(scratch_project: Path) -> None:  # noqa: F811
    (scratch_project / "features" / "pricing" / "typo.feature").write_text(TYPO)
    proc = jump("test:run", "features/pricing/typo.feature", "--dry-run", cwd=scratch_project,
                env={"PYTHONPATH": str(scratch_project), "JUMP_RUN__MANAGE_LOCAL_STACK": "false"})
    assert re.fullmatch(UNDEFINED_LINE, one_line(proc, 2))


def test_an_undefined_step_in_plain_behave_is_the_same_line_before_anything_runs(scratch_project: Path) -> None:  # noqa: F811
    (scratch_project / "features" / "pricing" / "typo.feature").write_text(TYPO)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUMP_", "CI_"))}
    proc = subprocess.run([sys.executable, "-m", "behave", "features/pricing/typo.feature"], cwd=scratch_project,
                          env={**env, "PYTHONPATH": str(scratch_project), "JUMP_RUN__MANAGE_LOCAL_STACK": "false"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # behave turns a before_all stop into HOOK-ERROR, exit 1
    assert re.search(UNDEFINED_LINE, proc.stderr), proc.stderr
    assert "snippets" not in proc.stdout and "@given(u'" not in proc.stdout  # no Python snippet for a QA engineer


def test_test_run_takes_a_feature_path_and_a_path_with_a_line() -> None:
    proc = jump("test:run", "features/checkout/buying_tickets.feature:11", "features/pricing", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "features/checkout/buying_tickets.feature:11" in proc.stdout.replace("…", "") or "A fan buys two seats" in proc.stdout
    assert "Seats in a VIP section" not in proc.stdout


def test_a_path_that_does_not_exist_is_exit_2() -> None:
    assert one_line(jump("test:run", "features/checkout/nope.feature:3", "--dry-run"), 2).startswith(
        "usage error: no feature file or folder at features/checkout/nope.feature:3")


@pytest.mark.req("CFG-001.2")
def test_an_unknown_flow_lists_the_known_areas() -> None:
    line = one_line(jump("test:run", "--flow", "checkot", "--dry-run"), 2)
    areas = ", ".join(sorted(p.name for p in (REPO / "features").iterdir() if p.is_dir()))
    assert line == (f"usage error: unknown --flow 'checkot' (did you mean checkout?): no features/ folder and no "
                    f"scenario tagged @checkot; known areas: {areas}")


def test_help_shows_names_not_python_types() -> None:
    for command in ("--help", "test:run --help", "test:report --help", "test:generate --help"):
        proc = jump(*command.split(), env={"COLUMNS": "200"})
        assert proc.returncode == 0, proc.stderr
        assert not re.search(r"<(str|bool|int|float|list\[\w+\]|path)>", proc.stdout), (command, proc.stdout)
    assert re.search(r"--env\s+ENV", jump("test:run", "--help", env={"COLUMNS": "200"}).stdout)


def test_a_gherkin_syntax_error_in_plain_behave_is_one_line_naming_file_line_and_what(scratch_project: Path) -> None:  # noqa: F811
    (scratch_project / "features" / "pricing" / "broken.feature").write_text(
        "Feature: Broken\n\n  Scenario: fine\n    Given a step\n\n  Scenari: misspelt\n    Given another\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUMP_", "CI_"))}
    proc = subprocess.run([sys.executable, "-m", "behave", "features/pricing/broken.feature"], cwd=scratch_project,
                          env={**env, "PYTHONPATH": str(scratch_project), "JUMP_RUN__MANAGE_LOCAL_STACK": "false"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip() == ('error: features/pricing/broken.feature:6: Gherkin syntax error: unexpected "Scenari: misspelt" '
                                   "(while reading steps): fix the feature file")
    assert "ParserError" not in proc.stdout + proc.stderr
