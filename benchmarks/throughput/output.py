"""What the run prints: header, progress, the table with its legend, the target checks and the JSON line.

The format is read by people and by tests/sandbox/test_benchmark_smoke.py; it lives here so that
the measuring code never has to change to change it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .data import Fixture
from .scenarios import HEADLINE

TARGETS = {  # from the issue: SRS 200 req/s at p95 < 200 ms; aims for 50 clients on 2 cores
    "rest_get_event": 1000.0,
    "graphql_availability": 300.0,
}
SRS_RATE, SRS_P95_MS = 200.0, 200.0

COLUMNS = ("columns: req/s = successful responses per second (cycles/s for reserve_release); latencies of "
           "successful requests; client/server/pg = CPU cores used by the load process(es), the platform process "
           "and all PostgreSQL processes; other = the rest of the machine (other jobs); busy = whole machine")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cores(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def print_header(*, clients: int, seconds: float, warmup: float, platform_note: str, server_pid: int | None,
                 started: bool, background: float, fixture: Fixture, tag: str) -> None:
    """What is measured, against which platform and data, and how busy the machine was beforehand."""
    cpus = os.cpu_count() or 1
    print(f"platform_throughput: {clients} clients, {seconds:g} s per scenario after {warmup:g} s warm-up; "
          f"{cpus} CPUs; load from asyncio+aiohttp worker process(es)")
    print(f"platform: {platform_note}; server pid {server_pid or 'unknown'}"
          + ("; the stack was started by this run" if started else ""))
    print(f"machine before the load: {background:.2f} of {cpus} cores busy with other work"
          + (" (expect disturbed figures)" if background >= 0.25 else ""))
    print(f"data: event {fixture.event_id} ({fixture.seats} seats, 1 price), {clients} fans, "
          f"{clients} analyst tokens (tag {tag})", flush=True)


def progress_line(name: str, result: dict[str, Any]) -> str:
    """One line per finished scenario, so a long run shows progress."""
    head = result["operations"].get(result["headline"], {})
    return (f"  {name}: {head.get('rate_per_s', 0):.1f}/s, p95 {_ms(head.get('p95_ms'))} ms, "
            f"{head.get('errors', 0)} errors")


def format_table(results: list[dict[str, Any]]) -> str:
    """One row per operation (the scenario's headline first), CPU and bound on its first row."""
    header = (f"{'scenario / operation':<34} {'proc':>4} {'clients':>7} {'requests':>8} {'req/s':>8} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  {'client':>6} {'server':>6} {'pg':>5} {'other':>5} {'busy':>5}  bound")
    lines = [header, "-" * len(header)]
    for result in results:
        for i, (op, figures) in enumerate(result["operations"].items()):
            label = result["scenario"] if op == result["headline"] else f"  {op}"
            if op == result["headline"] and result["scenario"] == "reserve_release":
                label = "reserve_release (cycles)"
            first = i == 0
            busy = result.get("machine_busy")
            lines.append(
                f"{label:<34} {result['processes'] if first else '':>4} {result['clients'] if first else '':>7} "
                f"{figures['requests']:>8} {figures['rate_per_s']:>8.1f} {_ms(figures['p50_ms']):>7} "
                f"{_ms(figures['p95_ms']):>7} {_ms(figures['p99_ms']):>7} {figures['errors']:>6}  "
                + (f"{_cores(result['client_cores']):>6} {_cores(result.get('server_cores')):>6} "
                   f"{_cores(result.get('postgres_cores')):>5} {_cores(result.get('other_cores')):>5} "
                   f"{('-' if busy is None else f'{busy:.0%}'):>5}  {result['bound']}"
                   if first else "")
            )
        for op, figures in result["operations"].items():
            if figures["error_kinds"]:
                kinds = ", ".join(f"{k} x{n}" for k, n in figures["error_kinds"].items())
                lines.append(f"{'':<4}errors of {op}: {kinds}")
    return "\n".join(lines)


def target_lines(results: list[dict[str, Any]]) -> list[str]:
    """The issue's aims and the SRS figure, checked on each scenario's headline operation."""
    lines = []
    by_name = {r["scenario"]: r for r in results}
    for name, target in TARGETS.items():
        if name in by_name:
            head = by_name[name]["operations"].get(HEADLINE[name])
            rate = head["rate_per_s"] if head else 0.0
            lines.append(f"  {name}: {rate:.0f} req/s vs aim >= {target:.0f}: {'met' if rate >= target else 'NOT met'}")
    for result in results:
        head = result["operations"].get(result["headline"])
        if head:
            ok = head["rate_per_s"] >= SRS_RATE and head["p95_ms"] is not None and head["p95_ms"] < SRS_P95_MS
            lines.append(f"  SRS ({SRS_RATE:.0f} req/s, p95 < {SRS_P95_MS:.0f} ms) {result['scenario']}: "
                         f"{head['rate_per_s']:.0f}/s, p95 {_ms(head['p95_ms'])} ms: {'met' if ok else 'NOT met'}")
    return lines


def print_report(results: list[dict[str, Any]]) -> None:
    """The table, its legend, a warning when other work disturbed the figures, and the targets."""
    print()
    print(format_table(results))
    print(COLUMNS)
    disturbed = max((r.get("other_cores") or 0.0 for r in results), default=0.0)
    if disturbed >= 0.25:
        print(f"WARNING: other work on this machine used up to {disturbed:.1f} cores during the measurements "
              "(column 'other'): the figures are lower than on a quiet machine; run again when it is quiet")
    print("targets:")
    for line in target_lines(results):
        print(line)


def json_line(*, clients: int, seconds: float, warmup: float, platform_note: str, event_id: str, background: float,
              results: list[dict[str, Any]], clean_up_ok: bool) -> str:
    """Every figure on one line, for tracking over time (the smoke test reads it too)."""
    return json.dumps({
        "benchmark": "platform_throughput",
        "clients": clients, "seconds": seconds, "warmup": warmup, "cpus": os.cpu_count(),
        "platform": platform_note, "event_id": event_id, "background_cores": background, "results": results,
        "clean_up_ok": clean_up_ok,
    }, separators=(",", ":"), default=str)
