#!/usr/bin/env python3
"""The results history with a million stored scenario results: how long ``./jump test:history`` takes.

Seeds ``--count`` results (default 1,000,000) into the local results database with COPY: one
suite of ``--cases`` scenarios (default 400), ``count / cases`` runs spread over the last 20 days,
so every result falls into test:history's 30-day window (the worst case: all of them aggregated).
Then, ``--repeat`` times each (best and median reported):

  (a) ./jump test:history               the whole command in a child process (start-up included)
  (b) its queries in this process       recent runs + slowest/flakiest (HistoryStore.scenario_stats)
  (c) the former per-case query         the join-then-group-by-text query test:history used before
                                        migration 002 and scenario_stats; (c)/(b) is the gain

The target (issue 10) is (a) under 2 s. Everything seeded is removed again (also on failure or
Ctrl-C), and the script checks that nothing of it is left (exit code 1 if anything is).

    .venv/bin/python benchmarks/history.py [--count 1000000] [--cases 400] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg2

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from support.results.store import HistoryStore  # noqa: E402

TARGET_S = 2.0
CHUNK_ROWS = 100_000  # COPY text per chunk: bounded memory at any --count
OLD_PER_CASE = (  # what test:history ran per table before (slowest; flakiest was the same with another score)
    "SELECT s.name AS feature, c.name, c.location, avg(r.duration_s) AS score, count(*) AS runs,"
    " count(*) FILTER (WHERE r.flaky) AS flaky, count(*) FILTER (WHERE r.status = 'failed') AS failed,"
    " avg(r.duration_s) AS mean_s, max(r.duration_s) AS max_s, sum(r.retries) AS retries"
    " FROM test_results r JOIN test_cases c ON c.id = r.case_id JOIN test_suites s ON s.id = c.suite_id"
    " WHERE r.recorded_at >= now() - make_interval(days => 30) AND r.status <> 'skipped'"
    " GROUP BY s.name, c.name, c.location ORDER BY score DESC, c.location LIMIT 10")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="scenario results to seed (default 1000000)")
    parser.add_argument("--cases", type=int, default=400, help="distinct scenarios (default 400)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args(argv)
    if args.count < 1 or args.cases < 1 or args.repeat < 1 or args.cases > args.count:
        parser.error("--count, --cases and --repeat must be at least 1, and --cases at most --count")
    return args


def _copy(cur: Any, table: str, columns: str, lines: Any) -> None:
    buffer = io.StringIO()
    buffer.writelines(lines)
    buffer.seek(0)
    cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer, size=1 << 20)


def seed(store: HistoryStore, tag: str, count: int, cases: int) -> float:
    """Writes the suite, its cases, the runs and ``count`` results in one transaction; returns seconds."""
    started = time.perf_counter()
    rng = secrets.SystemRandom()
    runs = -(-count // cases)
    now = dt.datetime.now(dt.UTC)
    with store._cursor() as cur:  # noqa: SLF001 - the store's own search_path and transaction
        cur.execute("INSERT INTO test_suites (name, path) VALUES (%s, 'benchmarks') RETURNING id", (f"history benchmark {tag}",))
        suite = cur.fetchone()["id"]
        case_ids = [str(uuid.uuid4()) for _ in range(cases)]
        _copy(cur, "test_cases", "id, suite_id, name, location",
              (f"{cid}\t{suite}\tscenario {i}\tfeatures/benchmark/{tag}.feature:{i + 1}\n" for i, cid in enumerate(case_ids)))
        report_ids = [str(uuid.uuid4()) for _ in range(runs)]
        stamps = [now - dt.timedelta(days=20) * (1 - k / runs) for k in range(runs)]
        _copy(cur, "test_reports", "id, environment, exit_code, started_at, generated_at, data",
              (f"{rid}\tlocal\t0\t{t.isoformat()}\t{t.isoformat()}\t{json.dumps({'benchmark': tag, 'passed': cases})}\n"
               for rid, t in zip(report_ids, stamps, strict=True)))
        written = 0
        while written < count:
            n = min(CHUNK_ROWS, count - written)
            lines = []
            for k in range(written, written + n):
                run, case = divmod(k, cases)
                status = "failed" if rng.random() < 0.01 else "skipped" if rng.random() < 0.02 else "passed"
                flaky = "t" if rng.random() < 0.01 else "f"
                lines.append(f"{report_ids[run]}\t{case_ids[case]}\t{status}\t{flaky}\t{rng.uniform(0.05, 4):.3f}\t0\t1\t"
                             f"{stamps[run].isoformat()}\n")
            _copy(cur, "test_results", "report_id, case_id, status, flaky, duration_s, retries, attempts, recorded_at", lines)
            written += n
        cur.execute("ANALYZE test_results")
    return time.perf_counter() - started


def remove(store: HistoryStore, tag: str) -> tuple[float, int]:
    """Deletes the seeded runs (their results cascade) and the suite (its cases cascade); returns (seconds, left)."""
    started = time.perf_counter()
    with store._cursor() as cur:  # noqa: SLF001
        cur.execute("DELETE FROM test_reports WHERE data->>'benchmark' = %s", (tag,))
        cur.execute("DELETE FROM test_suites WHERE name = %s", (f"history benchmark {tag}",))
    seconds = time.perf_counter() - started
    with store._cursor() as cur:  # noqa: SLF001
        cur.execute("SELECT (SELECT count(*) FROM test_reports WHERE data->>'benchmark' = %s)"
                    " + (SELECT count(*) FROM test_cases c JOIN test_suites s ON s.id = c.suite_id WHERE s.name = %s) AS n",
                    (tag, f"history benchmark {tag}"))
        return seconds, int(cur.fetchone()["n"])


def timed(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


CPU: list[float] = []  # CPU seconds (user + sys) of each command run: less disturbed by a busy machine than wall time


def command() -> None:
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(["./jump", "test:history", "--env", "local"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        CPU.append(usage.ru_utime + usage.ru_stime)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"./jump test:history failed: {err.read().strip()}")


def old_query(store: HistoryStore) -> None:
    with store._cursor() as cur:  # noqa: SLF001
        cur.execute(OLD_PER_CASE)
        cur.fetchall()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from support.results.connect import history_store
    from support.run.settings_loader import load_for_cli

    store = history_store(load_for_cli("local"))
    store.migrate()
    tag = secrets.token_hex(4)
    result: dict[str, Any] = {"count": args.count, "cases": args.cases, "repeat": args.repeat}
    try:
        result["seed_s"] = seed(store, tag, args.count, args.cases)
        runs = {"command": timed(command, args.repeat),
                "command_cpu": list(CPU),
                "queries": timed(lambda: (store.recent_runs(10), store.scenario_stats(10, 30)), args.repeat),
                "old_query": timed(lambda: old_query(store), args.repeat)}
        result["best_s"] = {k: min(v) for k, v in runs.items()}
        result["median_s"] = {k: statistics.median(v) for k, v in runs.items()}
    finally:
        result["remove_s"], result["left"] = remove(store, tag)
    CPU.clear()
    result["empty_command_s"] = min(timed(command, args.repeat))  # the same command without the seeded results
    result["empty_command_cpu_s"] = min(CPU)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        best, median = result["best_s"], result["median_s"]
        print(f"{args.count:,} results of {args.cases} scenarios seeded with COPY in {result['seed_s']:.1f} s, best of {args.repeat}")
        print(f"  (a) ./jump test:history          {best['command']:6.2f} s  (median {median['command']:.2f} s; target {TARGET_S:.0f} s:"
              f" {'met' if best['command'] <= TARGET_S else 'NOT met'})")
        print(f"      its CPU time (user + sys)    {best['command_cpu']:6.2f} s  (median {median['command_cpu']:.2f} s)")
        print(f"      the same without them        {result['empty_command_s']:6.2f} s  (CPU {result['empty_command_cpu_s']:.2f} s:"
              " the command's start-up)")
        print(f"  (b) its queries                  {best['queries']:6.2f} s  (median {median['queries']:.2f} s)")
        print(f"  (c) former per-case query (x1)   {best['old_query']:6.2f} s  (median {median['old_query']:.2f} s);"
              f" test:history ran it twice: (2c)/(b) = {2 * best['old_query'] / best['queries']:.1f}")
        print(f"  removed again in {result['remove_s']:.1f} s")
    if result["left"]:
        print(f"CLEAN-UP INCOMPLETE: {result['left']} seeded rows left", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except psycopg2.OperationalError as exc:
        print(f"error: results database unreachable: {str(exc).strip().splitlines()[0]} (./jump stack:up?)", file=sys.stderr)
        sys.exit(3)
