"""After a behave run the platform's tables hold what they held before, also when a scenario failed.

Runs the real hooks and steps on tests/acceptance_fixtures/fails_halfway.feature: the scenario
creates an event, a fan and a paid order (platform-created order, payment and entitlements), then
fails on purpose. The run's namespace is fixed so its rows can be recognised.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data_factories import ledger
from data_factories.namespace import new_namespace
from support.db.pool import Databases
from support.db.queries import fetch_value
from support.db.snapshot import diff
from tests.framework.db_support import platform_snapshots

REPO = Path(__file__).resolve().parents[2]
FEATURE = REPO / "tests" / "acceptance_fixtures" / "fails_halfway.feature"


def _run_behave(namespace: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    # cwd without a behave.ini: no Allure/JUnit output that would mix with a real run's reports
    env = dict(os.environ, JUMP_NAMESPACE=namespace, JUMP_ENV="local", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "behave", "--no-color", "-f", "plain", str(FEATURE)],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.req("TDG-001.4")
def test_failed_scenario_leaves_no_rows(databases: Databases, tmp_path: Path) -> None:
    namespace = new_namespace()
    before = platform_snapshots(databases)

    proc = _run_behave(namespace, tmp_path)

    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "1 failed" in proc.stdout and "Cleanup Probe" not in proc.stderr
    assert ledger.entries(databases.results, namespace) == []
    assert fetch_value(databases.inventory, "SELECT count(*) FROM fan WHERE email LIKE %s", (f"%{namespace}%",)) == 0
    assert fetch_value(databases.events, "SELECT count(*) FROM event WHERE name LIKE %s", (f"%{namespace}%",)) == 0
    after = platform_snapshots(databases)
    if all(before[n].row_counts() == after[n].row_counts() for n in before):
        return  # every table holds exactly as many rows as before the run
    # counts moved: only other engineers' concurrent runs may explain it, none of it may be ours
    leaked = [f"{name}.{table}: {row}" for name in before
              for table, change in diff(before[name], after[name]).tables.items()
              for row in change.inserted if namespace in str(row)]
    assert leaked == []
