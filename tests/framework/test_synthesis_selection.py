"""The minutes-long synthesis tests stay deselected whatever -m selects, unless -m names them.

Collects tests/framework/test_synthesis.py (two ``synthesis`` tests, two others) in a pytest
subprocess with this project's own pytest.ini and conftest, its JUnit and requirement files sent to
a temporary folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.synthesis_selection import names_synthesis

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests/framework/test_synthesis.py"
LONG = {f"{MODULE}::test_synthesis_finds_nothing_on_the_hardened_sandbox_and_leaves_no_row",
        f"{MODULE}::test_synthesis_reports_lax_coercion_when_the_protection_is_undone"}


def collected(tmp_path: Path, *args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           f"--junitxml={tmp_path / 'pytest.xml'}", f"--requirements-json={tmp_path / 'proofs.json'}",
                           *args, MODULE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 5), proc.stdout + proc.stderr       # 5: everything deselected
    return {line for line in proc.stdout.splitlines() if line.startswith(f"{MODULE}::")}


def test_only_an_m_naming_the_marker_selects_the_synthesis_runs(tmp_path: Path) -> None:
    others = collected(tmp_path, "-m", "not slow")      # an -m of its own: pytest.ini's default no longer applies
    assert others and not others & LONG, others
    assert collected(tmp_path, "-m", "synthesis") == LONG                    # make synthesis, CI's synthesis job


@pytest.mark.parametrize(("expression", "named"), [("synthesis", True), ("slow or synthesis", True), ("(synthesis)", True),
                                                   ("not synthesis", True), ("slow", False), ("", False),
                                                   ("synthesis_fast", False), ("presynthesis", False)])
def test_which_expressions_name_the_marker(expression: str, named: bool) -> None:
    assert names_synthesis(expression) is named


def test_a_synthesis_test_named_by_its_node_id_runs(tmp_path: Path) -> None:
    """Naming one test is asking for it: it is not deselected as "1 deselected" (exit 5, nothing run)."""
    one = sorted(LONG)[0]
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           f"--junitxml={tmp_path / 'pytest.xml'}", f"--requirements-json={tmp_path / 'proofs.json'}", one],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and {line for line in proc.stdout.splitlines() if line.startswith(f"{MODULE}::")} == {one}, proc.stdout
