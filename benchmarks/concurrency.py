#!/usr/bin/env python3
"""Concurrent checkout flows through the framework's own HTTP transport: do they overlap, and is any seat sold twice?

For each N (``--flows``, default 50 and 200), N threads share one ``HttpTransport`` (as the
race journeys do) and are released together by a barrier, twice:

  reads     each flow asks for the event's availability ``--reads`` times in a row (closed loop)
  checkout  each flow reserves one seat and pays for it; the event has fewer seats than flows
            (``--seats-ratio``), so the flows compete for the last seats

Per phase it prints the wall time (first request sent to last answer), the sum of the request
times, the overlap factor (sum / wall: about N when all N flows are always in flight, 1 when
requests go out one after another), and per operation the count, errors and p50/p95 of the
platform's answer times (measured at the client, send to answer). After the checkout phase it
reads the inventory database: seats sold vs seats available, seats in more than one paid order
or with more than one entitlement (must be 0), and paid orders vs checkouts the API accepted.

Runs against a dedicated platform process on the local stack's databases (rate limit raised,
seat-lock TTL 600 s so no reservation expires under load), like platform_throughput.py. Its
test data (events, fans and what the platform made from them) is removed at the end, also on
failure or Ctrl-C; exit 1 when any row is left behind or a seat was sold twice.

    .venv/bin/python benchmarks/concurrency.py [--flows 50,200] [--reads 10] [--seats-ratio 0.5] [--json]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for folder in (REPO, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from throughput.data import remove_and_verify, table_counts  # noqa: E402
from throughput.scenarios import AVAILABILITY_QUERY, RESERVE_MUTATION  # noqa: E402

from support.clients.exchange import Exchange  # noqa: E402
from support.clients.transport import HttpTransport, TransportOptions  # noqa: E402
from support.errors import PlatformUnreachable  # noqa: E402
from support.run.retry_policy import RetryPolicy  # noqa: E402

CHECKOUT_MUTATION = """mutation($input: CheckoutInput!) { checkout(input: $input) { id status totalCents } }"""

SOLD_TWICE_SQL = """
SELECT count(*) FROM (SELECT oi.inventory_item_id FROM order_item oi JOIN "order" o ON o.id = oi.order_id
                       WHERE o.event_id = %(ev)s AND o.status = 'PAID'
                       GROUP BY oi.inventory_item_id HAVING count(*) > 1) twice"""
ENTITLED_TWICE_SQL = """
SELECT count(*) FROM (SELECT e.inventory_item_id FROM entitlement e JOIN "order" o ON o.id = e.order_id
                       WHERE o.event_id = %(ev)s GROUP BY e.inventory_item_id HAVING count(*) > 1) twice"""
SOLD_SQL = "SELECT count(*) FROM inventory_item WHERE event_id = %(ev)s AND status = 'SOLD'"
PAID_ORDERS_SQL = """SELECT count(*) FROM "order" WHERE event_id = %(ev)s AND status = 'PAID'"""


@dataclass
class Phase:
    """The exchanges of one phase, and what the flows saw go wrong."""

    name: str
    flows: int
    exchanges: list[Exchange] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, exchange: Exchange, error: str | None) -> None:
        with self.lock:
            self.exchanges.append(exchange)
            if error is not None:
                key = f"{exchange.operation}: {error}"
                self.errors[key] = self.errors.get(key, 0) + 1

    def figures(self) -> dict[str, Any]:
        timed = [e for e in self.exchanges if e.sent_at_s is not None and e.answered_at_s is not None]
        wall = max(e.answered_at_s for e in timed) - min(e.sent_at_s for e in timed) if timed else 0.0
        busy = sum(e.answered_at_s - e.sent_at_s for e in timed)
        operations: dict[str, Any] = {}
        for name in sorted({e.operation for e in timed}):
            times = sorted((e.answered_at_s - e.sent_at_s) * 1000 for e in timed if e.operation == name)
            failed = sum(n for key, n in self.errors.items() if key.startswith(f"{name}: "))
            operations[name] = {"requests": len(times), "errors": failed,
                                "p50_ms": _rank(times, 0.50), "p95_ms": _rank(times, 0.95)}
        return {"phase": self.name, "flows": self.flows, "requests": len(timed), "wall_s": wall, "sum_s": busy,
                "overlap": busy / wall if wall else 0.0, "operations": operations, "errors": dict(self.errors)}


def _rank(sorted_ms: list[float], share: float) -> float | None:
    """Nearest-rank percentile."""
    if not sorted_ms:
        return None
    return sorted_ms[max(0, min(len(sorted_ms) - 1, int(round(share * len(sorted_ms) + 0.5)) - 1))]


def _graphql(transport: HttpTransport, phase: Phase, operation: str, query: str, variables: dict[str, Any],
             token: str) -> dict[str, Any] | None:
    """One GraphQL request through the framework's transport; its data, or None (the error is counted)."""
    try:
        response, exchange = transport.send("POST", "", operation=operation, json={"query": query, "variables": variables},
                                            headers={"Authorization": f"Bearer {token}"})
    except PlatformUnreachable as exc:
        with phase.lock:
            phase.errors[f"{operation}: {exc.cause}"] = phase.errors.get(f"{operation}: {exc.cause}", 0) + 1
        return None
    body = exchange.response_body if isinstance(exchange.response_body, dict) else {}
    errors = body.get("errors") or []
    error = None
    if response.status_code != 200:
        error = f"HTTP {response.status_code}"
    elif errors:
        error = str((errors[0].get("extensions") or {}).get("code", "error"))
    phase.add(exchange, error)
    return body.get("data") if error is None else None


def together(flows: int, action: Any) -> None:
    """``flows`` threads released at once by a barrier, each running ``action(index)``."""
    barrier = threading.Barrier(flows)

    def run(index: int) -> None:
        barrier.wait(timeout=120)
        action(index)

    with concurrent.futures.ThreadPoolExecutor(max_workers=flows) as pool:
        list(pool.map(run, range(flows)))


def logins(base_url: str, fans: list[Any]) -> list[str]:
    """One access token per fan (eight logins at a time; not measured)."""
    import requests

    from tests.sandbox.seed import FAN_PASSWORD

    def login(email: str) -> str:
        response = requests.post(f"{base_url}/v1/auth/token", json={"username": email, "password": FAN_PASSWORD}, timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"login of {email} failed: HTTP {response.status_code}")
        return response.json()["access_token"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(login, [f.email for f in fans]))


def run_flows(seeder: Any, base_url: str, dsns: dict[str, str], flows: int, reads: int, seats_ratio: float) -> dict[str, Any]:
    """Both phases for ``flows`` concurrent flows on a fresh event; the figures and the seat check."""
    import psycopg2

    seats = max(1, int(flows * seats_ratio))
    sale = seeder.sale_event(seats=seats, max_tickets=4, name=f"Concurrency {seeder.tag} N={flows}")
    fans = [seeder.fan() for _ in range(flows)]
    tokens = logins(base_url, fans)
    event_id = str(sale.event_id)
    transport = HttpTransport("graphql", f"{base_url}/graphql", retry=RetryPolicy(max_attempts=1),
                              options=TransportOptions(pool_size=flows, read_timeout_s=120))
    try:
        reading = Phase("reads", flows)
        together(flows, lambda i: [_graphql(transport, reading, "availability", AVAILABILITY_QUERY, {"id": event_id}, tokens[i])
                                   for _ in range(reads)])
        buying = Phase("checkout", flows)
        accepted = [0] * flows

        def checkout_flow(i: int) -> None:
            reserved = _graphql(transport, buying, "reserveSeats", RESERVE_MUTATION,
                                {"input": {"eventId": event_id, "quantity": 1, "priceType": "ADULT"}}, tokens[i])
            if reserved is None:
                return
            paid = _graphql(transport, buying, "checkout", CHECKOUT_MUTATION,
                            {"input": {"availabilityToken": reserved["reserveSeats"]["availabilityToken"],
                                       "paymentToken": "tok_visa", "idempotencyKey": f"bench-{seeder.tag}-{flows}-{i}"}},
                            tokens[i])
            accepted[i] = int(paid is not None and paid["checkout"]["status"] == "PAID")

        together(flows, checkout_flow)
    finally:
        transport.close()
    conn = psycopg2.connect(dsns["inventory"])
    try:
        with conn.cursor() as cur:
            counts = {}
            for name, sql in (("sold", SOLD_SQL), ("sold_twice", SOLD_TWICE_SQL), ("entitled_twice", ENTITLED_TWICE_SQL),
                              ("paid_orders", PAID_ORDERS_SQL)):
                cur.execute(sql, {"ev": event_id})
                counts[name] = cur.fetchone()[0]
    finally:
        conn.close()
    return {"flows": flows, "reads": reading.figures(), "checkout": buying.figures(), "seats_available": seats,
            "checkouts_accepted": sum(accepted), **counts}


def print_result(result: dict[str, Any]) -> None:
    n = result["flows"]
    print(f"\nN = {n} concurrent flows")
    print(f"  {'phase':<10}{'requests':>9}{'wall s':>9}{'sum s':>10}{'overlap':>9}{'/ N':>7}")
    for phase in (result["reads"], result["checkout"]):
        print(f"  {phase['phase']:<10}{phase['requests']:>9}{phase['wall_s']:>9.2f}{phase['sum_s']:>10.2f}"
              f"{phase['overlap']:>9.1f}{phase['overlap'] / n:>7.2f}")
    print(f"  {'operation':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for phase in (result["reads"], result["checkout"]):
        for name, op in phase["operations"].items():
            print(f"  {name:<16}{op['requests']:>9}{op['errors']:>8}{op['p50_ms'] or 0:>9.1f}{op['p95_ms'] or 0:>9.1f}")
        for kind, count in phase["errors"].items():
            print(f"    {kind} x{count}")
    print(f"  seats sold {result['sold']} of {result['seats_available']} available; checkouts accepted "
          f"{result['checkouts_accepted']}, paid orders {result['paid_orders']}; seats sold twice {result['sold_twice']}, "
          f"seats entitled twice {result['entitled_twice']}")


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """The issue's aims, checked on the figures (a line each, 'ok' or 'MISSED')."""
    lines = []
    for r in results:
        n = r["flows"]
        if n == 50:
            ok = r["reads"]["overlap"] >= 0.8 * n
            lines.append(f"{'ok' if ok else 'MISSED'}: read overlap {r['reads']['overlap']:.1f} >= 0.8 N = {0.8 * n:.0f} at N = 50")
        twice = r["sold_twice"] + r["entitled_twice"]
        honest = r["sold"] <= r["seats_available"] and r["sold"] == r["paid_orders"] == r["checkouts_accepted"]
        lines.append(f"{'ok' if twice == 0 and honest else 'MISSED'}: N = {n}: no seat sold twice ({twice}), "
                     f"sold {r['sold']} <= {r['seats_available']} seats and = paid orders = accepted checkouts")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flows", default="50,200", help="comma-separated numbers of concurrent flows (default 50,200)")
    parser.add_argument("--reads", type=int, default=10, help="availability reads per flow (default 10)")
    parser.add_argument("--seats-ratio", type=float, default=0.5, help="seats on sale per flow (default 0.5)")
    parser.add_argument("--json", action="store_true", help="also print all figures as one JSON line")
    args = parser.parse_args(argv)
    try:
        flow_counts = [int(n) for n in args.flows.split(",") if n.strip()]
    except ValueError:
        parser.error(f"--flows: comma-separated whole numbers, got {args.flows!r}")
    if not flow_counts or min(flow_counts) < 1 or max(flow_counts) > 1000 or args.reads < 1 or not 0 < args.seats_ratio <= 2:
        parser.error("--flows between 1 and 1000 each, --reads >= 1, 0 < --seats-ratio <= 2")

    from support.stack.lifecycle import LocalStack
    from support.stack.state import PlatformOptions
    from tests.sandbox.seed import Seeder

    stack = LocalStack()
    status, _ = stack.up()
    assert status.state is not None
    dsns = status.state.databases
    before = table_counts(dsns)
    seeder = Seeder(dsns)
    results: list[dict[str, Any]] = []
    clean = True
    try:
        options = PlatformOptions(rate_limit_per_second=100000, rate_limit_burst=100000, lock_ttl_seconds=600)
        with stack.extra_platform(options) as base_url:
            print(f"a dedicated platform at {base_url} on the stack's databases (rate limit raised, lock TTL 600 s); "
                  f"flows share one framework HttpTransport; tag {seeder.tag}", flush=True)
            for flows in flow_counts:
                started = time.perf_counter()
                results.append(run_flows(seeder, base_url, dsns, flows, args.reads, args.seats_ratio))
                print_result(results[-1])
                print(f"  (N = {flows} took {time.perf_counter() - started:.1f} s with set-up)", flush=True)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        clean = remove_and_verify(seeder, dsns, before)
    lines = verdicts(results)
    print()
    for line in lines:
        print(line)
    if args.json:
        print(json.dumps({"results": results, "verdicts": lines, "clean_up_ok": clean}, default=str))
    sold_twice = any(r["sold_twice"] or r["entitled_twice"] for r in results)
    return 1 if sold_twice or not clean or not results else 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
