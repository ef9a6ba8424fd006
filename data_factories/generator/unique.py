"""UNIQUE constraints and primary keys: made true by construction where possible, then verified.

Per constraint, one strategy, chosen from its columns:
  * only references             distinct parent combinations (rows.assign_links does the sampling)
  * one generated column        generated unique (UUIDs; tagged text; max-length regex matches)
  * an integer among others     a sequence per group of the other columns (seat_number 1, 2, 3 ...
                                in each event/section/row), starting at the CHECK's lower bound
  * text among others           duplicates get a counter prefix, or are re-drawn for regex columns
Partial unique indexes (``WHERE status = 'VALID'``) are treated as full ones: stricter, never wrong.
A constraint still broken afterwards is an error naming it, never a failed INSERT later.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from data_factories.generator.batching import SeenBits, SequenceBuckets
from data_factories.generator.context import Context
from data_factories.generator.errors import GenerationError
from data_factories.generator.facts import Scenario
from data_factories.generator.values import INT_TYPES, base_type, int_range, type_length, values
from support.db.catalog import Table

Data = dict[str, list[Any]]


@dataclass
class UniquePlan:
    constraints: list[tuple[str, tuple[str, ...]]]  # (name, columns), the primary key included
    unique_columns: set[str] = field(default_factory=set)  # single-column uniques: generate distinct values
    sequences: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> the columns it counts within
    dedupe: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text column -> the other columns of its unique


def plan_uniques(table: Table, scenarios: Sequence[Scenario], link_columns: set[str]) -> UniquePlan:
    constraints = [(u.name, u.columns) for u in table.uniques]
    if table.primary_key:
        constraints.append((f"{table.name}_pkey", table.primary_key))
    plan = UniquePlan(constraints)
    for _, columns in constraints:
        free = [c for c in columns if c not in link_columns and not _fixed(scenarios, c)]
        if not free:
            continue  # references only: distinct combinations come from link assignment
        kinds = {c: base_type(table.column(c).sql_type) for c in free}
        ints = [c for c in free if kinds[c] in INT_TYPES]
        if any(kinds[c] == "uuid" for c in free):
            continue  # 128 random bits: unique without help
        if ints:
            plan.sequences[ints[-1]] = tuple(x for x in columns if x != ints[-1])
        elif len(columns) == 1:
            plan.unique_columns.add(free[0])
        else:
            plan.dedupe[free[-1]] = tuple(x for x in columns if x != free[-1])
    return plan


def _fixed(scenarios: Sequence[Scenario], column: str) -> bool:
    return all(s.column(column).allowed is not None and len(s.column(column).allowed or ()) == 1 for s in scenarios)


def fill_sequences(table: Table, plan: UniquePlan, scenario: Scenario, data: Data, n: int,
                   buckets: dict[str, SequenceBuckets] | None = None) -> None:
    """Numbers each row within its group: the first seat of a row is the CHECK's minimum, then +1.

    With ``buckets`` (a table made in batches) the counts continue over batches in fixed memory.
    """
    for column, group in plan.sequences.items():
        low, high = int_range(scenario.column(column))
        keys = zip(*(data[g] for g in group), strict=True) if group else iter([()] * n)
        out = []
        if buckets is not None:
            counter = buckets.setdefault(column, SequenceBuckets())
            out = [low + counter.next(key) for key in keys]
        else:
            counters: dict[tuple[Any, ...], int] = {}
            for key in keys:
                value = counters.get(key, low)
                counters[key] = value + 1
                out.append(value)
        if out and max(out) > high:
            raise GenerationError(f"{table.database}.{table.name}.{column}: {max(out) - low + 1} values needed per group, "
                                  f"its CHECK allows {low}..{high}")
        data[column] = out


def dedupe_text(table: Table, plan: UniquePlan, scenario: Scenario, data: Data, ctx: Context, rng: random.Random,
                earlier: dict[str, SeenBits] | None = None) -> None:
    """Re-labels rows whose (group, text) repeats an earlier row's (``earlier``: those of earlier batches)."""
    for column, group in plan.dedupe.items():
        before = earlier.setdefault(column, SeenBits()) if earlier is not None else None
        facts = scenario.column(column)
        cap, _ = type_length(table.column(column).sql_type)
        lo, hi = facts.length_range(cap)
        col = data[column]
        for _ in range(20):
            seen: dict[tuple[Any, ...], int] = {}
            dupes = []
            for i, key in enumerate(zip(*(data[g] for g in group), col, strict=True)):
                if col[i] is None:
                    continue
                seen[key] = seen.get(key, int(before is not None and key in before)) + 1
                if seen[key] > 1:
                    dupes.append((i, seen[key]))
            if not dupes:
                break
            if facts.regex:
                fresh = values(f"{table.name}.{column}", table.column(column), facts, len(dupes), ctx, rng, unique=True)
                for (i, _), value in zip(dupes, fresh, strict=True):
                    col[i] = value
            else:
                for i, k in dupes:
                    value = f"{k:x}-{col[i]}"
                    col[i] = value[:hi] if hi is not None else value
                    col[i] += "x" * max(0, lo - len(col[i]))
        if before is not None:
            before.add_all(k for k in zip(*(data[g] for g in group), col, strict=True) if k[-1] is not None)


def verify(table: Table, plan: UniquePlan, data: Data) -> None:
    """Every unique constraint holds over the generated rows (NULLs, as in PostgreSQL, never collide)."""
    for name, columns in plan.constraints:
        if any(c not in data for c in columns):
            continue  # a column the database fills itself
        keys = [k for k in zip(*(data[c] for c in columns), strict=True) if None not in k]
        if len(set(keys)) != len(keys):
            raise GenerationError(f"{table.database}.{table.name}: generated rows break UNIQUE {name} ({', '.join(columns)})")
