"""The schema-driven generator against the running stack: the real catalog, real constraints, COPY,
the ledger and cleanup. Small counts: the 100,000-row figures belong to benchmarks/data_generation.py."""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
from pathlib import Path

import pytest
from typer.testing import CliRunner

from data_factories import ledger
from data_factories.generator import build_plan, generate, read_json, write_json
from data_factories.generator.loader import OWNER_HOST, catalogs_of, cleanup_generated, generated_namespaces, insert_dataset
from data_factories.sweep import DEFAULT_MAX_AGE, is_stale
from support.db.catalog import Catalog
from support.db.integrity import check_integrity
from support.db.pool import Databases
from support.db.queries import fetch_value
from support.run.cli import app
from tests.framework.db_support import assert_restored, platform_snapshots

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def seed() -> int:
    """Inserting tests draw a fresh seed: a fixed one would collide with the same test run by a colleague at the same time."""
    return secrets.randbelow(2**31)


@pytest.fixture(scope="module")
def catalogs(databases: Databases) -> dict[str, Catalog]:
    return catalogs_of(databases)


def _count(databases: Databases, database: str, table: str, ids: list[str]) -> int:
    return int(fetch_value(databases[database], f'SELECT count(*) FROM "{table}" WHERE id::text = ANY(%s)', (ids,)))


@pytest.mark.req("TDG-001.2")
def test_parents_come_first_across_databases(catalogs: dict[str, Catalog]) -> None:
    plan = build_plan(catalogs, "inventory", "entitlement", 40)
    order = [t.key for t in plan.tables]
    for tp in plan.tables:
        for link in tp.links:
            assert order.index(link.parent) < order.index(tp.key), f"{link.parent} after {tp.key}"
    assert ("events", "event") in order and order[-1] == ("inventory", "entitlement")
    assert [t.key for t in plan.tables if t.is_root] == [("inventory", "price_code"), ("events", "venue"),
                                                          ("inventory", "fan"), ("inventory", "price_type")]


def test_fan_out_puts_many_seats_under_few_parents(catalogs: dict[str, Catalog]) -> None:
    counts = {f"{t.table.database}.{t.table.name}": t.count for t in build_plan(catalogs, "inventory", "inventory_item", 100_000).tables}
    assert counts == {"inventory.price_code": 1, "events.venue": 1, "events.event": 100, "inventory.inventory_block": 100,
                      "inventory.inventory_item": 100_000}


def test_same_seed_same_bytes_and_the_json_round_trips(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    plan = build_plan(catalogs, "inventory", "price_component", 60)
    first, second, other = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    write_json(generate(plan, 11), first)
    write_json(generate(plan, 11), second)
    write_json(generate(plan, 12), other)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    back = read_json(first)
    original = generate(plan, 11)
    assert back.seed == 11 and back.counts() == original.counts()
    for table in original.tables:
        assert back.table(table.database, table.table).data == table.data


@pytest.mark.req("TDG-001.1")
@pytest.mark.parametrize(("schema", "table"), [
    ("inventory", "entitlement"), ("inventory", "price_component"), ("inventory", "fan"), ("inventory", "app_user"),
    ("inventory", "access_code"), ("inventory", "payment"), ("events", "event_performer"), ("events", "season"),
])
def test_generated_rows_pass_the_declared_constraints(databases: Databases, catalogs: dict[str, Catalog],
                                                      schema: str, table: str, seed: int) -> None:
    dataset = generate(build_plan(catalogs, schema, table, 30), seed=seed)
    report = insert_dataset(databases, dataset)  # COPY fails on any CHECK / UNIQUE / FK / NOT NULL violation
    try:
        assert report.counts == dataset.counts()
        target = dataset.table(schema, table)
        keys = catalogs[schema].table(table).primary_key
        stored = fetch_value(databases[schema], f'SELECT count(DISTINCT ({", ".join(keys)})) FROM "{table}" WHERE '
                             f'({keys[0]})::text = ANY(%s)', ([str(v) for v in target.data[keys[0]]],))
        assert stored == target.count
    finally:
        cleanup_generated(databases, [report.namespace])


@pytest.mark.req("TDG-001.3")
def test_insert_check_integrity_cleanup_round_trip(databases: Databases, catalogs: dict[str, Catalog], seed: int) -> None:
    before = platform_snapshots(databases)
    dataset = generate(build_plan(catalogs, "inventory", "inventory_item", 1500, fanout=100), seed=seed)
    report = insert_dataset(databases, dataset)
    events = dataset.table("events", "event").data["id"]
    seats = dataset.table("inventory", "inventory_item").data["id"]
    try:
        assert report.roots == 2  # the venue and the price code: cleanup finds the other 1,546 rows itself
        assert _count(databases, "inventory", "inventory_item", seats) == 1500
        assert check_integrity(databases, event_ids=events) == []
    finally:
        reports = cleanup_generated(databases, [report.namespace])
    assert sum(len(r.deleted) for r in reports) == dataset.total
    assert _count(databases, "inventory", "inventory_item", seats) == 0
    assert _count(databases, "events", "event", events) == 0
    assert_restored(databases, before, [*events, *seats], [ref for r in reports for ref in r.deleted])


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["test:generate", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "line"), [
    (["--schema", "inventory", "--table", "inventory_itm"], "error: unknown table 'inventory_itm' in schema inventory (known: "),
    (["--schema", "inventry", "--table", "inventory_item"], "error: unknown schema 'inventry' (known: events, inventory)"),
    (["--schema", "inventory", "--table", "inventory_item", "--count", "many"], "error: --count: "),
    (["--schema", "inventory", "--table", "inventory_item", "--count", "0"], "error: --count: "),
    (["--cleanup", "--insert"], "error: --cleanup takes no other option"),
    (["--schema", "inventory"], "error: --schema and --table are required"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    code, out, err = cli(*args)
    assert code == 2, out + err
    assert err.startswith(line) and err.count("\n") == 1, err
    assert "Traceback" not in out + err


def test_dry_run_prints_the_plan_without_writing(databases: Databases) -> None:
    code, out, _ = cli("--schema", "inventory", "--table", "order_item", "--count", "25", "--seed", "3", "--dry-run")
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert lines[0] == "plan (seed 3, dependency order):"
    assert lines.index("inventory.order: 5 row(s)") < lines.index("inventory.order_item: 25 row(s)")
    assert "events.event: 1 row(s)" in lines and "generated" not in out


@pytest.mark.req("TDG-001.3")
def test_cli_insert_outlives_the_command_until_cleanup(databases: Databases, seed: int) -> None:
    """--insert hands its namespace to the pseudo-owner: a start-of-run sweep leaves it alone, --cleanup does not."""
    code, out, err = cli("--schema", "events", "--table", "event", "--count", "12", "--seed", str(seed), "--insert")
    assert code == 0, out + err
    namespace = re.search(r"as namespace (jt-[0-9a-f]{8})", out).group(1)  # type: ignore[union-attr]
    try:
        assert namespace in generated_namespaces(databases)
        state = next(s for s in ledger.namespaces(databases.results, ledger.Target.of(databases)) if s.namespace == namespace)
        assert state.owners == ((OWNER_HOST, 0),)
        assert not is_stale(state, now=ledger.database_now(databases.results), max_age=DEFAULT_MAX_AGE)
    finally:
        reports = cleanup_generated(databases, [namespace])
    assert {k: v for r in reports for k, v in r.summary().items()} == {"events.event": 12, "events.venue": 1}
    assert namespace not in generated_namespaces(databases)


def test_the_benchmark_still_runs_and_leaves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """A smoke run of benchmarks/data_generation.py at a tiny size (the figures are not asserted)."""
    spec = importlib.util.spec_from_file_location("data_generation", REPO / "benchmarks" / "data_generation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--count", "300", "--repeat", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 304 and result["left"] == {} and set(result["rows_per_s"]) == {
        "generate", "generate_insert", "plain_copy"}
