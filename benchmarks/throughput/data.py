"""The run's test data on the shared stack: written with tests/sandbox/seed.py, removed, and verified gone.

The stack is shared with other engineers, so a benchmark must leave no row behind, even when it fails.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

TOUCHED_TABLES = {
    "events": ("venue", "performer", "event", "event_performer"),
    "inventory": ("fan", "app_user", "inventory_block", "inventory_item", "price_point", "price_component",
                  "reservation_lock", "reservation_lock_item"),
}


def table_counts(dsns: dict[str, str]) -> dict[str, int]:
    """Row counts of every table the run writes to, to compare before and after it."""
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
    """What the scenarios need from the seeded data."""

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


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """Clean-up must not be cut short by a second Ctrl-C."""
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def remove_and_verify(seeder: Any, dsns: dict[str, str], before: dict[str, int]) -> bool:
    """Delete the run's rows and report on stderr; False when any of them is left behind."""
    with signals_ignored():
        print("cleaning up test data ...", file=sys.stderr, flush=True)
        seeder.cleanup()
        left = {k: v for k, v in leftovers(dsns, seeder).items() if v}
        after = table_counts(dsns)
    if left:
        print(f"CLEAN-UP INCOMPLETE: rows left behind: {left}", file=sys.stderr)
        return False
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    note = ("row counts of the touched tables are as before the run" if not changed else
            f"none of this run's rows is left; other counts changed meanwhile (shared stack?): {changed}")
    print(f"clean-up verified: {note}", file=sys.stderr)
    return True
