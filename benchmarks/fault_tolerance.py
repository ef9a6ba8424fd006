#!/usr/bin/env python3
"""The whole suite against a platform that answers 5% of requests with a transient 503 (FT-001.4).

A second platform process on the local stack's databases injects the faults
(``LocalStack.extra_platform(PlatformOptions(fault_503_rate=...))``); the suite is pointed at it
with CLI overrides, exactly as at any other deployment. Printed: the outcome, how many platform
calls were retried (the workers count every ``jump_retry``), how many scenarios needed a
rerun (non-idempotent calls are never retried, so a 503 on one fails its scenario: FLAKY when
the rerun passes), and the run's record from the results history.

    .venv/bin/python benchmarks/fault_tolerance.py [--rate 0.05] [--parallel 2] [--rerun-failed 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from support.run.events import ScenarioFinished as ScenarioEvent  # noqa: E402
from support.run.events import read_all as read_events  # noqa: E402
from support.stack.lifecycle import LocalStack  # noqa: E402
from support.stack.state import PlatformOptions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--rerun-failed", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    stack = LocalStack()
    stack.up()
    # the rate limit is raised so that only the injected 503s are measured, not 429s
    options = PlatformOptions(fault_503_rate=args.rate, fault_seed=int(time.time()), rate_limit_per_second=100000, rate_limit_burst=100000)
    with tempfile.TemporaryDirectory(prefix="jump-faults-") as tmp, stack.extra_platform(options) as url:
        reports = Path(tmp)
        started = time.perf_counter()
        proc = subprocess.run(
            [str(REPO / "jump"), "test:run", "--quiet", "--no-report", "--parallel", str(args.parallel),
             "--rerun-failed", str(args.rerun_failed), "--set", f"platform.rest_url={url}",
             "--set", f"platform.graphql_url={url}/graphql", "--set", f"reporting.reports_dir={reports}"],
            cwd=REPO, capture_output=True, text=True)
        wall = time.perf_counter() - started
        events = [e for path in reports.glob("runs/*/events.jsonl") for e in read_events(path) if isinstance(e, ScenarioEvent)]
    attempts: dict[str, list[ScenarioEvent]] = {}
    for event in sorted(events, key=lambda e: e.at):
        attempts.setdefault(event.location, []).append(event)
    finals = Counter()
    for tries in attempts.values():
        last = tries[-1].status
        finals["flaky" if last == "passed" and len(tries) > 1 else last] += 1
    figures = {
        "fault_503_rate": args.rate, "exit_code": proc.returncode, "wall_s": round(wall, 1), "scenarios": len(attempts),
        "final": dict(finals), "retried_calls": sum(e.retries for e in events),
        "scenarios_with_retries": sum(1 for tries in attempts.values() if any(e.retries for e in tries)),
        "reruns": len(events) - len(attempts),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"platform with {args.rate:.0%} transient 503s: exit {proc.returncode} in {wall:.1f}s")
        print(f"scenarios: {len(attempts)}  final: {dict(finals)}")
        print(f"platform calls retried: {figures['retried_calls']} (in {figures['scenarios_with_retries']} scenarios); "
              f"scenario reruns: {figures['reruns']}")
        if proc.returncode not in (0, 1):
            print(proc.stderr.strip()[-500:])
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
