#!/usr/bin/env python3
"""Throughput and latency of the reference platform (sandbox/) under N concurrent clients.

Scenarios, run one after the other for ``--seconds`` each after ``--warmup`` seconds of load
that is not measured:

  rest_get_event        REST ``GET /v1/events/{id}``, each client with its own analyst token
  graphql_availability  GraphQL ``availability(eventId)``, each client its own fan token
  reserve_release       GraphQL ``reserveSeats`` then ``releaseReservation``; each client is
                        its own fan (one cycle = both requests; both are also reported alone)

By default a dedicated platform process is started on the stack's databases with the rate limit
raised to 100000 req/s (``LocalStack.extra_platform``), so the numbers measure the platform and
not its 429s; ``--shared-platform`` drives the stack's own platform instead (per-token limit
100 req/s, burst 200: each client has its own token, so only >100 req/s per client is refused).

The load comes from asyncio + aiohttp (one keep-alive connector per load process with a
connection per client), in ``--processes`` worker processes (``auto``: one, and the scenario is
run again from two when that one used >= 0.8 of a core). CPU used by the load processes
(getrusage), the platform process and PostgreSQL (/proc) during the measured window is printed
next to the figures, so the reader can tell what bounds them.

Test data (an on-sale event with seats and a price, one fan login per client) is written with
tests/sandbox/seed.py and removed at the end, also on failure, Ctrl-C or SIGTERM; the run then
checks that none of its rows is left (exit code 1 if any is).

    .venv/bin/python benchmarks/platform_throughput.py --clients 50 --seconds 10 --warmup 2 [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import multiprocessing as mp
import os
import queue
import resource
import signal
import sys
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SCENARIOS = ("rest_get_event", "graphql_availability", "reserve_release")
TITLES = {
    "rest_get_event": "REST GET /v1/events/{id} (analyst)",
    "graphql_availability": "GraphQL availability(eventId) (fan)",
    "reserve_release": "GraphQL reserveSeats+releaseReservation",
}
# The operation whose latencies and rate are the scenario's headline figure.
HEADLINE = {"rest_get_event": "GET /v1/events/{id}", "graphql_availability": "availability", "reserve_release": "cycle"}

AVAILABILITY_QUERY = """query($id: ID!) { availability(eventId: $id) { eventId status totalAvailable
  sections { section priceCode available offerId prices { priceType baseCents feesCents taxCents totalCents } } } }"""
RESERVE_MUTATION = """mutation($input: ReserveSeatsInput!) { reserveSeats(input: $input) {
  availabilityToken status expiresAt totalCents seats { id section row seat } } }"""
RELEASE_MUTATION = "mutation($t: String!) { releaseReservation(availabilityToken: $t) { status } }"

TARGETS = {  # from the issue: SRS 200 req/s at p95 < 200 ms; aims for 50 clients on 2 cores
    "rest_get_event": 1000.0,
    "graphql_availability": 300.0,
}
SRS_RATE, SRS_P95_MS = 200.0, 200.0


class Interrupted(Exception):
    """SIGTERM, turned into an exception so the clean-up in ``finally`` runs."""


# ----------------------------------------------------------------------------------------------
# Load generation (runs inside the worker processes)
# ----------------------------------------------------------------------------------------------


@dataclass
class LoadSpec:
    scenario: str
    base_url: str
    event_id: str
    tokens: list[str]                    # one per client of this process
    start_at: float                      # time.monotonic() (system-wide on Linux) when load starts
    warmup: float
    seconds: float
    quantity: int = 1
    timeout: float = 30.0


@dataclass
class Recorder:
    """Latencies (ms) of the requests that completed inside the measured window, per operation."""

    window_start: float
    window_end: float
    latencies: dict[str, array] = field(default_factory=dict)
    errors: dict[str, Counter] = field(default_factory=dict)
    warmup_requests: int = 0

    def add(self, op: str, started: float, ended: float, error: str | None) -> None:
        if not (self.window_start <= ended <= self.window_end):
            self.warmup_requests += ended < self.window_start
            return
        if error is None:
            self.latencies.setdefault(op, array("d")).append((ended - started) * 1000.0)
        else:
            self.errors.setdefault(op, Counter())[error] += 1
            self.latencies.setdefault(op, array("d"))

    def running(self) -> bool:
        return time.monotonic() < self.window_end


THROTTLED = ("HTTP 429", "HTTP 503")  # refused with Retry-After (>= 1 s): count it, then wait like a real client


async def back_off(error: str | None) -> None:
    if error is not None and error.startswith(THROTTLED):
        await asyncio.sleep(1.0)


def _graphql_error(status: int, body: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The response's ``data`` and None, or None and a short error label."""
    try:
        document = json.loads(body)
    except ValueError:
        return None, f"HTTP {status} (not JSON)"
    errors = document.get("errors") if isinstance(document, dict) else None
    if errors:
        code = (errors[0].get("extensions") or {}).get("code", "?")
        return None, f"HTTP {status} {code}"
    if status != 200:
        return None, f"HTTP {status}"
    return document.get("data"), None


async def _rest_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    url = f"{spec.base_url}/v1/events/{spec.event_id}"
    headers = {"Authorization": f"Bearer {token}"}
    while rec.running():
        started = time.monotonic()
        error = None
        try:
            async with session.get(url, headers=headers) as response:
                body = await response.read()
                if response.status != 200 or not body.startswith(b"{"):
                    error = f"HTTP {response.status}"
        except Exception as exc:  # a failed request is a data point, not the end of the run
            error = type(exc).__name__
        rec.add("GET /v1/events/{id}", started, time.monotonic(), error)
        await back_off(error)


async def _availability_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    url = f"{spec.base_url}/graphql"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    payload = json.dumps({"query": AVAILABILITY_QUERY, "variables": {"id": spec.event_id}}).encode()
    while rec.running():
        started = time.monotonic()
        error = None
        try:
            async with session.post(url, data=payload, headers=headers) as response:
                body = await response.read()
                # cheap check on the hot path; parse only what looks wrong
                if response.status != 200 or b'"errors"' in body or b'"totalAvailable"' not in body:
                    error = _graphql_error(response.status, body)[1] or "unexpected body"
        except Exception as exc:
            error = type(exc).__name__
        rec.add("availability", started, time.monotonic(), error)
        await back_off(error)


async def _graphql(session: Any, url: str, headers: dict[str, str], payload: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        async with session.post(url, data=payload, headers=headers) as response:
            return _graphql_error(response.status, await response.read())
    except Exception as exc:
        return None, type(exc).__name__


async def _reserve_release_client(session: Any, spec: LoadSpec, token: str, rec: Recorder) -> None:
    """One fan: reserve ``quantity`` seats, release them, again. A cycle is never left half done."""
    url = f"{spec.base_url}/graphql"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    reserve = json.dumps({"query": RESERVE_MUTATION, "variables": {"input": {
        "eventId": spec.event_id, "quantity": spec.quantity, "priceType": "ADULT"}}}).encode()
    while rec.running():
        started = time.monotonic()
        data, error = await _graphql(session, url, headers, reserve)
        reserved = time.monotonic()
        rec.add("reserveSeats", started, reserved, error)
        if error is not None:
            rec.add("cycle", started, reserved, f"reserveSeats: {error}")
            await back_off(error)
            continue
        availability_token = data["reserveSeats"]["availabilityToken"]  # type: ignore[index]
        release = json.dumps({"query": RELEASE_MUTATION, "variables": {"t": availability_token}}).encode()
        data, error = await _graphql(session, url, headers, release)
        if error is None and (data or {}).get("releaseReservation", {}).get("status") != "RELEASED":
            error = "release did not answer RELEASED"
        ended = time.monotonic()
        rec.add("releaseReservation", reserved, ended, error)
        rec.add("cycle", started, ended, None if error is None else f"releaseReservation: {error}")
        await back_off(error)


CLIENTS = {
    "rest_get_event": _rest_client,
    "graphql_availability": _availability_client,
    "reserve_release": _reserve_release_client,
}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _run_load(spec: LoadSpec) -> dict[str, Any]:
    import aiohttp

    window_start = spec.start_at + spec.warmup
    rec = Recorder(window_start=window_start, window_end=window_start + spec.seconds)
    cpu: dict[str, float] = {}

    async def sample_cpu() -> None:
        await asyncio.sleep(max(0.0, window_start - time.monotonic()))
        cpu["start"] = _cpu_seconds()
        await asyncio.sleep(max(0.0, rec.window_end - time.monotonic()))
        cpu["end"] = _cpu_seconds()

    connector = aiohttp.TCPConnector(limit=len(spec.tokens) + 4, limit_per_host=0, ttl_dns_cache=None, keepalive_timeout=60)
    timeout = aiohttp.ClientTimeout(total=spec.timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, skip_auto_headers=("User-Agent",)) as session:
        await asyncio.sleep(max(0.0, spec.start_at - time.monotonic()))
        client = CLIENTS[spec.scenario]
        sampler = asyncio.create_task(sample_cpu())
        await asyncio.gather(*(client(session, spec, token, rec) for token in spec.tokens))
        await sampler
    return {
        "latencies": {op: values.tobytes() for op, values in rec.latencies.items()},
        "errors": {op: dict(c) for op, c in rec.errors.items()},
        "cpu_seconds": cpu["end"] - cpu["start"],
        "warmup_requests": rec.warmup_requests,
    }


def _worker(spec: LoadSpec, results: Any) -> None:
    """Entry point of a load process: the parent handles Ctrl-C and terminates us."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import uvloop  # the platform's own loop; a faster client loop leaves more CPU to the server

        uvloop.install()
    except ImportError:
        pass
    try:
        results.put(("ok", asyncio.run(_run_load(spec))))
    except BaseException as exc:  # report, so the parent does not wait for nothing
        results.put(("error", f"{type(exc).__name__}: {exc}"))


# ----------------------------------------------------------------------------------------------
# What the machine does while the load runs (/proc, sampled by the parent)
# ----------------------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by one process; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _pids_named(name: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == name:
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def find_platform_pid(port: int) -> int | None:
    """The ``python -m sandbox serve`` process listening on ``port`` (read from its environment)."""
    wanted = f"SANDBOX_PORT={port}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().split(b"\0")
            if b"sandbox" not in cmdline or b"serve" not in cmdline:
                continue
            with open(f"/proc/{entry}/environ", "rb") as f:
                if wanted in f.read().split(b"\0"):
                    return int(entry)
        except OSError:
            continue
    return None


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class SystemSampler:
    """Samples server, PostgreSQL and machine CPU at the start and end of the measured window."""

    def __init__(self, server_pid: int | None, window_start: float, window_end: float) -> None:
        self.server_pid = server_pid
        self.window = (window_start, window_end)
        self.samples: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> dict[str, Any]:
        postgres = {pid: _proc_cpu(pid) for pid in _pids_named("postgres")}
        return {
            "t": time.monotonic(),
            "server": _proc_cpu(self.server_pid) if self.server_pid else 0.0,
            "postgres": postgres,
            "machine": _machine_busy(),
        }

    def _run(self) -> None:
        for moment in self.window:
            time.sleep(max(0.0, moment - time.monotonic()))
            self.samples.append(self._sample())

    def start(self) -> None:
        self.thread.start()

    def result(self) -> dict[str, float | None]:
        self.thread.join(timeout=5)
        if len(self.samples) < 2:
            return {"server_cores": None, "postgres_cores": None, "machine_busy": None}
        first, last = self.samples
        elapsed = last["t"] - first["t"]
        # backends that ended during the window are lost; backends started in it count from 0
        pg = sum(cpu - first["postgres"].get(pid, 0.0) for pid, cpu in last["postgres"].items())
        busy = (last["machine"][0] - first["machine"][0]) / max(1, last["machine"][1] - first["machine"][1])
        return {
            "server_cores": (last["server"] - first["server"]) / elapsed if self.server_pid else None,
            "postgres_cores": pg / elapsed,
            "machine_busy": busy,
        }

    @staticmethod
    def other_cores(result: dict[str, Any]) -> float | None:
        """Cores busy with anything but the load, the platform and PostgreSQL (other work on the machine)."""
        if result.get("machine_busy") is None:
            return None
        ours = result["client_cores"] + (result.get("server_cores") or 0.0) + (result.get("postgres_cores") or 0.0)
        return max(0.0, result["machine_busy"] * (os.cpu_count() or 1) - ours)


# ----------------------------------------------------------------------------------------------
# One scenario: start the load processes, collect and merge what they measured
# ----------------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q / 100.0 * len(sorted_values)) - 1)]


def run_scenario(name: str, *, base_url: str, event_id: str, tokens: list[str], processes: int, seconds: float,
                 warmup: float, quantity: int, server_pid: int | None) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    start_at = time.monotonic() + 1.5 + 0.3 * processes  # time for the spawned interpreters to import aiohttp
    shares = [tokens[i::processes] for i in range(processes)]
    workers = [
        ctx.Process(target=_worker, name=f"load-{name}-{i}", daemon=True, args=(
            LoadSpec(name, base_url, event_id, share, start_at, warmup, seconds, quantity), results))
        for i, share in enumerate(shares) if share
    ]
    sampler = SystemSampler(server_pid, start_at + warmup, start_at + warmup + seconds)
    outputs: list[dict[str, Any]] = []
    try:
        for worker in workers:
            worker.start()
        sampler.start()
        deadline = start_at + warmup + seconds + 60.0  # in-flight requests time out after 30 s
        while len(outputs) < len(workers):  # read before join: a full pipe would block the worker's exit
            try:
                status, payload = results.get(timeout=0.5)
            except queue.Empty:
                if time.monotonic() > deadline or not any(w.is_alive() for w in workers):
                    codes = [w.exitcode for w in workers]
                    raise RuntimeError(f"load processes ended without results (exit codes {codes})") from None
                continue
            if status != "ok":
                raise RuntimeError(f"a load process failed: {payload}")
            outputs.append(payload)
        for worker in workers:
            worker.join(timeout=10)
    finally:
        for worker in workers:  # only on failure or Ctrl-C: normally they have exited already
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    system = sampler.result()

    ops: dict[str, dict[str, Any]] = {}
    order = [HEADLINE[name], "reserveSeats", "releaseReservation"]
    names = sorted({op for o in outputs for op in (*o["latencies"], *o["errors"])},
                   key=lambda op: (order.index(op) if op in order else len(order), op))
    for op in names:
        values: list[float] = []
        for output in outputs:
            if op in output["latencies"]:
                values.extend(array("d", output["latencies"][op]))
        values.sort()
        errors: Counter = Counter()
        for output in outputs:
            errors.update(output["errors"].get(op, {}))
        ok = len(values)
        ops[op] = {
            "requests": ok + sum(errors.values()),
            "ok": ok,
            "errors": sum(errors.values()),
            "error_kinds": dict(errors.most_common()),
            "rate_per_s": ok / seconds,
            "p50_ms": percentile(values, 50),
            "p95_ms": percentile(values, 95),
            "p99_ms": percentile(values, 99),
            "max_ms": values[-1] if values else None,
            "mean_ms": sum(values) / ok if ok else None,
        }
    client_cores = sum(o["cpu_seconds"] for o in outputs) / seconds
    result = {
        "scenario": name,
        "title": TITLES[name],
        "headline": HEADLINE[name],
        "clients": len(tokens),
        "processes": len(workers),
        "seconds": seconds,
        "warmup": warmup,
        "operations": ops,
        "client_cores": client_cores,
        "client_cores_max_process": max((o["cpu_seconds"] for o in outputs), default=0.0) / seconds,
        **system,
    }
    result["other_cores"] = SystemSampler.other_cores(result)
    head = ops.get(HEADLINE[name])
    result["server_cpu_ms_per_op"] = (  # platform CPU per headline operation (per cycle for reserve_release)
        result["server_cores"] * 1000.0 / head["rate_per_s"] if result.get("server_cores") and head and head["rate_per_s"] else None)
    result["bound"] = judge_bound(result)
    return result


def judge_bound(result: dict[str, Any]) -> str:
    """A first reading of what limits the figure; the README explains how to check it."""
    cpus = os.cpu_count() or 1
    server, busy = result.get("server_cores"), result.get("machine_busy")
    if result["client_cores_max_process"] >= 0.85:
        return "client CPU (a load process is at one core)"
    if server is not None and server >= 0.85:
        return "platform CPU (one process = one core)"
    if busy is not None and busy >= 0.9:
        other = result.get("other_cores") or 0.0
        return f"machine CPU ({cpus} cores busy{f', {other:.1f} by other work' if other >= 0.25 else ''})"
    return "waiting (DB locks/round trips), not CPU"


# ----------------------------------------------------------------------------------------------
# Test data: seed, log in, clean up, verify
# ----------------------------------------------------------------------------------------------

TOUCHED_TABLES = {
    "events": ("venue", "performer", "event", "event_performer"),
    "inventory": ("fan", "app_user", "inventory_block", "inventory_item", "price_point", "price_component",
                  "reservation_lock", "reservation_lock_item"),
}


def table_counts(dsns: dict[str, str]) -> dict[str, int]:
    import psycopg2

    counts = {}
    for database, tables in TOUCHED_TABLES.items():
        conn = psycopg2.connect(dsns[database])
        try:
            with conn.cursor() as cur:
                for table in tables:
                    cur.execute(f"SELECT count(*) FROM {table}")
                    counts[f"{database}.{table}"] = cur.fetchone()[0]
        finally:
            conn.close()
    return counts


def leftovers(dsns: dict[str, str], seeder: Any) -> dict[str, int]:
    """Rows still referring to anything this run created (all must be 0 after clean-up)."""
    import psycopg2

    ids = {"ev": list(seeder.events), "venues": list(seeder.venues), "performers": list(seeder.performers),
           "fans": list(seeder.fans), "tag": f"%@{seeder.tag}.jump.test"}
    checks = {
        "events": {
            "event": "SELECT count(*) FROM event WHERE id = ANY(%(ev)s::uuid[])",
            "venue": "SELECT count(*) FROM venue WHERE id = ANY(%(venues)s::uuid[])",
            "performer": "SELECT count(*) FROM performer WHERE id = ANY(%(performers)s::uuid[])",
            "event_performer": "SELECT count(*) FROM event_performer WHERE event_id = ANY(%(ev)s::uuid[])",
        },
        "inventory": {
            "fan": "SELECT count(*) FROM fan WHERE id = ANY(%(fans)s::uuid[]) OR email LIKE %(tag)s",
            "app_user": "SELECT count(*) FROM app_user WHERE fan_id = ANY(%(fans)s::uuid[]) OR username LIKE %(tag)s",
            "inventory_block": "SELECT count(*) FROM inventory_block WHERE event_id = ANY(%(ev)s::uuid[])",
            "inventory_item": "SELECT count(*) FROM inventory_item WHERE event_id = ANY(%(ev)s::uuid[])",
            "price_point": "SELECT count(*) FROM price_point WHERE event_id = ANY(%(ev)s::uuid[])",
            "reservation_lock": "SELECT count(*) FROM reservation_lock WHERE event_id = ANY(%(ev)s::uuid[])"
                                " OR fan_id = ANY(%(fans)s::uuid[])",
            "order": 'SELECT count(*) FROM "order" WHERE event_id = ANY(%(ev)s::uuid[]) OR fan_id = ANY(%(fans)s::uuid[])',
        },
    }
    found = {}
    for database, queries in checks.items():
        conn = psycopg2.connect(dsns[database])
        try:
            with conn.cursor() as cur:
                for table, sql in queries.items():
                    cur.execute(sql, ids)
                    found[f"{database}.{table}"] = cur.fetchone()[0]
        finally:
            conn.close()
    return found


@dataclass
class Fixture:
    event_id: str
    seats: int
    analyst_tokens: list[str]
    fan_tokens: list[str]


def seed(seeder: Any, base_url: str, clients: int, quantity: int) -> Fixture:
    """An on-sale event (with a performer) with enough seats, one fan login per client."""
    import concurrent.futures

    import requests

    # every client may hold `quantity` seats at once; twice that keeps the event far from SOLD_OUT
    seats = max(100, 2 * clients * quantity)
    max_tickets = min(100, max(20, 4 * quantity))
    sale = seeder.sale_event(seats=seats, max_tickets=max_tickets, name=f"Benchmark {seeder.tag}")
    seeder.performer(sale.event_id)
    fans = [seeder.fan() for _ in range(clients)]

    def login(credentials: tuple[str, str]) -> str:
        response = requests.post(f"{base_url}/v1/auth/token", json={"username": credentials[0], "password": credentials[1]}, timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"login of {credentials[0]} failed: {response.status_code} {response.text[:200]}")
        return response.json()["access_token"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        # each analyst login gets its own token (own jti), hence its own rate-limit bucket
        analyst = list(pool.map(login, [("analyst", "jump-analyst-local")] * clients))
        fan = list(pool.map(login, [(f.email, f.password) for f in fans]))
    return Fixture(str(sale.event_id), seats, analyst, fan)


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cores(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_table(results: list[dict[str, Any]]) -> str:
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


# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------


def _raise_interrupted(signum: int, _frame: Any) -> None:
    raise Interrupted(f"signal {signum}")


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """Clean-up must not be cut short by a second Ctrl-C."""
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per scenario (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds of load first (default 2)")
    parser.add_argument("--processes", default="auto",
                        help="load processes: a number, or auto (1; 2 again when 1 used >= 0.8 core)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--quantity", type=int, default=1, help="seats per reserveSeats (default 1)")
    parser.add_argument("--shared-platform", action="store_true",
                        help="drive the stack's own platform (rate limited) instead of a dedicated process")
    parser.add_argument("--base-url", help="drive this already running platform (e.g. one started under a profiler); "
                        "it must use the stack's databases")
    parser.add_argument("--server-pid", type=int, help="pid of the --base-url platform, for its CPU figure")
    parser.add_argument("--json", action="store_true", help="also print all figures as one JSON line")
    args = parser.parse_args(argv)
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if args.clients < 1 or args.seconds <= 0 or args.warmup < 0 or not 1 <= args.quantity <= 100:
        parser.error("--clients >= 1, --seconds > 0, --warmup >= 0, 1 <= --quantity <= 100")
    if args.base_url and args.shared_platform:
        parser.error("--base-url and --shared-platform exclude each other")
    if args.processes != "auto" and not (args.processes.isdigit() and int(args.processes) >= 1):
        parser.error("--processes: a number >= 1 or auto")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupted)

    from support.stack.lifecycle import LocalStack
    from support.stack.state import PlatformOptions
    from tests.sandbox.seed import Seeder

    stack = LocalStack()
    status, started = stack.up()  # idempotent: starts only what is not running, never stops it
    state = status.state
    assert state is not None
    if state.options.tls and args.shared_platform:
        print("the stack's platform serves TLS; run without --shared-platform", file=sys.stderr)
        return 2
    dsns = state.databases
    before = table_counts(dsns)
    results: list[dict[str, Any]] = []
    seeder: Any = None
    exit_code = 0
    platform_note = ""

    def clean_up() -> None:
        nonlocal exit_code
        if seeder is None:
            return
        with signals_ignored():
            print("cleaning up test data ...", file=sys.stderr, flush=True)
            seeder.cleanup()
            left = {k: v for k, v in leftovers(dsns, seeder).items() if v}
            after = table_counts(dsns)
        if left:
            exit_code = 1
            print(f"CLEAN-UP INCOMPLETE: rows left behind: {left}", file=sys.stderr)
        else:
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            note = ("row counts of the touched tables are as before the run" if not changed else
                    f"none of this run's rows is left; other counts changed meanwhile (shared stack?): {changed}")
            print(f"clean-up verified: {note}", file=sys.stderr)

    try:
        with contextlib.ExitStack() as resources:
            resources.callback(clean_up)  # registered first, so it runs after the platform has stopped
            seeder = Seeder(dsns)
            if args.base_url:
                base_url = args.base_url.rstrip("/")
                server_pid = args.server_pid or find_platform_pid(int(base_url.rsplit(":", 1)[1]))
                platform_note = f"the platform at {base_url} (given with --base-url)"
            elif args.shared_platform:
                base_url, server_pid = state.rest_url, state.platform_pid
                platform_note = (f"the stack's own platform {base_url} (rate limit {state.options.rate_limit_per_second:g}/s"
                                 f" per token, burst {state.options.rate_limit_burst}; one token per client)")
            else:
                options = PlatformOptions(rate_limit_per_second=100000, rate_limit_burst=100000)
                base_url = resources.enter_context(stack.extra_platform(options))
                server_pid = find_platform_pid(int(base_url.rsplit(":", 1)[1]))
                platform_note = (f"a dedicated platform process at {base_url} on the stack's databases "
                                 "(LocalStack.extra_platform, rate limit raised to 100000 req/s)")
            fixture = seed(seeder, base_url, args.clients, args.quantity)
            cpus = os.cpu_count() or 1
            quiet_from = _machine_busy()
            time.sleep(1.0)  # one second without our load: how busy is the machine anyway?
            quiet_to = _machine_busy()
            background = (quiet_to[0] - quiet_from[0]) / max(1, quiet_to[1] - quiet_from[1]) * cpus
            print(f"platform_throughput: {args.clients} clients, {args.seconds:g} s per scenario after {args.warmup:g} s warm-up; "
                  f"{cpus} CPUs; load from asyncio+aiohttp worker process(es)")
            print(f"platform: {platform_note}; server pid {server_pid or 'unknown'}"
                  + ("; the stack was started by this run" if started else ""))
            print(f"machine before the load: {background:.2f} of {cpus} cores busy with other work"
                  + (" (expect disturbed figures)" if background >= 0.25 else ""))
            print(f"data: event {fixture.event_id} ({fixture.seats} seats, 1 price), {args.clients} fans, "
                  f"{args.clients} analyst tokens (tag {seeder.tag})", flush=True)
            for name in args.scenarios:
                kwargs = dict(base_url=base_url, event_id=fixture.event_id, seconds=args.seconds, warmup=args.warmup,
                              quantity=args.quantity, server_pid=server_pid,
                              tokens=fixture.analyst_tokens if name == "rest_get_event" else fixture.fan_tokens)
                processes = 1 if args.processes == "auto" else int(args.processes)
                result = run_scenario(name, processes=processes, **kwargs)
                if args.processes == "auto" and result["client_cores"] >= 0.8 and args.clients > 1:
                    print(f"  {name}: the load process used {result['client_cores']:.2f} core; running it again from 2 processes",
                          flush=True)
                    first = result
                    result = run_scenario(name, processes=2, **kwargs)
                    result["one_process_run"] = {k: first[k] for k in ("operations", "client_cores", "server_cores", "bound")}
                head = result["operations"].get(result["headline"], {})
                print(f"  {name}: {head.get('rate_per_s', 0):.1f}/s, p95 {_ms(head.get('p95_ms'))} ms, "
                      f"{head.get('errors', 0)} errors", flush=True)
                results.append(result)
    except (KeyboardInterrupt, Interrupted) as exc:
        print(f"interrupted ({type(exc).__name__}); "
              + ("test data removed" if exit_code == 0 else "clean-up incomplete, see above"), file=sys.stderr)
        return 130 if exit_code == 0 else exit_code

    print()
    print(format_table(results))
    print("columns: req/s = successful responses per second (cycles/s for reserve_release); latencies of "
          "successful requests; client/server/pg = CPU cores used by the load process(es), the platform process "
          "and all PostgreSQL processes; other = the rest of the machine (other jobs); busy = whole machine")
    disturbed = max((r.get("other_cores") or 0.0 for r in results), default=0.0)
    if disturbed >= 0.25:
        print(f"WARNING: other work on this machine used up to {disturbed:.1f} cores during the measurements "
              "(column 'other'): the figures are lower than on a quiet machine; run again when it is quiet")
    print("targets:")
    for line in target_lines(results):
        print(line)
    if args.json:
        print(json.dumps({
            "benchmark": "platform_throughput",
            "clients": args.clients, "seconds": args.seconds, "warmup": args.warmup, "cpus": os.cpu_count(),
            "platform": platform_note, "event_id": fixture.event_id, "background_cores": background, "results": results,
            "clean_up_ok": exit_code == 0,
        }, separators=(",", ":"), default=str))
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
