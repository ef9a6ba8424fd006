"""Generating a plan's rows, table by table in dependency order, a column at a time.

Per table: each row follows one of the table's CHECK scenarios (facts.py); references take parent
rows (links, below); every other column gets values meeting its scenario's facts (values.py);
then the cross-column solvers run: relations (``ends_at > starts_at``: the left side is moved past
the right when a draw breaks it) and sums (``total_cents = base_cents + fees_cents + tax_cents``:
computed), then the UNIQUE strategies (unique.py). Each table has its own Random derived from the
seed, so the output depends only on (seed, plan). The target table comes as a stream of batches
(batching.py says what the batches share), so its size is bounded by disk, not memory.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from data_factories.generator import unique
from data_factories.generator.batching import BATCH_ROWS, TableState
from data_factories.generator.context import Context
from data_factories.generator.dataset import Dataset, TableData
from data_factories.generator.errors import GenerationError
from data_factories.generator.expr import constant_default
from data_factories.generator.facts import ColumnFacts
from data_factories.generator.invariants import apply_invariants, fix_child_sums, sum_children
from data_factories.generator.plan import Link, Plan, TableKey, TablePlan
from data_factories.generator.values import NULL_RATE, shift, values
from support.db.catalog import Column

Picks = dict[tuple[str, ...], list[int]]  # reference columns -> index of the parent row each row refers to
_HOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}


def generate(plan: Plan, seed: int) -> Dataset:
    """All rows of the plan in memory; same (plan, seed), same rows. Large targets: use :func:`stream`."""
    return stream(plan, seed).dataset()


@dataclass
class Stream:
    """A plan's rows: every parent table whole, the target table as batches made on demand.

    Only the target can be large (parents are ``count / fanout``, or 1:1 copies of it), and nothing
    refers to it, so its batches can be written and forgotten. Iterating :meth:`batches` twice
    gives the same rows: each batch has its own Random derived from the seed.
    """

    seed: int
    target: TableKey
    parents: list[TableData]  # insert order
    columns: list[str]
    count: int
    make: Callable[[], Iterator[TableData]]

    def batches(self) -> Iterator[TableData]:
        return self.make()

    def counts(self) -> dict[str, int]:
        return {**{f"{t.database}.{t.table}": t.count for t in self.parents}, ".".join(self.target): self.count}

    @property
    def total(self) -> int:
        return sum(t.count for t in self.parents) + self.count

    def dataset(self) -> Dataset:
        """Everything in memory, the target's batches joined (tests, small counts)."""
        whole = TableData(*self.target, self.columns, {c: [] for c in self.columns})
        for batch in self.batches():
            for c in self.columns:
                whole.data[c].extend(batch.data[c])
        return Dataset(self.seed, ".".join(self.target), [*self.parents, whole])


def stream(plan: Plan, seed: int, *, batch_rows: int = BATCH_ROWS) -> Stream:
    """Generates the parents now and returns the target's rows as a stream of ``batch_rows`` batches.

    Up to ``batch_rows`` rows the target is one batch, made exactly as before batching existed
    (same seed, same bytes). Beyond, batch k draws from its own Random (seed, table, k), so the
    rows depend on (plan, seed) alone and memory stays bounded by one batch.
    """
    ctx = Context(seed)
    done: dict[TableKey, TableData] = {}
    picks: dict[TableKey, Picks] = {}
    *parent_plans, tp = plan.tables
    for p in parent_plans:
        done[p.key], picks[p.key] = generate_table(p, done, picks, ctx)
    parents = [done[p.key] for p in parent_plans]
    apply_invariants(Dataset(seed, ".".join(plan.target), parents))
    label = f"{tp.table.database}.{tp.table.name}"
    columns = _columns(tp)

    def batches() -> Iterator[TableData]:
        if tp.count <= batch_rows:
            yield fix_child_sums(tp.key, generate_rows(tp, done, picks, ctx, ctx.child(label), range(tp.count)))
            return
        state = TableState(tp.count, ctx.child(f"{label}#links"))
        for k, start in enumerate(range(0, tp.count, batch_rows)):
            rows = range(start, min(start + batch_rows, tp.count))
            yield fix_child_sums(tp.key, generate_rows(tp, done, picks, ctx, ctx.child(f"{label}#{k}"), rows, state))

    make: Callable[[], Iterator[TableData]] = batches
    if tp.count <= batch_rows:  # one batch: made once, kept (parent sums need it, and it is small)
        only = next(batches())
        make = lambda: iter([only])  # noqa: E731
    sum_children(parents, tp.key, make)
    return Stream(seed, tp.key, parents, columns, tp.count, make)


def generate_table(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks],
                   ctx: Context) -> tuple[TableData, Picks]:
    """A whole (parent) table, and the parent rows each of its rows refers to."""
    return _generate(tp, done, picks, ctx, ctx.child(f"{tp.table.database}.{tp.table.name}"), range(tp.count), None)


def generate_rows(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks], ctx: Context,
                  rng: random.Random, rows: range, state: TableState | None = None) -> TableData:
    """Rows ``rows`` (global indices) of the target; ``state`` is shared by its batches (None: a single batch)."""
    return _generate(tp, done, picks, ctx, rng, rows, state)[0]


def _columns(tp: TablePlan) -> list[str]:
    fk_columns = {c for fk in tp.table.foreign_keys for c in fk.columns}
    return [c.name for c in tp.table.columns if _emitted(tp, c, fk_columns)]


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


def _generate(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks], ctx: Context,
              rng: random.Random, rows: range, state: TableState | None) -> tuple[TableData, Picks]:
    table, n = tp.table, len(rows)
    fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
    link_columns = {c for link in tp.links for c in link.fk.columns}
    columns = _columns(tp)
    which = [0] * n if len(tp.scenarios) == 1 else rng.choices(range(len(tp.scenarios)), k=n)
    groups: dict[int, list[int]] = {}
    for i, s in enumerate(which):
        groups.setdefault(s, []).append(i)
    data: dict[str, list[Any]] = {}
    chosen = assign_links(tp, done, picks, rng, data, rows, state)
    uplan = unique.plan_uniques(table, tp.scenarios, link_columns)
    for name in columns:
        if name in link_columns or name in uplan.sequences:
            continue
        if name in fk_columns:
            data[name] = [None] * n  # an optional reference: no optional parents are invented
            continue
        data[name] = _column(tp, table.column(name), groups, ctx, rng, n, name in uplan.unique_columns, state)
    unique.fill_sequences(table, uplan, tp.scenarios[0], data, n, state.sequences if state is not None else None)
    for s_index, members in groups.items():
        _solve_relations(tp, s_index, members, data, rng)
        _solve_sums(tp, s_index, members, data)
        for name in link_columns:  # a scenario that wants the reference NULL (lock_id of an AVAILABLE seat)
            if tp.scenarios[s_index].column(name).null is True:
                for i in members:
                    data[name][i] = None
    unique.dedupe_text(table, uplan, tp.scenarios[0], data, ctx, rng, state.seen if state is not None else None)
    unique.verify(table, uplan, data)  # within the batch; across batches the strategies hold by construction
    return TableData(table.database, table.name, columns, {c: data[c] for c in columns}), chosen


def _column(tp: TablePlan, column: Column, groups: dict[int, list[int]], ctx: Context, rng: random.Random,
            n: int, distinct: bool, state: TableState | None) -> list[Any]:
    where = f"{tp.table.database}.{tp.table.name}.{column.name}"
    out: list[Any] = [None] * n
    for s_index, rows in groups.items():
        facts = tp.scenarios[s_index].column(column.name)
        if facts.null is True or facts.sum_of is not None:
            continue
        run = state.run(column.name, s_index) if state is not None and distinct else None
        drawn = values(where, column, facts, len(rows), ctx, rng, unique=distinct, run=run)
        if column.nullable and facts.null is None and facts.allowed is None and not distinct:
            drawn = [None if rng.random() < NULL_RATE else v for v in drawn]
        if len(groups) == 1:
            return drawn
        for i, v in zip(rows, drawn, strict=True):
            out[i] = v
    return out


def assign_links(tp: TablePlan, done: dict[TableKey, TableData], picks: dict[TableKey, Picks],
                 rng: random.Random, data: dict[str, list[Any]], rows: range | None = None,
                 state: TableState | None = None) -> Picks:
    """Parent rows per reference: distinct combinations for all-reference UNIQUEs, 1:1 for unique
    references, an even spread otherwise (every parent gets children); derived ones copy a sibling's.

    ``rows`` are the global indices of this batch; with ``state`` the distinct samples are drawn
    once for all batches (from the state's own Random) and sliced.
    """
    rows = rows if rows is not None else range(tp.count)
    n, chosen = tp.count, {}
    direct = [link for link in tp.links if link.via is None]
    if state is not None and state.sampled is not None:
        sampled: dict[tuple[str, ...], Any] = state.sampled
    else:
        sampled = _samples(tp, direct, done, state.links_rng if state is not None else rng)
        if state is not None:
            state.sampled = {k: array("q", v) for k, v in sampled.items()}
            sampled = state.sampled
    for link in direct:
        if link.fk.columns in sampled:
            chosen[link.fk.columns] = list(sampled[link.fk.columns][rows.start:rows.stop])
        else:
            size = done[link.parent].count
            chosen[link.fk.columns] = [i * size // n for i in rows]
    for link in direct:
        parent = done[link.parent]
        for column, ref in zip(link.fk.columns, link.fk.ref_columns, strict=True):
            source = parent.data[ref]
            data[column] = [source[j] for j in chosen[link.fk.columns]]
    for link in tp.links:
        if link.via is not None:
            chosen[link.fk.columns] = _derive(link, done, picks, chosen, data)
    return chosen


def _samples(tp: TablePlan, direct: list[Link], done: dict[TableKey, TableData], rng: random.Random) -> Picks:
    """Picks that must be distinct over the whole table: combinations, and 1:1 references."""
    out: Picks = {}
    for columns in [u.columns for u in tp.table.uniques] + [tp.table.primary_key]:
        members = [link for link in direct if set(link.fk.columns) <= set(columns)]
        covered = {c for link in members for c in link.fk.columns}
        if any(m.unique_alone for m in members):
            continue  # one member is 1:1 already, so every combination is distinct
        if len(members) > 1 and set(columns) <= covered and not any(m.fk.columns in out for m in members):
            out.update(_combinations(tp, members, done, rng))
    for link in direct:
        if link.fk.columns not in out and link.unique_alone:
            out[link.fk.columns] = rng.sample(range(done[link.parent].count), tp.count)
    return out


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
