"""benchmarks/concurrency.py still runs end to end: behaviour, never speed.

Six flows, two reads each, against its own platform process: exit 0 (which includes its check
that no test row is left and no seat was sold twice), both phases measured, the reads in flight
together (an overlap factor of about 1 would mean the transport sends one request at a time).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.stack.lifecycle import LocalStack

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "concurrency.py"
FLOWS = 6


@pytest.mark.slow
def test_concurrency_benchmark_runs_both_phases_and_cleans_up(local_stack: LocalStack) -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--flows", str(FLOWS), "--reads", "2", "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert "clean-up verified" in proc.stderr, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["clean_up_ok"] is True
    (result,) = report["results"]
    assert result["flows"] == FLOWS and result["reads"]["requests"] == 2 * FLOWS
    assert result["reads"]["overlap"] > 2, result["reads"]
    assert result["sold_twice"] == 0 and result["entitled_twice"] == 0
    assert result["sold"] == result["paid_orders"] == result["checkouts_accepted"] == result["seats_available"] == FLOWS // 2
    assert result["checkout"]["operations"]["reserveSeats"]["requests"] == FLOWS
