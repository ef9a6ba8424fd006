"""The automatic check after the last step, through the real hooks, steps, platform and database.

A plugin lowers the stored total of the paid order by one cent after the platform answered
(tests/framework/stored_state_probe.py); every step of the scenario passes. The check after the
last step must fail it where everyone looks: behave's exit code, the Allure result (and so the
JUnit file built from it) with a failed step naming API and stored figures; the cleanup still runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from data_factories import ledger
from data_factories.namespace import new_namespace
from support.contracts.gate import ENTRY_NAME
from support.db.pool import Databases
from support.reporting.pipeline import build_reports
from support.run.run_folder import RUN_DIR_ENV

REPO = Path(__file__).resolve().parents[2]
FEATURE = REPO / "tests" / "acceptance_fixtures" / "stored_total_off.feature"
LATE_STEP = "Then what was stored matches what the platform said (checked after the last step)"


def test_a_wrong_stored_total_fails_the_scenario_after_its_last_step(databases: Databases, dsns: dict[str, str],
                                                                      tmp_path: Path) -> None:
    namespace, run_dir = new_namespace(), tmp_path / "run"
    allure_dir = run_dir / "allure-results"  # built from the stream the plain behave run wrote into its run folder
    env = dict(os.environ, JUMP_NAMESPACE=namespace, JUMP_ENV="local", PYTHONPATH=str(REPO), PROBE_INVENTORY_DSN=dsns["inventory"],
               **{RUN_DIR_ENV: str(run_dir)})
    proc = subprocess.run(
        [sys.executable, "-m", "tests.framework.stored_state_probe", "--no-color", "-f", "plain", str(FEATURE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]
    assert "HOOK-ERROR in after_scenario: ExpectationFailed: what was stored differs" in out
    assert "API said total $20.00, stored total_cents 1999 (inventory.\"order\" id=" in out
    build_reports(None, run_dir, html=False)
    results = [json.loads(p.read_text()) for p in allure_dir.glob("*-result.json")]
    [result] = [r for r in results if r["name"] != ENTRY_NAME]  # besides the contract gate's own entry
    assert result["status"] == "failed"
    assert "API said total $20.00, stored total_cents 1999" in result["statusDetails"]["message"]
    steps = [(s["name"], s["status"]) for s in result["steps"]]
    assert steps[-2:] == [('Then 4 seats in section "A" are still available', "passed"), (LATE_STEP, "failed")]
    assert any(a["name"] == "stored state reconciled" for a in result.get("attachments", []))
    assert ledger.entries(databases.results, namespace) == []  # the cleanup ran after the check
