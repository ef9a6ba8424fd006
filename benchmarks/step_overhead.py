#!/usr/bin/env python3
"""What the framework adds to one platform call: typed client, auth header, OpenAPI validation
(REST), secret masking, the Exchange record handed to the plugins (the Allure attachment hook),
and the tenacity retry / circuit-breaker wrapper, against the same call made with bare ``requests``.

Both sides use a keep-alive session and the same token against a dedicated platform process
(``LocalStack.extra_platform``, rate limit raised so no 429 is measured); calls are interleaved
(framework, bare, framework, ...) so drift in the platform's latency hits both equally.
Figures: median and mean per call, and the overhead = framework - bare (target < 2 ms).

    .venv/bin/python benchmarks/step_overhead.py [--calls 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.clients.graphql import operations  # noqa: E402
from support.config import load_settings, resolve_auto  # noqa: E402
from support.plugins.manager import plugin_manager  # noqa: E402
from support.reporting.allure_plugin import AllureReporter  # noqa: E402
from support.session import PlatformSession  # noqa: E402
from support.stack.lifecycle import LocalStack  # noqa: E402
from support.stack.state import PlatformOptions  # noqa: E402


def timed(call: Callable[[], object], calls: int) -> list[float]:
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(framework: Callable[[], object], bare: Callable[[], object], calls: int) -> dict[str, float]:
    for _ in range(20):  # warm-up: connections, token cache, validator caches
        framework(), bare()
    fw: list[float] = []
    raw: list[float] = []
    for _ in range(calls // 10):
        fw += timed(framework, 10)
        raw += timed(bare, 10)
    return {"framework_median_ms": statistics.median(fw), "bare_median_ms": statistics.median(raw),
            "framework_mean_ms": statistics.fmean(fw), "bare_mean_ms": statistics.fmean(raw),
            "overhead_median_ms": statistics.median(fw) - statistics.median(raw),
            "overhead_mean_ms": statistics.fmean(fw) - statistics.fmean(raw)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    stack = LocalStack()
    stack.up()
    with stack.extra_platform(PlatformOptions(rate_limit_per_second=100000, rate_limit_burst=100000)) as url:
        settings = resolve_auto(load_settings("local", {"platform.rest_url": url, "platform.graphql_url": f"{url}/graphql"}))
        if plugin_manager().get_plugin("allure") is None:
            plugin_manager().register(AllureReporter(), name="allure")   # the attachment hook runs on every call
        session = PlatformSession.open(settings)
        try:
            token = session.tokens.token(session.credentials["analyst"])
            bare = requests.Session()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            document = str(operations.events())
            results = {
                "rest GET /v1/events": measure(
                    lambda: session.rest.call("GET", "/v1/events", role="analyst").raise_for_problem(),
                    lambda: bare.get(f"{url}/v1/events", headers=headers, timeout=30).json(), args.calls),
                "rest, no OpenAPI check": measure(   # shows what the response validation costs
                    lambda: session.rest.call("GET", "/v1/events", role="analyst", validate=False).raise_for_problem(),
                    lambda: bare.get(f"{url}/v1/events", headers=headers, timeout=30).json(), args.calls),
                "graphql events": measure(
                    lambda: session.graphql.execute(operations.events(), role="analyst").raise_for_errors(),
                    lambda: bare.post(f"{url}/graphql", json={"query": document}, headers=headers, timeout=30).json(), args.calls),
            }
        finally:
            session.close()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'call':24} {'bare ms':>9} {'framework ms':>13} {'overhead ms':>12}   (medians of {args.calls} calls; means in brackets)")
    for name, r in results.items():
        print(f"{name:24} {r['bare_median_ms']:9.2f} {r['framework_median_ms']:13.2f} {r['overhead_median_ms']:12.2f}"
              f"   [{r['bare_mean_ms']:.2f} / {r['framework_mean_ms']:.2f} / {r['overhead_mean_ms']:.2f}]")
    worst = max(r["overhead_median_ms"] for r in results.values())
    print(f"worst median overhead per call: {worst:.2f} ms (target < 2 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
