"""Plain ``behave`` prints one line per scenario that ran and, for a failure, its step and reason.

Runs real behave with the project's behave.ini (copied into a scratch folder, so the run's reports
stay out of the checkout), its hooks and steps, on tests/acceptance_fixtures/: one scenario
selected by name fails halfway, the others are skipped and must not be listed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support.run.behave_runner import REPO
from support.stack.lifecycle import LocalStack

FIXTURES = REPO / "tests" / "acceptance_fixtures"


def test_plain_behave_lists_only_what_ran_and_says_why_it_failed(local_stack: LocalStack, tmp_path: Path) -> None:
    shutil.copy(REPO / "behave.ini", tmp_path / "behave.ini")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("JUMP_")}, "PYTHONPATH": str(REPO),
           "JUMP_REPORTING__REPORTS_DIR": str(tmp_path / "reports")}
    proc = subprocess.run([sys.executable, "-m", "behave", "--no-color", str(FIXTURES), "--name", "Data is created"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    scenario_lines = [line for line in lines if re.match(r"^(PASSED|FAILED|SKIPPED)\b", line)]
    assert len(scenario_lines) == 1 and re.fullmatch(
        r"FAILED  .*tests/acceptance_fixtures/fails_halfway\.feature:4  Data is created, then a check fails \(\d+\.\ds\)",
        scenario_lines[0]), proc.stdout
    why = lines[lines.index(scenario_lines[0]) + 1:lines.index(scenario_lines[0]) + 4]
    assert why[0].strip().startswith('Then 6 seats in section "A" are still available  (')
    assert why[1].strip() == "seats still available in section A: expected 6, got 4"  # business words first
    assert why[2].strip().startswith("technical: support.assertions.ExpectationFailed: ")
    assert "A factory tries to create an event" not in proc.stdout and "Given an on-sale event" not in proc.stdout
    assert re.search(r"^0 scenarios passed, 1 failed, [1-9]\d* skipped$", proc.stdout, re.M)  # behave's own summary stays
    assert len(lines) < 15, proc.stdout


def test_the_venvs_behave_command_loads_the_projects_runner_and_formatter() -> None:
    """``behave`` as a user types it (the console script, no PYTHONPATH): behave.ini names support.*
    classes it imports before it adds the project to the path; `make setup` puts the checkout on the
    venv's path (jump-checkout.pth), as an editable install would."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("JUMP_")}
    proc = subprocess.run([str(Path(sys.executable).parent / "behave"), "--dry-run", "--no-color",
                           "features/checkout/gate_access.feature"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0 and "BAD_RUNNER_CLASS" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
