"""benchmarks/platform_throughput.py still runs end to end: behaviour, never speed.

Five clients for three seconds per scenario (a one-second window saw no request complete on a
machine at load 20, and this test is about behaviour, never speed) against its own platform process; the run must
exit 0 (which includes its check that no test row is left), name all three scenarios and have
measured successful requests in each of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.stack.lifecycle import LocalStack

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "platform_throughput.py"
SCENARIOS = ("rest_get_event", "graphql_availability", "reserve_release")


@pytest.mark.slow
def test_benchmark_runs_all_scenarios_and_cleans_up(local_stack: LocalStack) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "5", "--seconds", "3", "--warmup", "0.5", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    for name in SCENARIOS:
        assert name in proc.stdout, f"{name} missing from the output:\n{proc.stdout}"
    assert "clean-up verified" in proc.stderr, proc.stderr

    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["clean_up_ok"] is True
    results = {r["scenario"]: r for r in report["results"]}
    assert set(results) == set(SCENARIOS)
    for name, result in results.items():
        assert result["clients"] == 5
        operations = result["operations"]
        headline = operations[result["headline"]]
        assert headline["ok"] > 0, f"{name}: no successful request measured: {operations}"
        assert headline["p50_ms"] is not None and headline["p50_ms"] > 0
    cycle = results["reserve_release"]["operations"]
    assert cycle["reserveSeats"]["ok"] > 0 and cycle["releaseReservation"]["ok"] > 0
