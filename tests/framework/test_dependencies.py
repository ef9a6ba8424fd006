"""Test dependencies are resolved: a factory asked for one row creates the rows it depends on, and
cleanup removes them again children first; the framework's own package dependencies resolve to the pins.

Against the running stack (real PostgreSQL): the order of the DELETE statements cleanup sends is
recorded from the connections it uses, and checked against every reference between the deleted rows,
the cross-database ones (an order's event) included, which PostgreSQL itself cannot enforce.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pytest
from psycopg2.extensions import connection as Connection

import data_factories as df
from data_factories import Registry, persistence
from data_factories.graph import ReferenceGraph
from data_factories.models import AppUser, Event, Fan, Order, Venue
from data_factories.session import FactorySession
from support.db.pool import Database, Databases
from support.db.queries import fetch_value

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(?P<version>[^\s;#]+)")


class _RecordingCursor:
    """A cursor that notes the table of every DELETE it sends, then sends it."""

    def __init__(self, cursor: Any, conn: Connection, database: str, deletes: list[tuple[str, str]]) -> None:
        self._cursor, self._conn, self._database, self._deletes = cursor, conn, database, deletes

    def execute(self, query: Any, params: Any = None) -> None:
        text = query.decode() if isinstance(query, bytes) else query if isinstance(query, str) else query.as_string(self._conn)
        deleted = re.match(r'\s*DELETE FROM "?(\w+)"?', text)
        if deleted:
            self._deletes.append((self._database, deleted.group(1)))
        self._cursor.execute(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __enter__(self) -> _RecordingCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()


class _RecordingConnection:
    def __init__(self, conn: Connection, database: str, deletes: list[tuple[str, str]]) -> None:
        self._conn, self._database, self._deletes = conn, database, deletes

    def cursor(self, *args: Any, **kwargs: Any) -> _RecordingCursor:
        return _RecordingCursor(self._conn.cursor(*args, **kwargs), self._conn, self._database, self._deletes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _record_deletes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """From now on: (database, table) of each DELETE sent inside a write transaction, in order."""
    sent: list[tuple[str, str]] = []
    real = Database.transaction

    @contextmanager
    def recording(self: Database) -> Iterator[Any]:
        with real(self) as conn:
            yield _RecordingConnection(conn, self.name, sent)

    monkeypatch.setattr(Database, "transaction", recording)
    return sent


@pytest.mark.req("CFG-001.3")
def test_a_payment_brings_its_whole_prerequisite_chain_and_cleanup_removes_it_children_first(
    factories: FactorySession, databases: Databases, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    payment = df.PaymentFactory()       # asked for nothing else: its order, the order's fan and event, ...

    order = persistence.fetch(Order, payment.order_id)
    event = persistence.fetch(Event, order.event_id)
    fan = persistence.fetch(Fan, order.fan_id)
    chain = {("inventory", "payment"): payment.id, ("inventory", "order"): order.id, ("inventory", "fan"): fan.id,
             ("events", "event"): event.id, ("events", "venue"): persistence.fetch(Venue, event.venue_id).id}
    account = fetch_value(databases.inventory, "SELECT id FROM app_user WHERE fan_id = %s", (fan.id,))
    assert persistence.fetch(AppUser, account).fan_id == fan.id          # the fan's sign-in comes with the fan
    chain[("inventory", "app_user")] = account
    entries = registry.entries()
    registered = {(e.database, e.table): dict(e.pk)["id"] for e in entries}
    assert registered == {table: str(key) for table, key in chain.items()}, "the ledger holds exactly the chain"
    position = {(e.database, e.table): i for i, e in enumerate(entries)}
    graph = ReferenceGraph.load(databases)
    references = [(fk.database, fk.table, fk.ref_database, fk.ref_table, fk.logical)
                  for db in graph.catalogs for fk in graph.catalogs[db].foreign_keys()
                  if (fk.database, fk.table) in chain and (fk.ref_database, fk.ref_table) in chain]
    assert ("inventory", "order", "events", "event", True) in references      # across databases, by convention
    for child_db, child, parent_db, parent, _ in references:                   # a parent is in the ledger first
        assert position[(parent_db, parent)] < position[(child_db, child)], f"{child} registered before {parent}"

    deletes = _record_deletes(monkeypatch)
    report = registry.cleanup()

    assert {(r.database, r.table) for r in report.deleted} == set(chain)
    for (database, table), key in chain.items():
        assert fetch_value(databases[database], f'SELECT count(*) FROM "{table}" WHERE id = %s', (key,)) == 0
    sent = [d for d in deletes if d in chain]
    assert sorted(sent) == sorted(chain), f"one DELETE per table of the chain: {sent}"
    for child_db, child, parent_db, parent, _ in references:                   # and it goes children first
        assert sent.index((child_db, child)) < sent.index((parent_db, parent)), f"{parent} deleted before {child}: {sent}"


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            pinned = PIN.match(requirement)
            assert pinned, f"requirements.txt: {requirement!r} is not pinned to one version (name==version)"
            pins[pinned["name"]] = pinned["version"]
    return pins


@pytest.mark.req("CFG-001.3")
def test_the_pinned_requirements_are_what_is_installed_and_their_dependencies_resolve() -> None:
    pins = _pins()
    assert len(pins) > 30
    installed: dict[str, str | None] = {}
    for name in pins:
        try:
            installed[name] = version(name)
        except PackageNotFoundError:
            installed[name] = None
    assert {n: v for n, v in installed.items() if v != pins[n]} == {}, "installed versions differ from the pins"
    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr          # every package's own requirements are met
