#!/usr/bin/env python3
"""Speed-up of ``./jump test:run --parallel N`` (FT-001.2): the same selection with 1 worker and
with N, one after the other, wall time of the whole command (start-up, preflight, workers, merge).

Printed with the figures that bound the ratio, read from the workers' event files: the sum of
scenario durations (the work), the longest single scenario (no split can beat it), the @serial
part (runs alone by design), and the CPU the run used (this machine's cores are the other bound).

    .venv/bin/python benchmarks/parallel_speedup.py [--workers 4] [--tags EXPR] [--flow AREA] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from support.run.events import ScenarioFinished as ScenarioEvent  # noqa: E402
from support.run.events import read_all as read_events  # noqa: E402


def run(workers: int, selection: list[str], reports: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([str(REPO / "jump"), "test:run", "--quiet", "--no-report", "--no-history", "--parallel", str(workers),
                           "--set", f"reporting.reports_dir={reports}", *selection], cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # failing scenarios still time the engine; 2/3 mean no run
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"the run with --parallel {workers} exited {proc.returncode}")
    events = [e for path in reports.glob("runs/*/events.jsonl") for e in read_events(path) if isinstance(e, ScenarioEvent)]
    serial = sum(e.duration_s for e in events if "serial" in e.tags)
    return {"wall_s": wall, "scenarios": len(events), "failed": sum(e.status == "failed" for e in events), "work_s": sum(e.duration_s for e in events),
            "longest_s": max((e.duration_s for e in events), default=0.0), "serial_s": serial,
            "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tags", action="append", default=[])
    parser.add_argument("--flow", action="append", default=[])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    selection = [f"--tags={t}" for t in args.tags] + [f"--flow={f}" for f in args.flow]
    with tempfile.TemporaryDirectory(prefix="jump-speedup-") as tmp:
        one = run(1, selection, Path(tmp) / "p1")
        many = run(args.workers, selection, Path(tmp) / f"p{args.workers}")
    ratio = one["wall_s"] / many["wall_s"]
    bound = max(many["longest_s"], (one["work_s"] - one["serial_s"]) / args.workers) + one["serial_s"]
    figures = {"parallel_1": one, f"parallel_{args.workers}": many, "speedup": ratio, "cores": os.cpu_count(),
               "lower_bound_s": bound}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"scenarios: {one['scenarios']} (failed: {one['failed']} / {many['failed']})   cores: {os.cpu_count()}")
    print(f"--parallel 1: {one['wall_s']:6.1f} s wall  ({one['work_s']:.1f} s of scenarios, {one['cpu_s']:.1f} s CPU)")
    print(f"--parallel {args.workers}: {many['wall_s']:6.1f} s wall  ({many['work_s']:.1f} s of scenarios, {many['cpu_s']:.1f} s CPU)")
    print(f"speed-up: {ratio:.2f}x")
    print(f"bounds: longest scenario {one['longest_s']:.1f} s, @serial part {one['serial_s']:.1f} s (runs alone), "
          f"ideal wall with {args.workers} workers >= {bound:.1f} s; CPU used {many['cpu_s']:.1f} s over "
          f"{os.cpu_count()} cores >= {many['cpu_s'] / (os.cpu_count() or 1):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
