"""./jump test:run end to end on a small flow, and its one-line usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support.config import load_settings, resolve_auto
from support.contracts.gate import ENTRY_NAME
from support.results.connect import history_store
from support.run.behave_runner import REPO
from support.stack.lifecycle import LocalStack


def jump(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.mark.req("CFG-001.4")
@pytest.mark.parametrize(("args", "message"), [
    (["--shard", "4/3"], "usage error: --shard 4/3: I must be between 1 and N"),
    (["--shard", "two"], "usage error: --shard expects I/N such as 2/3, got 'two'"),
    (["--parallel", "0"], "usage error: --parallel expects 1 to 64 workers, got 0"),
    (["--rerun-failed", "9"], "usage error: --rerun-failed expects 0 to 5, got 9"),
    (["--set", "run.parallel"], "usage error: --set expects KEY=VALUE, got 'run.parallel'"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    proc = jump("test:run", *args)
    assert (proc.returncode, proc.stderr.strip()) == (2, message)


def test_an_invalid_tag_expression_is_one_line_and_exit_2(local_stack: LocalStack) -> None:
    proc = jump("test:run", "--dry-run", "--tags", "@a and (")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("usage error: invalid tag expression '@a and (':")


@pytest.mark.req("CI-001.2", "FT-001.5")
def test_a_parallel_run_is_one_stream_recorded_and_reported_later(local_stack: LocalStack, tmp_path: Path) -> None:
    proc = jump("test:run", "--flow", "pricing", "--parallel", "2", "--shard", "1/1", "--no-report",
                "--set", f"reporting.reports_dir={tmp_path}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run = (tmp_path / "latest").resolve()                      # the run's own folder: reports/runs/<id>
    assert run.parent == (tmp_path / "runs").resolve()
    assert (run / "events.jsonl").is_file() and not (run / "allure-results").exists()  # --no-report: the stream only
    proc = jump("test:report", "--reports-dir", str(run), "--format", "junit")        # CI's report job does this
    assert proc.returncode == 0, proc.stdout + proc.stderr
    testcases = list(ET.parse(run / "junit.xml").getroot().iter("testcase"))
    assert len(testcases) == 6 and not [case for case in testcases if len(case)]   # 5 scenarios + the contract gate, all passed
    results = [json.loads(p.read_text()) for p in (run / "allure-results").glob("*-result.json")]
    contracts = [r for r in results if r["name"] == ENTRY_NAME]  # the contract gate's own entry, every run
    assert [r["status"] for r in contracts] == ["passed"]
    assert sorted(r["status"] for r in results if r["name"] != ENTRY_NAME) == ["passed"] * 5

    store = history_store(resolve_auto(load_settings("local")))
    latest = next(run for run in store.recent_runs(20) if run["data"].get("passed") == 5 and run["parallel"] == 2)
    rows = store.report_cases(latest["id"])
    assert len(rows) == 5 and {row["location"].split(":")[0] for row in rows} == {"features/pricing/itemised_price.feature"}
    assert {row["worker"] for row in rows} == {"w0", "w1"} and latest["shard"] == "1/1"


@pytest.mark.req("CFG-001.2")
def test_a_flow_can_name_one_feature_file(local_stack: LocalStack) -> None:
    proc = jump("test:run", "--dry-run", "--flow", "pricing/itemised_price", "--flow", "checkout/buying_tickets")
    assert proc.returncode == 0, proc.stderr
    assert "10 scenario(s) selected" in proc.stdout         # 5 itemised prices and 5 purchases, nothing else
