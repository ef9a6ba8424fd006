"""The load: asyncio + aiohttp clients in spawned worker processes, merged into one scenario's figures.

The load runs in processes of its own so that a client at one core shows up as such (and can be
split over more processes) instead of silently capping the platform's figure.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing as mp
import queue
import signal
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .cpu import SystemSampler, judge_bound, own_cpu_seconds
from .scenarios import CLIENTS, HEADLINE, TITLES


@dataclass
class LoadSpec:
    """What one load process is to do; pickled to the spawned process."""

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


# ----------------------------------------------------------------------------------------------
# Inside a load process
# ----------------------------------------------------------------------------------------------


async def _run_load(spec: LoadSpec) -> dict[str, Any]:
    """All clients of one process on one session; returns what is cheap to send back through a queue."""
    import aiohttp

    window_start = spec.start_at + spec.warmup
    rec = Recorder(window_start=window_start, window_end=window_start + spec.seconds)
    cpu: dict[str, float] = {}

    async def sample_cpu() -> None:
        await asyncio.sleep(max(0.0, window_start - time.monotonic()))
        cpu["start"] = own_cpu_seconds()
        await asyncio.sleep(max(0.0, rec.window_end - time.monotonic()))
        cpu["end"] = own_cpu_seconds()

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
# In the parent: start the load processes, collect and merge what they measured
# ----------------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q / 100.0 * len(sorted_values)) - 1)]


def _merge_operations(name: str, outputs: list[dict[str, Any]], seconds: float) -> dict[str, dict[str, Any]]:
    """Per operation (headline first), the figures over the latencies and errors of all processes."""
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
    return ops


def run_scenario(name: str, *, base_url: str, event_id: str, tokens: list[str], processes: int, seconds: float,
                 warmup: float, quantity: int, server_pid: int | None) -> dict[str, Any]:
    """One scenario from ``processes`` load processes: its figures, CPU use and bound, as one dict."""
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

    ops = _merge_operations(name, outputs, seconds)
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
