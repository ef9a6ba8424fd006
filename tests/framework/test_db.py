"""support.db against the running stack's PostgreSQL: pools, transactions, queries, catalog,
snapshots and diffs, integrity checks."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import psycopg2
import psycopg2.errors
import pytest

from data_factories import (
    EventFactory,
    FanFactory,
    InventoryBlockFactory,
    InventoryItemFactory,
    OrderFactory,
    PriceTypeFactory,
    purchase,
    seat_map,
)
from data_factories.session import FactorySession
from support.db.catalog import load_catalog
from support.db.errors import PoolExhausted, UnsafeQueryError
from support.db.integrity import Check, check_integrity, expired_active_locks
from support.db.pool import Database, Databases
from support.db.queries import execute, fetch_all, fetch_one, fetch_value, run_read_only_query, single_statement
from support.db.snapshot import diff, row_counts, snapshot


# -- pool and transactions ---------------------------------------------------------------
@pytest.mark.req("DB-001.4")
def test_pool_shows_connections_in_use(dsns: dict[str, str]) -> None:
    db = Database("events", dsns["events"], minconn=1, maxconn=3)
    try:
        with db.connection(), db.connection():
            assert db.stats().in_use == 2
        stats = db.stats()
        assert (stats.in_use, stats.peak_in_use, stats.checkouts) == (0, 2, 2)
        assert stats.idle == 1  # minconn connections stay open between uses, the others are closed
    finally:
        db.close()


@pytest.mark.req("DB-001.4")
def test_pool_waits_for_a_free_connection_then_gives_up(dsns: dict[str, str]) -> None:
    db = Database("events", dsns["events"], maxconn=1, wait_s=0.3)
    try:
        with db.connection():
            with pytest.raises(PoolExhausted, match="1 connections stayed in use"):
                with db.connection():
                    pass
        released = threading.Event()

        def hold_briefly() -> None:
            with db.connection():
                released.wait(0.1)

        worker = threading.Thread(target=hold_briefly)
        worker.start()
        time.sleep(0.02)
        with db.connection() as conn:  # waits for the worker's connection instead of failing
            assert conn.closed == 0
        worker.join()
    finally:
        db.close()


@pytest.mark.req("DB-001.3")
def test_transaction_commits_on_success_and_rolls_back_on_error(databases: Databases) -> None:
    committed, rolled_back = uuid.uuid4(), uuid.uuid4()
    insert = "INSERT INTO performer (id, name) VALUES (%s, 'jt-probe')"
    try:
        with databases.events.transaction() as conn:
            execute(conn, insert, (committed,))
        with pytest.raises(RuntimeError):
            with databases.events.transaction() as conn:
                execute(conn, insert, (rolled_back,))
                assert fetch_value(conn, "SELECT count(*) FROM performer WHERE id = %s", (rolled_back,)) == 1
                raise RuntimeError("scenario step failed")
        ids = {
            r["id"]
            for r in fetch_all(
                databases.events, "SELECT id FROM performer WHERE id = ANY(%s)", ([committed, rolled_back],)
            )
        }
        assert ids == {committed}
    finally:
        execute(databases.events, "DELETE FROM performer WHERE id = ANY(%s)", ([committed, rolled_back],))
    assert databases.events.stats().in_use == 0


@pytest.mark.req("DB-001.3")
def test_a_connection_returned_mid_transaction_is_rolled_back(databases: Databases) -> None:
    probe = uuid.uuid4()
    with databases.events.connection() as conn:
        execute(conn, "INSERT INTO performer (id, name) VALUES (%s, 'jt-probe')", (probe,))
    assert fetch_one(databases.events, "SELECT id FROM performer WHERE id = %s", (probe,)) is None


def test_read_only_transaction_refuses_writes(databases: Databases) -> None:
    with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
        with databases.events.read_only() as conn:
            execute(conn, "INSERT INTO performer (name) VALUES ('never')")


# -- queries --------------------------------------------------------------------------------
def test_fetch_helpers_return_dicts_and_values(databases: Databases) -> None:
    rows = fetch_all(
        databases.inventory, "SELECT code FROM price_type WHERE code = ANY(%s) ORDER BY code", (["ADULT", "CHILD"],)
    )
    assert rows == [{"code": "ADULT"}, {"code": "CHILD"}]
    assert fetch_one(databases.inventory, "SELECT code FROM price_code WHERE code = %(c)s", {"c": "VIP"}) == {
        "code": "VIP"
    }
    assert fetch_one(databases.inventory, "SELECT code FROM price_code WHERE code = 'NOPE'") is None
    assert fetch_value(databases.inventory, "SELECT count(*) FROM price_type WHERE code = 'ADULT'") == 1


def test_read_only_query_runs_a_select_with_parameters(databases: Databases) -> None:
    rows = run_read_only_query(
        databases.inventory, "SELECT code FROM price_code WHERE code = %s -- why; not\n", ("STD",)
    )
    assert rows == [{"code": "STD"}]
    assert run_read_only_query(databases.inventory, "WITH c AS (SELECT ';' AS s) SELECT s FROM c;") == [{"s": ";"}]


@pytest.mark.parametrize(
    "query, message",
    [
        ("DELETE FROM fan", "not DELETE"),
        ("UPDATE fan SET phone = NULL", "not UPDATE"),
        ("SELECT 1; DELETE FROM fan", "only one statement"),
        ("SELECT 1; -- trailing comment only is fine\n SELECT 2", "only one statement"),
        ("/* hidden */ DROP TABLE fan", "not DROP"),
        ("WITH gone AS (DELETE FROM fan RETURNING id) SELECT * FROM gone", "tried to write"),
        ("SELECT * FROM fan FOR UPDATE", "tried to write or lock"),
        ("", "empty statement"),
    ],
)
def test_read_only_query_refuses_anything_but_one_select(databases: Databases, query: str, message: str) -> None:
    with pytest.raises(UnsafeQueryError, match=message):
        run_read_only_query(databases.inventory, query)


def test_single_statement_understands_quotes_and_comments() -> None:
    assert single_statement("SELECT 'a;b', \"x;y\", $$c;d$$, $t$e;f$t$ /* ; */ -- ;\n;").startswith("SELECT 'a;b'")
    with pytest.raises(UnsafeQueryError, match="unterminated"):
        single_statement("SELECT 'open")


# -- catalog --------------------------------------------------------------------------------
def test_catalog_reads_keys_checks_and_declared_foreign_keys(databases: Databases) -> None:
    inventory = load_catalog(databases.inventory)
    item = inventory.table("inventory_item")
    assert item.primary_key == ("id",)
    declared = {(fk.columns, fk.ref_table) for fk in item.foreign_keys if not fk.logical}
    assert declared == {(("block_id",), "inventory_block"), (("lock_id",), "reservation_lock")}
    assert any(u.columns == ("event_id", "section", "row_label", "seat_number") for u in item.uniques)
    assert any("'LOCKED'" in c.definition for c in item.checks)
    assert item.column("lock_id").nullable and not item.column("status").nullable
    assert item.column("status").default == "'AVAILABLE'::text"
    valid_seat = next(u for u in inventory.table("entitlement").uniques if u.name == "entitlement_valid_seat_uq")
    assert valid_seat.columns == ("inventory_item_id",) and "VALID" in (valid_seat.predicate or "")
    assert load_catalog(databases.events).table("event_performer").primary_key == ("event_id", "performer_id")
    assert load_catalog(databases.inventory) is inventory  # cached per database


def test_catalog_adds_logical_cross_database_references(databases: Databases) -> None:
    inventory = load_catalog(databases.inventory)
    logical = {
        (fk.table, fk.columns[0], fk.ref_database, fk.ref_table) for fk in inventory.foreign_keys() if fk.logical
    }
    assert ("inventory_item", "event_id", "events", "event") in logical
    assert ("order", "event_id", "events", "event") in logical
    assert ("offer_event_group", "event_group_id", "events", "event_group") in logical
    assert {fk.table for fk in inventory.references_to("events", "event")} >= {
        "price_point",
        "inventory_block",
        "inventory_item",
        "reservation_lock",
        "entitlement_template",
        "order",
    }
    events = load_catalog(databases.events)
    assert not any(fk.logical for fk in events.foreign_keys())  # events.event_performer has a real FK
    order = events.dependency_order()
    assert order.index("venue") < order.index("event") < order.index("event_performer")


# -- snapshots and diffs ----------------------------------------------------------------------
@pytest.mark.req("DB-001.2")
def test_diff_detects_inserted_updated_and_deleted_rows(databases: Databases) -> None:
    keep, drop, new = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ours = [keep, drop, new]
    try:
        execute(databases.events, "INSERT INTO performer (id, name) VALUES (%s, 'keep'), (%s, 'drop')", (keep, drop))
        before = snapshot(databases.events, ["performer", "venue"])
        with databases.events.transaction() as conn:
            execute(conn, "INSERT INTO performer (id, name, genre) VALUES (%s, 'new', 'Jazz')", (new,))
            execute(conn, "UPDATE performer SET genre = 'Rock' WHERE id = %s", (keep,))
            execute(conn, "DELETE FROM performer WHERE id = %s", (drop,))
        changes = diff(before, snapshot(databases.events, ["performer", "venue"]))
    finally:
        execute(databases.events, "DELETE FROM performer WHERE id = ANY(%s)", (ours,))
    t = changes.table("performer")  # other runs may touch the table: look at our rows only
    assert [r["id"] for r in t.inserted if r["id"] in ours] == [new]
    assert [(c.key, c.changed, c.before["genre"], c.after["genre"]) for c in t.updated if c.key[0] in ours] == [
        ((keep,), ("genre",), None, "Rock")
    ]
    assert [r["id"] for r in t.deleted if r["id"] in ours] == [drop]
    assert changes.summary()["performer"][0] >= 1
    text = changes.render()
    assert "performer: +" in text and "~ " in text and "genre: None -> 'Rock'" in text and "- {id=" in text


def test_diff_ignores_chosen_columns_and_reports_no_change(databases: Databases) -> None:
    before = snapshot(databases.inventory, ["price_code", "price_type"])
    after = snapshot(databases.inventory, ["price_code", "price_type"])
    assert diff(before, after).is_empty and diff(before, after).render() == "inventory: no changes"
    assert row_counts(databases.inventory, ["price_type"])["price_type"] >= 4


def test_snapshot_and_diff_of_both_databases_are_fast(factories: FactorySession, databases: Databases) -> None:
    event = EventFactory()
    maps = [seat_map(event, s, 20, 50) for s in ("A", "B", "C")]  # 3000 seats
    before = {db.name: snapshot(db) for db in databases.platform()}
    execute(databases.inventory, "UPDATE inventory_item SET status = 'HELD' WHERE id = ANY(%s)", (maps[0].ids()[:100],))
    started = time.perf_counter()
    after = {db.name: snapshot(db) for db in databases.platform()}
    changes = {name: diff(before[name], after[name]) for name in before}
    elapsed = time.perf_counter() - started
    rows = sum(sum(s.row_counts().values()) for s in after.values())
    print(f"\nsnapshot+diff of {rows} rows in both databases: {elapsed * 1000:.0f} ms")
    held = [c for c in changes["inventory"].table("inventory_item").updated if c.after["status"] == "HELD"]
    assert len(held) >= 100 and rows >= 3000


# -- integrity --------------------------------------------------------------------------------
@pytest.mark.req("DB-001.5")
def test_integrity_finds_orphans_wrong_totals_and_unticketed_sold_seats(
    factories: FactorySession, databases: Databases
) -> None:
    ghost_event = uuid.uuid4()
    InventoryBlockFactory(event_id=ghost_event, section="GHOST")
    order = OrderFactory(total_cents=1234)  # no items: the items sum to 0
    sold = InventoryItemFactory(status="SOLD")
    scope = [ghost_event, order.event_id, sold.event_id]
    findings = check_integrity(databases, event_ids=scope)
    found = {(f.check, f.table, f.key) for f in findings}
    assert (Check.ORPHAN_REFERENCE, "inventory_block", str(ghost_event)) in found
    assert (Check.ORDER_TOTAL, "order", str(order.id)) in found
    assert (Check.SOLD_WITHOUT_ENTITLEMENT, "inventory_item", str(sold.id)) in found
    assert all(f.key in {str(ghost_event), str(order.id), str(sold.id)} for f in findings), findings
    assert "items sum to 0" in str(next(f for f in findings if f.check is Check.ORDER_TOTAL))


def test_integrity_finds_active_locks_past_expiry_beyond_the_grace(
    factories: FactorySession, databases: Databases
) -> None:
    fan, adult = FanFactory(login=False), PriceTypeFactory()
    event_id = EventFactory().id
    # inside an open transaction: the platform's expiry sweeper cannot see (and fix) the lock
    with databases.inventory.transaction() as conn:
        for late_s in (60, 2):
            execute(
                conn,
                "INSERT INTO reservation_lock (availability_token, fan_id, event_id, price_type_id, expires_at)"
                " VALUES (%s, %s, %s, %s, now() - make_interval(secs => %s))",
                (f"avt-{uuid.uuid4().hex}", fan.id, event_id, adult.id, late_s),
            )
        findings = expired_active_locks(conn, grace_s=5, event_ids=[event_id])
        conn.rollback()
    assert len(findings) == 1 and findings[0].check is Check.EXPIRED_ACTIVE_LOCK
    assert "still ACTIVE" in findings[0].message and findings[0].database == "inventory"


def test_integrity_of_consistent_data_has_no_findings(factories: FactorySession, databases: Databases) -> None:
    seats = seat_map(EventFactory(), "A", 1, 4)
    bought = purchase(FanFactory(login=False), seats.seats[:2])
    assert check_integrity(databases, event_ids=[bought.order.event_id], lock_grace_s=5) == []
    assert bought.order.total_cents == 2 * 5900 and dt.datetime.now(dt.UTC) > bought.order.created_at
