"""The generator's solvers without a database: CHECK parsing, regex matches, scenarios, and a
made-up table (no Jump table, nothing special-cased) whose every generated row must satisfy its CHECKs."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from data_factories.generator import build_plan, generate
from data_factories.generator.errors import UnknownTarget, UnsupportedCheck
from data_factories.generator.expr import Atom, check_branches, constant_default
from data_factories.generator.facts import scenarios
from data_factories.generator.regex import compile_pattern
from data_factories.generator.regex import generate as regex_values
from support.db.catalog import Catalog, CheckConstraint, Column, ForeignKey, Table, UniqueConstraint


def test_checks_become_branches_of_atoms() -> None:
    assert check_branches("CHECK (((rate_bps >= 0) AND (rate_bps <= 10000)))") == [
        [Atom("rate_bps", "ge", 0), Atom("rate_bps", "le", 10000)]]
    assert check_branches("CHECK ((status = ANY (ARRAY['A'::text, 'B'::text])))") == [[Atom("status", "in", ("A", "B"))]]
    assert check_branches("CHECK (((status = 'LOCKED'::text) = (lock_id IS NOT NULL)))") == [
        [Atom("status", "eq", "LOCKED"), Atom("lock_id", "notnull")],
        [Atom("status", "ne", "LOCKED"), Atom("lock_id", "null")]]
    assert check_branches("CHECK ((total_cents = ((base_cents + fees_cents) + tax_cents)))") == [
        [Atom("total_cents", "sum", ("base_cents", "fees_cents", "tax_cents"))]]
    assert check_branches("CHECK (((email IS NULL) OR (email ~~ '%_@_%'::text)))") == [
        [Atom("email", "null")], [Atom("email", "like", "%_@_%")]]
    assert constant_default("'AVAILABLE'::text") == (True, "AVAILABLE")
    assert constant_default("now()") == (False, None)


def test_an_unsupported_check_is_refused_with_its_text() -> None:
    with pytest.raises(UnsupportedCheck, match="lower"):
        check_branches("CHECK ((lower(code) = code))")


@pytest.mark.parametrize("pattern", ["^[A-Z0-9_]{1,20}$", "^[A-Z]{2}$", r"^\d{3}-[a-f]+x?$"])
def test_regex_values_match_their_pattern(pattern: str) -> None:
    values = regex_values(compile_pattern(pattern, "t.c"), random.Random(1), 300)
    assert all(re.fullmatch(pattern.strip("^$"), v) for v in values), values[:5]


def test_regex_outside_the_subset_names_the_column() -> None:
    with pytest.raises(UnsupportedCheck, match=r"gadget\.sku"):
        compile_pattern("^(ab|cd)$", "gadget.sku")


def _col(name: str, sql_type: str, nullable: bool = False, default: str | None = None, position: int = 0) -> Column:
    return Column(name, sql_type, nullable, default, position)


SHOP = Table("shop", "warehouse", (_col("id", "uuid", default="gen_random_uuid()"), _col("name", "character varying(12)")),
             ("id",), (UniqueConstraint("warehouse_name_key", ("name",)),),
             (CheckConstraint("w1", "CHECK ((char_length((name)::text) >= 3))"),))
GADGET = Table(
    "shop", "gadget",
    (_col("id", "uuid", default="gen_random_uuid()"), _col("warehouse_id", "uuid"), _col("sku", "text"),
     _col("qty", "integer"), _col("shipped", "boolean", default="false"), _col("shipped_at", "timestamp with time zone", True),
     _col("ordered_at", "timestamp with time zone"), _col("bin", "integer"), _col("note", "text", True),
     _col("created_at", "timestamp with time zone", default="now()")),
    ("id",),
    (UniqueConstraint("gadget_sku_key", ("sku",)), UniqueConstraint("gadget_bin_key", ("warehouse_id", "bin"))),
    (CheckConstraint("c1", "CHECK ((sku ~ '^[A-F0-9]{6}$'::text))"),
     CheckConstraint("c2", "CHECK (((qty >= 2) AND (qty <= 5)))"),
     CheckConstraint("c3", "CHECK ((shipped = (shipped_at IS NOT NULL)))"),
     CheckConstraint("c4", "CHECK (((shipped_at IS NULL) OR (shipped_at > ordered_at)))"),
     CheckConstraint("c5", "CHECK ((bin >= 10))"),
     CheckConstraint("c6", "CHECK (((note IS NULL) OR (char_length(note) <= 5)))")),
    (ForeignKey("gadget_warehouse_fk", "shop", "gadget", ("warehouse_id",), "shop", "warehouse", ("id",)),),
)
CATALOGS = {"shop": Catalog("shop", {"warehouse": SHOP, "gadget": GADGET})}


@pytest.mark.req("TDG-001.1")
def test_a_table_nobody_special_cased_gets_valid_rows() -> None:
    plan = build_plan(CATALOGS, "shop", "gadget", 2500, fanout=1000)
    assert [(t.table.name, t.count) for t in plan.tables] == [("warehouse", 3), ("gadget", 2500)]
    data = generate(plan, seed=5)
    gadgets, warehouses = data.table("shop", "gadget"), data.table("shop", "warehouse")
    assert "created_at" not in gadgets.columns  # now() is left to the database
    rows = [dict(zip(gadgets.columns, r, strict=True)) for r in gadgets.rows()]
    assert {r["warehouse_id"] for r in rows} == set(warehouses.data["id"])
    assert len({r["sku"] for r in rows}) == len(rows) and all(re.fullmatch("[A-F0-9]{6}", r["sku"]) for r in rows)
    assert len({(r["warehouse_id"], r["bin"]) for r in rows}) == len(rows) and min(r["bin"] for r in rows) == 10
    assert all(2 <= r["qty"] <= 5 for r in rows)
    assert all(r["shipped"] is False and r["shipped_at"] is None for r in rows)  # the default wins, the coupling follows
    for r in rows:
        assert dt.datetime.fromisoformat(r["ordered_at"])
        assert r["note"] is None or len(r["note"]) <= 5
    assert any(r["note"] is None for r in rows) and any(r["note"] is not None for r in rows)
    assert all(3 <= len(n) <= 12 for n in warehouses.data["name"])


def test_scenarios_follow_the_cross_column_checks() -> None:
    table = Table("shop", "price", (_col("id", "uuid"), _col("kind", "text"), _col("amount", "integer", True),
                                    _col("rate", "integer", True)), ("id",), (), (
        CheckConstraint("k", "CHECK ((kind = ANY (ARRAY['FEE'::text, 'TAX'::text])))"),
        CheckConstraint("x", "CHECK ((((kind = 'TAX'::text) AND (rate IS NOT NULL) AND (amount IS NULL)) OR "
                             "((kind <> 'TAX'::text) AND (amount IS NOT NULL) AND (rate IS NULL))))")))
    found = {s.column("kind").allowed: (s.column("rate").null, s.column("amount").null) for s in scenarios(table)}
    assert found == {("TAX",): (False, True), ("FEE",): (True, False)}
    data = generate(build_plan({"shop": Catalog("shop", {"price": table})}, "shop", "price", 400), seed=3)
    for kind, amount, rate in zip(*(data.table("shop", "price").data[c] for c in ("kind", "amount", "rate")), strict=True):
        assert (kind == "TAX" and rate is not None and amount is None) or (kind == "FEE" and amount is not None and rate is None)


def test_relations_and_sums_are_solved() -> None:
    table = Table("shop", "stay", (_col("id", "uuid"), _col("starts_on", "date"), _col("ends_on", "date"),
                                   _col("a", "integer"), _col("b", "integer"), _col("total", "integer")), ("id",), (), (
        CheckConstraint("r", "CHECK ((ends_on >= starts_on))"),
        CheckConstraint("s", "CHECK ((total = (a + b)))")))
    data = generate(build_plan({"shop": Catalog("shop", {"stay": table})}, "shop", "stay", 500), seed=9).table("shop", "stay")
    for _, start, end, a, b, total in data.rows():
        assert end >= start and total == a + b


def test_unknown_targets_name_what_exists() -> None:
    with pytest.raises(UnknownTarget, match=r"unknown table 'gadgt' in schema shop \(known: gadget, warehouse\)"):
        build_plan(CATALOGS, "shop", "gadgt", 1)
    with pytest.raises(UnknownTarget, match=r"unknown schema 'shp' \(known: shop\)"):
        build_plan(CATALOGS, "shp", "gadget", 1)
