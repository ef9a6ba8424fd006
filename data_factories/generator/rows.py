"""Generating a plan's rows, table by table in dependency order, a column at a time.

Per table: each row follows one of the table's CHECK scenarios (facts.py); references take parent
rows (links, below); every other column gets values meeting its scenario's facts (values.py);
then the cross-column solvers run: relations (``ends_at > starts_at``: the left side is moved past
the right when a draw breaks it) and sums (``total_cents = base_cents + fees_cents + tax_cents``:
computed), then the UNIQUE strategies (unique.py). Each table has its own Random derived from the
seed, so the output depends only on (seed, plan).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from data_factories.generator import unique
from data_factories.generator.context import Context
from data_factories.generator.dataset import Dataset, TableData
from data_factories.generator.errors import GenerationError
from data_factories.generator.expr import constant_default
from data_factories.generator.facts import ColumnFacts
from data_factories.generator.invariants import apply_invariants
from data_factories.generator.plan import Link, Plan, TableKey, TablePlan
from data_factories.generator.values import NULL_RATE, shift, values
from support.db.catalog import Column

Picks = dict[tuple[str, ...], list[int]]  # reference columns -> index of the parent row each row refers to
_HOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}


def generate(plan: Plan, seed: int) -> Dataset:
    """All rows of the plan; same (plan, seed), same rows."""
    ctx = Context(seed)
    done: dict[TableKey, TableData] = {}
    picks: dict[TableKey, Picks] = {}
    for tp in plan.tables:
        done[tp.key], picks[tp.key] = generate_table(tp, done, picks, ctx)
    dataset = Dataset(seed, ".".join(plan.target), [done[tp.key] for tp in plan.tables])
    apply_invariants(dataset)
    return dataset


def _emitted(tp: TablePlan, column: Column, fk_columns: set[str]) -> bool:
    """Columns with a volatile default (now(), gen_random_uuid()) no rule touches are left to the database."""
    if column.default is None or constant_default(column.default)[0]:
        return True
    if column.name in tp.table.primary_key or column.name in fk_columns:
        return True
    for s in tp.scenarios:
        if column.name in s.facts and s.column(column.name) != ColumnFacts(null=False):
            return True
        if any(column.name in (other for _, other in f.relations) or column.name in (f.sum_of or ()) for f in s.facts.values()):
            return True  # the other side of a relation or a sum: the solver needs its value
    return False


def generate_table(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks],
                   ctx: Context) -> tuple[TableData, Picks]:
    table, n = tp.table, tp.count
    rng = ctx.child(f"{table.database}.{table.name}")
    fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
    link_columns = {c for link in tp.links for c in link.fk.columns}
    columns = [c.name for c in table.columns if _emitted(tp, c, fk_columns)]
    which = [0] * n if len(tp.scenarios) == 1 else rng.choices(range(len(tp.scenarios)), k=n)
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(which):
        groups.setdefault(s, []).append(i)
    data: dict[str, list[Any]] = {}
    chosen = assign_links(tp, done, picks, rng, data)
    uplan = unique.plan_uniques(table, tp.scenarios, link_columns)
    for name in columns:
        if name in link_columns or name in uplan.sequences:
            continue
        if name in fk_columns:
            data[name] = [None] * n  # an optional reference: no optional parents are invented
            continue
        data[name] = _column(tp, table.column(name), groups, ctx, rng, n, name in uplan.unique_columns)
    unique.fill_sequences(table, uplan, tp.scenarios[0], data, n)
    for s_index, rows in groups.items():
        _solve_relations(tp, s_index, rows, data, rng)
        _solve_sums(tp, s_index, rows, data)
        for name in link_columns:  # a scenario that wants the reference NULL (lock_id of an AVAILABLE seat)
            if tp.scenarios[s_index].column(name).null is True:
                for i in rows:
                    data[name][i] = None
    unique.dedupe_text(table, uplan, tp.scenarios[0], data, ctx, rng)
    unique.verify(table, uplan, data)
    return TableData(table.database, table.name, columns, {c: data[c] for c in columns}), chosen


def _column(tp: TablePlan, column: Column, groups: dict[int, list[int]], ctx: Context, rng: random.Random,
            n: int, distinct: bool) -> list[Any]:
    where = f"{tp.table.database}.{tp.table.name}.{column.name}"
    out: list[Any] = [None] * n
    for s_index, rows in groups.items():
        facts = tp.scenarios[s_index].column(column.name)
        if facts.null is True or facts.sum_of is not None:
            continue
        drawn = values(where, column, facts, len(rows), ctx, rng, unique=distinct)
        if column.nullable and facts.null is None and facts.allowed is None and not distinct:
            drawn = [None if rng.random() < NULL_RATE else v for v in drawn]
        if len(groups) == 1:
            return drawn
        for i, v in zip(rows, drawn, strict=True):
            out[i] = v
    return out


def assign_links(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks],
                 rng: random.Random, data: dict[str, list[Any]]) -> Picks:
    """Parent rows per reference: distinct combinations for all-reference UNIQUEs, 1:1 for unique
    references, an even spread otherwise (every parent gets children); derived ones copy a sibling's."""
    n, chosen = tp.count, {}
    direct = [link for link in tp.links if link.via is None]
    for columns in [u.columns for u in tp.table.uniques] + [tp.table.primary_key]:
        members = [link for link in direct if set(link.fk.columns) <= set(columns)]
        covered = {c for link in members for c in link.fk.columns}
        if any(m.unique_alone for m in members):
            continue  # one member is 1:1 already, so every combination is distinct
        if len(members) > 1 and set(columns) <= covered and not any(m.fk.columns in chosen for m in members):
            chosen.update(_combinations(tp, members, done, rng))
    for link in direct:
        if link.fk.columns not in chosen:
            size = done[link.parent].count
            chosen[link.fk.columns] = rng.sample(range(size), n) if link.unique_alone else [i * size // n for i in range(n)]
    for link in direct:
        parent = done[link.parent]
        for column, ref in zip(link.fk.columns, link.fk.ref_columns, strict=True):
            source = parent.data[ref]
            data[column] = [source[j] for j in chosen[link.fk.columns]]
    for link in tp.links:
        if link.via is not None:
            chosen[link.fk.columns] = _derive(link, done, picks, chosen, data)
    return chosen


def _combinations(tp: TablePlan, members: list[Link], done: dict[TableKey, TableData],
                  rng: random.Random) -> Picks:
    sizes = [done[m.parent].count for m in members]
    total = 1
    for size in sizes:
        total *= size
    if total < tp.count:
        raise GenerationError(f"{tp.table.database}.{tp.table.name}: {total} parent combinations for {tp.count} unique rows")
    out: Picks = {m.fk.columns: [] for m in members}
    for code in rng.sample(range(total), tp.count):
        for m, size in zip(members, sizes, strict=True):
            out[m.fk.columns].append(code % size)
            code //= size
    return out


def _derive(link: Link, done: dict[TableKey, TableData], picks: dict[TableKey, Picks], chosen: Picks,
            data: dict[str, list[Any]]) -> list[int]:
    """Copies the reference from the sibling parent's row (a seat's event_id is its block's event_id)."""
    assert link.via is not None
    sibling_key = (link.via.ref_database, link.via.ref_table)
    sibling, rows = done[sibling_key], chosen[link.via.columns]
    for column in link.fk.columns:
        source = sibling.data[column]
        data[column] = [source[q] for q in rows]
    parent_rows = picks[sibling_key][link.fk.columns]
    return [parent_rows[q] for q in rows]


def _solve_relations(tp: TablePlan, s_index: int, rows: list[int], data: dict[str, list[Any]], rng: random.Random) -> None:
    scenario = tp.scenarios[s_index]
    for name, facts in scenario.facts.items():
        for op, other in facts.relations:
            if name not in data or other not in data:
                raise GenerationError(f"{tp.table.name}: CHECK relates {name} to {other}, which the generator does not fill")
            target, source, rel = name, other, op
            if facts.allowed is not None and len(facts.allowed) == 1:  # the left side is pinned: move the right
                target, source, rel = other, name, _FLIP[op]
            sql_type = tp.table.column(target).sql_type
            a, b = data[target], data[source]
            for i in rows:
                if a[i] is None or b[i] is None or _HOLDS[rel](a[i], b[i]):
                    continue
                step = rng.randint(1, 72)
                a[i] = b[i] if rel in ("ge", "le") else shift(sql_type, b[i], step if rel == "gt" else -step)


def _solve_sums(tp: TablePlan, s_index: int, rows: list[int], data: dict[str, list[Any]]) -> None:
    for name, facts in tp.scenarios[s_index].facts.items():
        if facts.sum_of is None:
            continue
        parts = [data[c] for c in facts.sum_of]
        out = data.setdefault(name, [None] * tp.count)
        for i in rows:
            terms = [p[i] for p in parts]
            out[i] = None if None in terms else sum(terms)
            if out[i] is not None and not facts.within(out[i]):
                raise GenerationError(f"{tp.table.name}.{name}: the sum {out[i]} breaks its bounds {facts.bounds}")
