#!/usr/bin/env python3
"""Throughput of the schema-driven data generator (data_factories/generator) on the local stack.

In one run, for ``--count`` inventory_item rows (default 100,000) with their parents (events, blocks,
a venue, a price code):

  (a) generate               plan + rows in memory (what ``--output`` costs before writing)
  (b) generate + insert      (a) plus COPY into both databases and the ledger roots (``--insert``)
  (c) plain COPY             ``copy_expert`` of the same rows, already serialised: the floor a
                             hand-written loader could reach; (b)/(c) is the generator's share

Rows/s count every generated row (parents included). (a)-(c) run ``--repeat`` times, interleaved,
and the best run of each is reported (the stack is shared: the best run is the least disturbed one),
with the median beside it. (a)-(c) hold the whole dataset in memory, so they run up to
``IN_MEMORY_LIMIT`` rows only.

Then, at any count, the memory figures (SRS 4.4.4: 1M+ test records), each command in a child
process whose peak resident memory comes from ``os.wait4`` (the kernel's ru_maxrss of that child):

  (d) ./jump test:generate ... --output FILE     streamed to a file (removed afterwards)
  (e) ./jump test:generate ... --insert          streamed into both databases with COPY
  (f) cleanup of (e)'s namespace                 the catalog-driven walk (large tables in bulk)

Every row inserted is removed again (also on failure or Ctrl-C), and the script checks that none
is left (exit code 1 if any is).

    .venv/bin/python benchmarks/data_generation.py [--count 100000] [--seed N] [--repeat 3] [--json]
    .venv/bin/python benchmarks/data_generation.py --count 10000000 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from data_factories.generator import Dataset, TableData, build_plan, generate, stream  # noqa: E402
from data_factories.generator.batching import BATCH_ROWS  # noqa: E402
from data_factories.generator.copy import copy_buffers, copy_in, database_order  # noqa: E402
from data_factories.generator.loader import catalogs_of, cleanup_generated, insert_dataset, root_tables  # noqa: E402
from data_factories.graph import ReferenceGraph  # noqa: E402
from data_factories.registry import Registry  # noqa: E402
from support.db.pool import Databases  # noqa: E402
from support.db.queries import fetch_value  # noqa: E402

SRS_LIMIT_S = 5.0  # the SRS allows 5 s for data generation
IN_MEMORY_LIMIT = 1_000_000  # (a)-(c) build the whole dataset in memory
MEMORY_TARGET_MB = 500  # issue 10: 10 million rows under 500 MB


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="inventory_item rows (default 100000)")
    parser.add_argument("--seed", type=int, default=None,
                        help="default: random (a fixed seed collides with a colleague's run of the same seed)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--skip-memory", action="store_true", help="leave out (d)-(f), the child-process memory runs")
    parser.add_argument("--memory-only", action="store_true", help="only (d)-(f)")
    parser.add_argument("--cleanup-namespace", help=argparse.SUPPRESS)  # (f): run as a child, for its peak memory
    args = parser.parse_args(argv)
    if args.count < 1 or args.repeat < 1:
        parser.error("--count and --repeat must be at least 1")
    if args.seed is None:
        args.seed = secrets.randbelow(2**31)
    return args


def plain_copy(databases: Databases, dataset: Dataset) -> float:
    """(c): COPY of pre-serialised buffers; the roots go into a ledger namespace first so cleanup finds the rows."""
    catalogs = catalogs_of(databases)
    buffers = copy_buffers(in_batches(dataset), catalogs)  # the generator's batch size: one COPY stays under the statement timeout
    order = database_order(dataset, reversed(ReferenceGraph(catalogs).database_order()))
    registry = Registry.open(databases)
    try:
        for table in root_tables(dataset, catalogs):
            registry.register_many(table.database, table.table, list(table.data["id"]))
        started = time.perf_counter()
        copy_in(databases, buffers, order)
        return time.perf_counter() - started
    finally:
        registry.cleanup_all()
        registry.close()


def in_batches(dataset: Dataset) -> Dataset:
    """The same rows with every table cut into BATCH_ROWS pieces (several entries of one table, in order)."""
    pieces = [TableData(t.database, t.table, t.columns, {c: t.data[c][start:start + BATCH_ROWS] for c in t.columns})
              for t in dataset.tables for start in range(0, max(t.count, 1), BATCH_ROWS)]
    return Dataset(dataset.seed, dataset.target, pieces)


def leftovers(databases: Databases, dataset: Dataset) -> dict[str, int]:
    out = {}
    for table in dataset.tables:
        ids = [str(v) for v in table.data["id"]]
        out[f"{table.database}.{table.table}"] = int(fetch_value(
            databases[table.database], f'SELECT count(*) FROM "{table.table}" WHERE id::text = ANY(%s)', (ids,)))
    return {k: v for k, v in out.items() if v}


def child(command: list[str]) -> tuple[float, float, str]:
    """Runs a command; (wall seconds, peak RSS in MB of that child, its stdout). Fails loudly on a non-zero exit."""
    with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err_file:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, stdout=out_file, stderr=err_file, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # ./jump execs Python: this is the generator's own peak
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        seconds = time.perf_counter() - started
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {err.strip() or out.strip()}")
    return seconds, usage.ru_maxrss / 1024, out


def seats_left(databases: Databases, blocks: list[str]) -> int:
    return int(fetch_value(databases["inventory"], "SELECT count(*) FROM inventory_item WHERE block_id::text = ANY(%s)", (blocks,)))


def measure_memory(databases: Databases, args: argparse.Namespace) -> dict[str, Any]:
    """(d)-(f): the CLI in child processes, each with its wall time and peak resident memory."""
    plan = build_plan(catalogs_of(databases), "inventory", "inventory_item", args.count)
    parents = stream(plan, args.seed).parents  # the parents only (the target's batches are not made here)
    blocks = [str(v) for t in parents if t.table == "inventory_block" for v in t.data["id"]]
    base = ["./jump", "test:generate", "--schema", "inventory", "--table", "inventory_item", "--count", str(args.count),
            "--seed", str(args.seed), "--env", "local"]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="jump-generate-") as folder:
        path = Path(folder) / "rows.json"
        seconds, peak, _ = child([*base, "--output", str(path)])
        figures["output"] = {"seconds": seconds, "peak_mb": peak, "file_mb": path.stat().st_size / 2**20}
    namespace = None
    try:
        seconds, peak, out = child([*base, "--insert"])
        match = re.search(r"as namespace (\S+)", out)
        if not match:
            raise RuntimeError(f"no namespace in the --insert output: {out.strip()}")
        namespace = match.group(1)
        figures["insert"] = {"seconds": seconds, "peak_mb": peak, "seats": seats_left(databases, blocks)}
    finally:
        if namespace is not None:
            seconds, peak, _ = child([sys.executable, str(Path(__file__).resolve()), "--cleanup-namespace", namespace])
            figures["cleanup"] = {"seconds": seconds, "peak_mb": peak}
    figures["left"] = seats_left(databases, blocks)
    return figures


def measure(databases: Databases, args: argparse.Namespace) -> dict[str, Any]:
    catalogs = catalogs_of(databases)
    plan = build_plan(catalogs, "inventory", "inventory_item", args.count)
    dataset = generate(plan, args.seed)
    rows = dataset.total

    def gen() -> float:
        started = time.perf_counter()
        generate(build_plan(catalogs, "inventory", "inventory_item", args.count), args.seed)
        return time.perf_counter() - started

    def gen_insert() -> float:
        started = time.perf_counter()
        report = insert_dataset(databases, generate(build_plan(catalogs, "inventory", "inventory_item", args.count), args.seed))
        seconds = time.perf_counter() - started
        try:
            copy_parts.append(sum(report.copy_seconds.values()))
            return seconds
        finally:  # insert_dataset cleans up itself when it fails; from here on it is ours
            cleanups.append(cleanup(report.namespace))

    def cleanup(namespace: str) -> float:
        started = time.perf_counter()
        cleanup_generated(databases, [namespace])
        return time.perf_counter() - started

    cleanups: list[float] = []
    copy_parts: list[float] = []  # the COPY inside each (b) run

    runs: dict[str, list[float]] = {"generate": [], "generate_insert": [], "plain_copy": []}
    for _ in range(args.repeat):  # interleaved, so (b) and (c) see the same state of a shared, busy server
        runs["generate"].append(gen())
        runs["plain_copy"].append(plain_copy(databases, dataset))
        runs["generate_insert"].append(gen_insert())
    figures = {k: min(v) for k, v in runs.items()}
    medians = {k: statistics.median(v) for k, v in runs.items()}
    return {"seed": args.seed, "count": args.count, "rows": rows, "seconds": figures, "rows_per_s": {k: rows / v for k, v in figures.items()},
            "ratio_insert_to_plain_copy": figures["plain_copy"] / figures["generate_insert"],
            "median_seconds": medians, "median_ratio": medians["plain_copy"] / medians["generate_insert"],
            "copy_within_generate_insert_s": copy_parts[runs["generate_insert"].index(figures["generate_insert"])],
            "cleanup_s": min(cleanups), "ledger_roots": sum(len(t.data["id"]) for t in root_tables(dataset, catalogs)),
            "tables": dataset.counts(), "left": leftovers(databases, dataset)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from support.run.db_commands import open_databases
    from support.run.settings_loader import load_for_cli

    databases = open_databases(load_for_cli("local"))
    try:
        if args.cleanup_namespace:
            cleanup_generated(databases, [args.cleanup_namespace])
            return 0
        result = measure(databases, args) if args.count <= IN_MEMORY_LIMIT and not args.memory_only else {
            "seed": args.seed, "count": args.count, "left": {},
            "skipped": "(a)-(c) with --memory-only" if args.memory_only else f"(a)-(c) above {IN_MEMORY_LIMIT:,} rows"}
        if not args.skip_memory:
            result["memory"] = measure_memory(databases, args)
    finally:
        databases.close()
    if args.json:
        print(json.dumps(result, indent=2))
    elif "rows" in result:
        print(f"seed {args.seed}: {result['rows']:,} rows ({result['count']:,} inventory_item + parents: {result['tables']}), best of {args.repeat}")
        titles = {"generate": "(a) generate", "generate_insert": "(b) generate + insert (COPY)", "plain_copy": "(c) plain COPY"}
        for key, title in titles.items():
            print(f"  {title:<32} {result['seconds'][key]:7.2f} s  {result['rows_per_s'][key]:>10,.0f} rows/s"
                  f"   (median {result['median_seconds'][key]:.2f} s)")
            if key == "generate_insert":
                print(f"      of which COPY                {result['copy_within_generate_insert_s']:7.2f} s")
        print(f"  (b) / (c) rows/s ratio           {result['ratio_insert_to_plain_copy']:7.2f}"
              f"   (of the medians: {result['median_ratio']:.2f})")
        print(f"  SRS limit for data generation    {SRS_LIMIT_S:7.2f} s  (b) is "
              f"{'within' if result['seconds']['generate_insert'] <= SRS_LIMIT_S else 'OVER'} it")
        print(f"  cleanup (catalog-driven, from {result['ledger_roots']} ledger roots) {result['cleanup_s']:.2f} s")
    else:
        print(f"seed {args.seed}: {args.count:,} inventory_item rows + parents; {result['skipped']} skipped (in memory)")
    memory = result.get("memory")
    if memory and not args.json:
        print(f"  memory (child processes; target: peak under {MEMORY_TARGET_MB} MB)")
        print(f"  (d) --output      {memory['output']['seconds']:8.1f} s  peak {memory['output']['peak_mb']:6.0f} MB"
              f"   ({memory['output']['file_mb']:,.0f} MB file)")
        print(f"  (e) --insert      {memory['insert']['seconds']:8.1f} s  peak {memory['insert']['peak_mb']:6.0f} MB"
              f"   ({memory['insert']['seats']:,} seats stored)")
        print(f"  (f) cleanup       {memory['cleanup']['seconds']:8.1f} s  peak {memory['cleanup']['peak_mb']:6.0f} MB")
    if result["left"] or (memory and memory["left"]):
        print(f"CLEAN-UP INCOMPLETE: {result['left'] or {'inventory.inventory_item': memory['left']}}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
