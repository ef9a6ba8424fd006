#!/usr/bin/env python3
"""What the automatic stored-state check (support/reconciliation) costs a scenario, on the local stack.

Each sample is one "scenario" as the suite makes them: its own ledger scope with an event, a
20-seat block, a fan and a factory-made PAID order of ``--seats`` seats (consistent: the check
must find nothing). Measured per sample:

  (a) observe     the observer reading the Checkout answer off the exchange (every exchange pays
                  the walk; an answer without an order costs only that)
  (b) reconcile   the after-scenario check: the scope's fans and events from the ledger, the stored
                  order (one statement in a READ ONLY transaction), the rules
  (c) SELECT 1    one pooled round trip to the inventory database right after (b): the unit that
                  makes (b) comparable across machine loads (b is a handful of round trips)

Figures: median and p95 in ms, over ``--scenarios`` samples (default 40). A scenario that made no
order pays (a) for its exchanges and nothing else (no query). Every row is removed again.

    .venv/bin/python benchmarks/stored_state.py [--scenarios 40] [--seats 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import data_factories as df  # noqa: E402
from data_factories import Registry, session  # noqa: E402
from support.clients.exchange import Exchange  # noqa: E402
from support.db.pool import Databases  # noqa: E402
from support.db.queries import fetch_value  # noqa: E402
from support.reconciliation.check import reconcile, scenario_owners  # noqa: E402
from support.reconciliation.observed import OrderObserver  # noqa: E402
from support.stack.lifecycle import LocalStack  # noqa: E402


def checkout_answer(bought: df.Purchase) -> Exchange:
    """The Checkout exchange the platform would have answered for this purchase (GraphQL shape)."""
    order = {
        "id": str(bought.order.id), "status": "PAID", "eventId": str(bought.order.event_id), "totalCents": bought.order.total_cents,
        "idempotencyKey": bought.order.idempotency_key, "createdAt": "2026-01-01T00:00:00+00:00",
        "items": [{"seat": {"id": str(i.inventory_item_id), "section": "A", "row": "A", "seat": n + 1}, "priceType": "ADULT",
                   "baseCents": i.base_cents, "feesCents": i.fees_cents, "taxCents": i.tax_cents, "totalCents": i.total_cents}
                  for n, i in enumerate(bought.items)],
        "entitlements": [{"id": str(e.id), "barcode": e.barcode, "gateAccessLevel": e.gate_access_level, "status": "VALID",
                          "seat": {"id": str(e.inventory_item_id)}} for e in bought.entitlements],
        "payments": [{"id": str(bought.payment.id), "status": "CAPTURED", "amountCents": bought.payment.amount_cents,
                      "method": "card:visa", "idempotencyKey": bought.order.idempotency_key, "declineReason": None}],
    }
    return Exchange(service="graphql", operation="Checkout", method="POST", url="http://local/graphql", status=200,
                    response_body={"data": {"checkout": order}})


def ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 3)}


def measure(databases: Databases, registry: Registry, scenarios: int, seats: int) -> dict[str, Any]:
    observe: list[float] = []
    check: list[float] = []
    round_trip: list[float] = []
    findings = 0
    with session.bound(databases, registry) as bound:
        for n in range(scenarios):
            scoped = registry.scoped(f"bench-{n}")
            bound.registry = scoped
            event = df.EventFactory(status="ON_SALE")
            block = df.seat_map(event, "A", rows=1, seats_per_row=20, price_code="STD")
            bought = df.purchase(df.FanFactory(), block.seats[:seats])
            exchange, observer = checkout_answer(bought), OrderObserver()
            started = time.perf_counter()
            observer.jump_exchange(exchange)
            observe.append(time.perf_counter() - started)
            started = time.perf_counter()
            outcome = reconcile(databases.inventory, observer.drain(), scenario_owners(scoped))
            check.append(time.perf_counter() - started)
            started = time.perf_counter()
            fetch_value(databases.inventory, "SELECT 1")  # the unit: one pooled round trip, same moment
            round_trip.append(time.perf_counter() - started)
            findings += len(outcome.mismatches) + (0 if outcome.orders else 1)
            scoped.cleanup()
    return {"scenarios": scenarios, "seats_per_order": seats, "observe": ms(observe), "reconcile": ms(check),
            "select_1_round_trip": ms(round_trip),
            "unexpected_findings": findings, "load_average_1m": os.getloadavg()[0], "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=int, default=40)
    parser.add_argument("--seats", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.scenarios < 1 or not 1 <= args.seats <= 20:
        parser.error("--scenarios must be at least 1 and --seats between 1 and 20")
    stack = LocalStack()
    stack.up()
    state = stack.load_state()
    assert state is not None
    databases = Databases.from_dsns(state.databases)
    registry = Registry.open(databases)
    try:
        result = measure(databases, registry, args.scenarios, args.seats)
    finally:
        registry.cleanup_all()
        registry.close()
        databases.close()
    if args.json:
        print(json.dumps(result))
    else:
        print(f"stored-state check, {result['scenarios']} scenarios with one PAID order of {result['seats_per_order']} seat(s)")
        for name in ("observe", "reconcile", "select_1_round_trip"):
            print(f"  {name:<20} median {result[name]['median_ms']:8.3f} ms   p95 {result[name]['p95_ms']:8.3f} ms")
        print(f"  findings on consistent purchases: {result['unexpected_findings']} (must be 0)")
        print(f"  machine: load average {result['load_average_1m']:.1f} on {result['cpus']} CPUs (figures scale with it)")
    return 1 if result["unexpected_findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
