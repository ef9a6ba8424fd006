"""behave with one extra plugin: a platform defect simulated after the platform answered.

``python -m tests.framework.stored_state_probe <behave args>``: every paid checkout's stored
order total is lowered by one cent in the inventory database ($PROBE_INVENTORY_DSN) as soon as
the answer arrives, while the answer and the payment stay right. Used by
tests/framework/test_stored_state_behave.py only.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import psycopg2
from behave.__main__ import main as behave_main

from support.clients.exchange import Exchange
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import plugin_manager


class StoreOneCentLess:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    @hookimpl
    def jump_exchange(self, exchange: Exchange) -> None:
        body: Any = exchange.response_body
        order = ((body.get("data") or {}).get("checkout") if isinstance(body, dict) else None) or {}
        if exchange.operation == "Checkout" and order.get("status") == "PAID":
            conn = psycopg2.connect(self.dsn)
            try:
                with conn, conn.cursor() as cur:
                    cur.execute('UPDATE "order" SET total_cents = total_cents - 1 WHERE id = %s', (order["id"],))
            finally:
                conn.close()


if __name__ == "__main__":
    plugin_manager().register(StoreOneCentLess(os.environ["PROBE_INVENTORY_DSN"]), name="store-one-cent-less")
    sys.exit(behave_main(sys.argv[1:]))
