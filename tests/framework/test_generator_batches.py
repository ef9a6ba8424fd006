"""The generator's target table in batches (bounded memory for millions of rows): the database accepts
rows made across many batches, the stream is deterministic, and one batch is what it always was.
Small batch sizes stand in for the real 100,000 so the cases run in seconds; the memory figures
belong to benchmarks/data_generation.py."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from data_factories import cleanup
from data_factories.generator import build_plan, generate, stream, write_json, write_stream
from data_factories.generator.batching import SeenBits, SequenceBuckets
from data_factories.generator.loader import catalogs_of, cleanup_generated, insert_dataset
from support.db.catalog import Catalog
from support.db.integrity import check_integrity
from support.db.pool import Databases
from support.db.queries import fetch_value


@pytest.fixture(scope="module")
def catalogs(databases: Databases) -> dict[str, Catalog]:
    return catalogs_of(databases)


@pytest.mark.req("TDG-001.3")
@pytest.mark.parametrize(("schema", "table"), [
    ("inventory", "inventory_item"),  # a sequence (seat numbers) across batches
    ("inventory", "order_item"),      # its order's total sums every batch
    ("inventory", "fan"),             # UNIQUE tagged e-mail, the target is a ledger root
    ("inventory", "access_code"),     # UNIQUE regex text
    ("inventory", "entitlement"),     # 1:1 parents sampled once for all batches
    ("inventory", "price_point"),     # distinct parent combinations
])
def test_rows_made_in_many_batches_are_accepted_and_consistent(databases: Databases, catalogs: dict[str, Catalog],
                                                               schema: str, table: str) -> None:
    rows = stream(build_plan(catalogs, schema, table, 400, fanout=40), secrets.randbelow(2**31), batch_rows=37)
    report = insert_dataset(databases, rows)  # COPY fails on any CHECK / UNIQUE / FK / NOT NULL violation
    try:
        assert report.counts == rows.counts() and report.counts[f"{schema}.{table}"] == 400
        events = next((t.data["id"] for t in rows.parents if t.key == ("events", "event")), None)
        if events:
            assert check_integrity(databases, event_ids=events) == []  # order totals, seats, entitlements
    finally:
        reports = cleanup_generated(databases, [report.namespace])
    assert sum(r.rows for r in reports) == rows.total


def test_a_stream_is_deterministic_and_batches_join_to_the_whole(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    plan = build_plan(catalogs, "inventory", "inventory_item", 500, fanout=50)
    first, second, other = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    write_stream(stream(plan, 3, batch_rows=64), first)
    write_stream(stream(plan, 3, batch_rows=64), second)
    write_stream(stream(plan, 4, batch_rows=64), other)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    joined = tmp_path / "joined.json"
    write_json(stream(plan, 3, batch_rows=64).dataset(), joined)
    assert joined.read_bytes() == first.read_bytes()
    seats = stream(plan, 3, batch_rows=64).dataset().tables[-1]
    keys = list(zip(*(seats.data[c] for c in ("event_id", "section", "row_label", "seat_number")), strict=True))
    assert len(set(keys)) == 500 and len(set(seats.data["id"])) == 500


def test_up_to_one_batch_the_rows_are_those_of_the_in_memory_generator(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    plan = build_plan(catalogs, "inventory", "order_item", 300, fanout=30)
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    write_json(generate(plan, 8), whole)
    write_stream(stream(plan, 8), streamed)
    assert whole.read_bytes() == streamed.read_bytes()


def test_sequence_buckets_never_repeat_a_number_within_a_group() -> None:
    buckets = SequenceBuckets(size=8)  # 8 buckets for 50 groups: most share one, numbers must still differ per group
    numbers: dict[str, list[int]] = {}
    for i in range(2000):
        group = f"g{i % 50}"
        numbers.setdefault(group, []).append(buckets.next((group,)))
    assert all(len(set(v)) == len(v) for v in numbers.values())


def test_seen_bits_remember_every_value_added() -> None:
    seen = SeenBits(bits=1 << 16)
    seen.add_all(f"v{i}" for i in range(1000))
    assert all(f"v{i}" in seen for i in range(1000))
    assert sum(f"w{i}" in seen for i in range(1000)) < 100  # false positives stay rare


def test_cleanup_deletes_a_large_leaf_table_by_its_parents_keys(databases: Databases, catalogs: dict[str, Catalog],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Above BULK_ROWS, seats are deleted by their blocks' keys and counted, never listed one by one."""
    monkeypatch.setattr(cleanup, "BULK_ROWS", 50)
    rows = stream(build_plan(catalogs, "inventory", "inventory_item", 300, fanout=100), secrets.randbelow(2**31))
    seats = rows.dataset().tables[-1].data["id"]
    report = insert_dataset(databases, rows)
    try:
        stored = fetch_value(databases["inventory"], "SELECT count(*) FROM inventory_item WHERE id::text = ANY(%s)", (seats,))
        assert stored == 300
    finally:
        (done,) = cleanup_generated(databases, [report.namespace])
    assert done.bulk == {"inventory.inventory_item": 300} and done.summary()["inventory.inventory_item"] == 300
    assert not any(ref.table == "inventory_item" for ref in done.deleted)
    assert fetch_value(databases["inventory"], "SELECT count(*) FROM inventory_item WHERE id::text = ANY(%s)", (seats,)) == 0
    assert done.rows == rows.total


def test_bulk_cleanup_finds_the_rows_referring_to_bulk_rows_and_counts_each_row_once(
        databases: Databases, catalogs: dict[str, Catalog], monkeypatch: pytest.MonkeyPatch) -> None:
    """Entitlements and order items refer to the seats deleted in bulk: found by a subquery, deleted first."""
    monkeypatch.setattr(cleanup, "BULK_ROWS", 50)
    rows = stream(build_plan(catalogs, "inventory", "entitlement", 200, fanout=100), secrets.randbelow(2**31))
    report = insert_dataset(databases, rows)
    (done,) = cleanup_generated(databases, [report.namespace])
    assert "inventory.inventory_item" in done.bulk  # the case under test: seats went in bulk
    assert done.summary() == rows.counts() and done.rows == rows.total
