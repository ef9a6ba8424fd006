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
import contextlib
import signal
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# The repo root for `support` and `tests`; this folder for the `throughput` package, which holds the
# parts of this script. Python adds the folder itself only when the file is run as a script, and the
# spawned load processes must find `throughput.load` however this module was started.
for folder in (REPO, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from throughput.cpu import background_cores, find_platform_pid  # noqa: E402
from throughput.data import remove_and_verify, seed, table_counts  # noqa: E402
from throughput.load import run_scenario  # noqa: E402
from throughput.output import json_line, print_header, print_report, progress_line  # noqa: E402
from throughput.scenarios import SCENARIOS  # noqa: E402


class Interrupted(Exception):
    """SIGTERM, turned into an exception so the clean-up in ``finally`` runs."""


def _raise_interrupted(signum: int, _frame: Any) -> None:
    raise Interrupted(f"signal {signum}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, validated up front so a bad flag fails before any data is written."""
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
    """Seed, pick the platform, run the scenarios, print; the test data is removed whatever happens."""
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
        if seeder is not None and not remove_and_verify(seeder, dsns, before):
            exit_code = 1

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
            background = background_cores()  # one second without our load: how busy is the machine anyway?
            print_header(clients=args.clients, seconds=args.seconds, warmup=args.warmup, platform_note=platform_note,
                         server_pid=server_pid, started=started, background=background, fixture=fixture, tag=seeder.tag)
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
                print(progress_line(name, result), flush=True)
                results.append(result)
    except (KeyboardInterrupt, Interrupted) as exc:
        print(f"interrupted ({type(exc).__name__}); "
              + ("test data removed" if exit_code == 0 else "clean-up incomplete, see above"), file=sys.stderr)
        return 130 if exit_code == 0 else exit_code

    print_report(results)
    if args.json:
        print(json_line(clients=args.clients, seconds=args.seconds, warmup=args.warmup, platform_note=platform_note,
                        event_id=fixture.event_id, background=background, results=results, clean_up_ok=exit_code == 0))
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
