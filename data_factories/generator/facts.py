"""From a table's CHECKs, NOT NULLs and defaults to the few consistent "scenarios" its rows follow.

Every CHECK is a set of branches (see expr.py). A scenario picks one branch of every CHECK and
merges their atoms into per-column facts; contradictory picks (``status = 'LOCKED'`` with
``status <> 'LOCKED'``, ``IS NULL`` on a NOT NULL column) are pruned. Soft preferences rank the
rest: a column with a literal default keeps it (the platform's own initial state, e.g. a seat is
AVAILABLE), an optional foreign key stays NULL (no optional parents are invented), and fewer
forced NULLs are better. Only the best-ranked scenarios are used, so the cross-column rules
(status/lock_id, kind/amount/rate, erased fans) are solved once per table, not once per row.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from data_factories.generator.errors import UnsupportedCheck
from data_factories.generator.expr import Atom, check_branches, constant_default
from support.db.catalog import Table

SOFT_VIOLATION, FORCED_NULL = 10, 1
_ORDER = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


class Conflict(Exception):
    """Two facts about one column that no value satisfies."""


@dataclass(frozen=True)
class ColumnFacts:
    """Everything the chosen branches say about one column."""

    null: bool | None = None  # True: must be NULL; False: must not be NULL
    allowed: tuple[Any, ...] | None = None  # from = and IN
    excluded: frozenset[Any] = frozenset()  # from <> and NOT IN
    bounds: tuple[tuple[str, Any], ...] = ()  # (lt|le|gt|ge, literal)
    length: tuple[tuple[str, int], ...] = ()  # char_length bounds
    regex: tuple[str, ...] = ()
    like: tuple[str, ...] = ()
    json_type: str | None = None
    relations: tuple[tuple[str, str], ...] = ()  # (lt|le|gt|ge, other column)
    sum_of: tuple[str, ...] | None = None

    def with_atom(self, atom: Atom) -> ColumnFacts:
        op, v = atom.op, atom.value
        if op in ("null", "notnull"):
            want = op == "null"
            if self.null is not None and self.null != want:
                raise Conflict(atom)
            return replace(self, null=want)
        if op in ("eq", "in"):
            values = (v,) if op == "eq" else tuple(v)
            allowed = values if self.allowed is None else tuple(x for x in self.allowed if x in values)
            return replace(self, allowed=allowed)._consistent(atom)
        if op in ("ne", "nin"):
            return replace(self, excluded=self.excluded | set((v,) if op == "ne" else v))._consistent(atom)
        if op in _ORDER:
            return replace(self, bounds=self.bounds + ((op, v),))._consistent(atom)
        if op.startswith("len_"):
            kind = op[4:]
            pairs = (("ge", v), ("le", v)) if kind == "eq" else ((kind, v),)
            return replace(self, length=self.length + pairs)
        if op.startswith("col_"):
            return replace(self, relations=self.relations + ((op[4:], v),))
        if op in ("regex", "like"):
            return replace(self, **{op: getattr(self, op) + (v,)})
        if op == "json_type":
            return replace(self, json_type=v)
        if op == "sum":
            return replace(self, sum_of=tuple(v))
        raise UnsupportedCheck(f"no solver for {atom}")

    def _consistent(self, atom: Atom) -> ColumnFacts:
        if self.allowed is not None:
            ok = tuple(x for x in self.allowed if x not in self.excluded and self.within(x))
            if not ok:
                raise Conflict(atom)
            return replace(self, allowed=ok)
        return self

    def within(self, value: Any) -> bool:
        """Whether a value meets the comparison bounds (a value of another type is left to the database)."""
        try:
            return all(_ORDER[op](value, limit) for op, limit in self.bounds)
        except TypeError:
            return True

    def length_range(self, cap: int | None) -> tuple[int, int | None]:
        """(min, max) character length from char_length bounds and the type's limit (varchar(n))."""
        lo, hi = 0, cap
        for op, n in self.length:
            if op in ("ge", "gt"):
                lo = max(lo, n + (op == "gt"))
            else:
                top = n - (op == "lt")
                hi = top if hi is None else min(hi, top)
        return lo, hi


Facts = Mapping[str, ColumnFacts]


@dataclass(frozen=True)
class Scenario:
    """One consistent way to satisfy all of a table's CHECKs: facts per column, and its rank."""

    facts: Facts
    score: int

    def column(self, name: str) -> ColumnFacts:
        return self.facts.get(name, ColumnFacts())


def _merge(facts: dict[str, ColumnFacts], atoms: Iterable[Atom]) -> dict[str, ColumnFacts]:
    out = dict(facts)
    for atom in atoms:
        out[atom.column] = out.get(atom.column, ColumnFacts()).with_atom(atom)
    return out


def soft_facts(table: Table, optional_fks: Iterable[str]) -> list[Atom]:
    """The preferences: literal defaults kept, optional references left NULL."""
    atoms = [Atom(c.name, "eq", v) for c in table.columns for ok, v in [constant_default(c.default)] if ok]
    return atoms + [Atom(name, "null") for name in optional_fks]


def scenarios(table: Table, optional_fks: Iterable[str] = ()) -> list[Scenario]:
    """The best-ranked consistent scenarios of ``table`` (several when they tie: rows alternate between them)."""
    checks: list[tuple[str, list[list[Atom]]]] = []
    for check in table.checks:
        try:
            checks.append((check.definition, check_branches(check.definition)))
        except UnsupportedCheck as exc:
            raise UnsupportedCheck(f"{table.database}.{table.name}: cannot satisfy {check.definition} ({exc})") from None
    base = _merge({}, [Atom(c.name, "notnull") for c in table.columns if not c.nullable])
    fixed = [branches[0] for _, branches in checks if len(branches) == 1]
    choices = [branches for _, branches in checks if len(branches) > 1]
    try:
        base = _merge(base, itertools.chain.from_iterable(fixed))
    except Conflict as exc:
        raise UnsupportedCheck(f"{table.database}.{table.name}: its CHECKs contradict each other on {exc}") from None
    soft = soft_facts(table, optional_fks)
    found: list[Scenario] = []
    for picks in itertools.product(*[range(len(b)) for b in choices]):
        atoms = [a for branches, pick in zip(choices, picks, strict=True) for a in branches[pick]]
        try:
            facts = _merge(base, atoms)
        except Conflict:
            continue
        nulls = sum(1 for a in atoms if a.op == "null")
        score = nulls * FORCED_NULL
        for atom in soft:
            try:
                facts = _merge(facts, [atom])
            except Conflict:
                score += SOFT_VIOLATION
        found.append(Scenario(facts, score))
    if not found:
        raise UnsupportedCheck(f"{table.database}.{table.name}: no combination of its CHECK branches is satisfiable")
    best = min(s.score for s in found)
    return [s for s in found if s.score == best]
