#!/usr/bin/env python3
"""The dashboard under 100 simultaneous users (SRS 4.4.4): page times, and the delay from an event
written to a run's stream to the browsers watching it.

Starts the dashboard in a child process (its own schema in the local results database, with a
recorded history of ``--runs`` runs of ``--cases`` scenarios, so the pages have real data), signs
in ``--users`` users, then for ``--seconds``: every user browses (overview, results, a run, trends,
runs, the monitor page, picked at random, one after the other) and keeps a WebSocket open on one
live run (unless ``--no-watch``) whose events a writer appends every ``--interval`` seconds, stamped with the time they
were written (as a worker stamps them). Prints p50/p95/p99 page time, pages per second, and the
event-to-browser delay (p50/p95/max over every event at every watcher). Targets (issue 12):
p95 page < 200 ms, delay < 500 ms. Everything it created (schema, run folder) is removed again.

    .venv/bin/python benchmarks/dashboard_load.py [--users 100] [--seconds 30] [--no-watch] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import random
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import psycopg2
import websockets.asyncio.client

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PASSWORD = "benchmark-password-1"
RUN_ID = "20260103-120000-be0c41"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def serve(dsn: str, schema: str, repo: str, port: int) -> None:
    """The child process: the dashboard as ./jump dashboard serves it (uvicorn, one process)."""
    from support.dashboard.app import create_app
    from support.dashboard.config import DashboardConfig
    from support.dashboard.db import Database
    from support.dashboard.server import bind
    from support.dashboard.server import serve as run_server
    from support.run.settings_loader import load_for_cli

    db = Database(dsn, schema=schema)
    app = create_app(DashboardConfig(settings=load_for_cli("local"), repo=Path(repo), schema_name=schema), db)
    run_server(app, bind("127.0.0.1", port))


def seed(dsn: str, schema: str, users: int, runs: int, cases: int) -> list[str]:
    from support.dashboard.accounts import Accounts
    from support.dashboard.db import Database
    from support.results import CaseOutcome, RunRecord

    db = Database(dsn, schema=schema)
    try:
        db.migrate()
        accounts = Accounts(db)
        for number in range(users):
            accounts.add(f"user{number}", "viewer", PASSWORD)
        now = dt.datetime.now(dt.UTC)
        rng = random.Random(7)
        ids = []
        for run in range(runs):
            finished = now - dt.timedelta(hours=runs - run)
            outcomes = [CaseOutcome(feature=f"Feature {c // 10}", name=f"Scenario {c}", location=f"features/area{c % 8}/f{c // 10}.feature:{c}",
                                    status=rng.choices(["passed", "failed", "flaky"], [0.93, 0.04, 0.03])[0],
                                    duration_s=rng.uniform(0.1, 5.0), worker=f"w{c % 4}") for c in range(cases)]
            ids.append(db.history.record(RunRecord(environment="local", git_commit=secrets.token_hex(20), exit_code=1,
                                                   started_at=finished - dt.timedelta(minutes=5), finished_at=finished,
                                                   cases=outcomes)))
        return ids
    finally:
        db.close()


def writer(path: Path, events: int, interval: float, stop: threading.Event) -> None:
    """A live run: one event every ``interval`` seconds, each stamped with the time it was written."""
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": "run_started", "run_id": RUN_ID, "environment": "local", "scenarios": events,
                              "parallel": 4, "shard": "1/1", "at": time.time()}) + "\n")
        out.flush()
        for number in range(events):
            if stop.wait(interval):
                break
            out.write(json.dumps({"kind": "scenario_finished", "location": f"features/x.feature:{number}", "feature": "X",
                                  "name": f"Scenario {number}", "worker": f"w{number % 4}", "status": "passed",
                                  "at": time.time()}) + "\n")
            out.flush()
        out.write(json.dumps({"kind": "run_finished", "reason": "completed", "exit_code": 0, "at": time.time()}) + "\n")


async def sign_in(session: aiohttp.ClientSession, base: str, name: str) -> None:
    page = await (await session.get(f"{base}/login")).text()
    token = CSRF.search(page).group(1)  # type: ignore[union-attr]
    answer = await session.post(f"{base}/login", data={"csrf": token, "name": name, "password": PASSWORD}, allow_redirects=False)
    assert answer.status == 303, await answer.text()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc; all its threads)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14 and 15)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between the live run's events")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--no-watch", dest="watch", action="store_false",
                        help="users only browse (no WebSocket): the server's CPU per page without the streams")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from support.dashboard.server import bind
    from support.stack.lifecycle import LocalStack

    stack = LocalStack()
    stack.up()
    dsn = stack.load_state().databases["results"]  # type: ignore[union-attr]
    schema = f"bench_dashboard_{secrets.token_hex(4)}"
    repo = Path(tempfile.mkdtemp(prefix="jump-dashboard-bench-"))
    (repo / "features").mkdir()
    (repo / "reports" / "runs" / RUN_ID).mkdir(parents=True)
    probe = bind("127.0.0.1", 0)
    port = probe.getsockname()[1]
    probe.close()
    child = None
    try:
        report_ids = seed(dsn, schema, args.users, args.runs, args.cases)
        child = multiprocessing.get_context("spawn").Process(target=serve, args=(dsn, schema, str(repo), port), daemon=True)
        child.start()
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                import urllib.request

                urllib.request.urlopen(f"{base}/login", timeout=2).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        paths = ["/", "/results", f"/results/{report_ids[-1]}", "/trends", "/runs", f"/runs/{RUN_ID}"]
        result = asyncio.run(run_load(base, args, paths, repo, child.pid))
    finally:
        if child is not None:
            child.terminate()
            child.join(10)
        shutil.rmtree(repo, ignore_errors=True)
        with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()
    print(json.dumps(result, indent=2) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


async def run_load(base: str, args: argparse.Namespace, paths: list[str], repo: Path, server_pid: int) -> dict[str, Any]:
    page_times: list[float] = []
    delays: list[float] = []
    received: list[int] = []
    ready = asyncio.Event()
    browsing_until = [float("inf")]
    signed: list[int] = []
    closes: list[int] = []
    signing_in = asyncio.Semaphore(4)

    async def one(number: int) -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=120)) as session:
            async with signing_in:  # people arrive over a while; 100 argon2 checks at once would only measure argon2
                await sign_in(session, base, f"user{number}")
            cookie = next(c.value for c in session.cookie_jar if c.key == "jump_session")
            ws = await websockets.asyncio.client.connect(
                f"{base.replace('http', 'ws')}/runs/{RUN_ID}/stream?offset=0", origin=base,  # type: ignore[arg-type]
                additional_headers={"Cookie": f"jump_session={cookie}"}, open_timeout=120, ping_interval=None) if args.watch else None
            signed.append(number)
            count = 0

            async def watch() -> None:
                nonlocal count
                async for message in ws:  # type: ignore[union-attr]
                    data = json.loads(message)
                    delays.append(time.time() - float(data["event"]["at"]))
                    count += 1

            watcher = asyncio.create_task(watch()) if ws is not None else None
            await ready.wait()
            rng = random.Random(number)
            while time.time() < browsing_until[0]:
                started = time.perf_counter()
                async with session.get(base + rng.choice(paths)) as answer:
                    await answer.read()
                    if answer.status != 200:
                        raise RuntimeError(f"{answer.url}: HTTP {answer.status}")
                page_times.append(time.perf_counter() - started)
            if watcher is not None and ws is not None:
                await asyncio.wait_for(watcher, timeout=60)
                received.append(count)
                closes.append(ws.close_code or 0)

    tasks = [asyncio.create_task(one(n)) for n in range(args.users)]
    while len(signed) < args.users:  # everybody signed in (and watching) before the clock starts
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            raise failed[0].exception()  # type: ignore[misc]
        await asyncio.sleep(0.2)
    stop = threading.Event()
    events = int(args.seconds / args.interval)
    thread = threading.Thread(target=writer, args=(repo / "reports" / "runs" / RUN_ID / "events.jsonl", events, args.interval, stop))
    started = time.time()
    cpu_before = cpu_seconds(server_pid)
    browsing_until[0] = started + args.seconds
    ready.set()
    thread.start()
    await asyncio.gather(*tasks)
    thread.join()
    elapsed = time.time() - started
    server_cpu = cpu_seconds(server_pid) - cpu_before  # pages and the watchers' streams: what the one process spends
    ms = [1000 * t for t in page_times]
    delay_ms = [1000 * d for d in delays]
    return {
        "users": args.users, "seconds": round(elapsed, 1), "pages": len(ms), "pages_per_s": round(len(ms) / elapsed, 1),
        "page_ms_p50": round(percentile(ms, 0.50), 1), "page_ms_p95": round(percentile(ms, 0.95), 1),
        "page_ms_p99": round(percentile(ms, 0.99), 1),
        "server_cpu_s": round(server_cpu, 2), "server_cpu_ms_per_page": round(1000 * server_cpu / len(ms), 1) if ms else None,
        "events_written": events + 2, "events_received_min_per_watcher": min(received) if received else 0,
        "close_codes": sorted(set(closes)),
        "delay_ms_p50": round(percentile(delay_ms, 0.50), 1), "delay_ms_p95": round(percentile(delay_ms, 0.95), 1),
        "delay_ms_max": round(max(delay_ms), 1) if delay_ms else None,
        "targets": {"page_ms_p95": 200, "delay_ms": 500},
    }


if __name__ == "__main__":
    sys.exit(main())
