"""What to generate for ``--table T --count N``: T, every parent it needs, in dependency order, with counts.

Read from the catalogs only. A parent is needed for a NOT NULL reference (declared or the logical
cross-database ``event_id``) or a nullable one that a CHECK scenario forces (status/lock_id). Counts
follow a fan-out: a reference that is UNIQUE on its own is 1:1, one that is part of an all-reference
UNIQUE (``(event_id, price_code_id, price_type_id)``) gets the k-th root so there are enough distinct
combinations, any other gets ``ceil(N / fanout)`` parents. When a table refers to P directly and also
through a sibling parent Q that refers to P with the same columns (a seat's ``event_id`` and its
block's ``event_id``), the column is copied from Q's row ("derived"), so the two never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from data_factories.generator.errors import GenerationError, UnknownTarget
from data_factories.generator.facts import Scenario, scenarios
from support.db.catalog import Catalog, ForeignKey, Table

TableKey = tuple[str, str]  # (database, table)
DEFAULT_FANOUT = 1000


@dataclass(frozen=True)
class Link:
    """How a table fills one reference: from rows of ``parent``, or copied from the row picked for ``via``."""

    fk: ForeignKey
    via: ForeignKey | None = None
    unique_alone: bool = False

    @property
    def parent(self) -> TableKey:
        return (self.fk.ref_database, self.fk.ref_table)


@dataclass
class TablePlan:
    table: Table
    count: int
    scenarios: list[Scenario]
    links: list[Link] = field(default_factory=list)

    @property
    def key(self) -> TableKey:
        return (self.table.database, self.table.name)

    @property
    def is_root(self) -> bool:
        """No NOT NULL reference to another generated table: cleanup cannot reach it from a parent, so the ledger must."""
        return not any(all(not self.table.column(c).nullable for c in link.fk.columns) for link in self.links)


@dataclass
class Plan:
    target: TableKey
    count: int
    fanout: int
    tables: list[TablePlan]  # insert order: parents first (events before inventory)

    def table(self, key: TableKey) -> TablePlan:
        return next(t for t in self.tables if t.key == key)

    def lines(self) -> list[str]:
        return [f"{t.table.database}.{t.table.name}: {t.count} row(s){'  (ledger root)' if t.is_root else ''}"
                for t in self.tables]


PLATFORM_BOOKKEEPING = frozenset({"schema_migration"})


def resolve_target(catalogs: Mapping[str, Catalog], schema: str, table: str) -> Table:
    """The table the user named, or UnknownTarget with the one line the CLI prints."""
    if schema not in catalogs:
        raise UnknownTarget(f"unknown schema {schema!r} (known: {', '.join(sorted(catalogs))})")
    # the migration bookkeeping is the platform's own, never test data
    known = {name: t for name, t in catalogs[schema].tables.items() if name not in PLATFORM_BOOKKEEPING}
    if table not in known:
        raise UnknownTarget(f"unknown table {table!r} in schema {schema} (known: {', '.join(sorted(known))})")
    return known[table]


class _Planner:
    def __init__(self, catalogs: Mapping[str, Catalog]) -> None:
        self.catalogs = catalogs
        self._scenarios: dict[TableKey, list[Scenario]] = {}
        self._needed: dict[TableKey, list[ForeignKey]] = {}

    def table(self, key: TableKey) -> Table:
        return self.catalogs[key[0]].table(key[1])

    def scenarios(self, key: TableKey) -> list[Scenario]:
        if key not in self._scenarios:
            table = self.table(key)
            optional = [c for fk in table.foreign_keys for c in fk.columns if table.column(c).nullable]
            self._scenarios[key] = scenarios(table, optional)
        return self._scenarios[key]

    def needed(self, key: TableKey) -> list[ForeignKey]:
        """References that must point at a generated row in at least one of the table's scenarios."""
        if key not in self._needed:
            table, found = self.table(key), []
            for fk in table.foreign_keys:
                required = any(not table.column(c).nullable for c in fk.columns) or any(
                    s.column(c).null is False for s in self.scenarios(key) for c in fk.columns)
                if not required:
                    continue
                if (fk.ref_database, fk.ref_table) == key:
                    raise GenerationError(f"{key[0]}.{key[1]}.{','.join(fk.columns)}: a NOT NULL reference to its own "
                                          "table cannot be generated (no first row)")
                if fk.ref_database not in self.catalogs:
                    raise GenerationError(f"{key[0]}.{key[1]}.{','.join(fk.columns)} refers to database "
                                          f"{fk.ref_database}, which the generator was not given")
                found.append(fk)
            self._needed[key] = found
        return self._needed[key]

    def links(self, key: TableKey) -> list[Link]:
        table, needed, out = self.table(key), self.needed(key), []
        for fk in needed:
            via = next((g for g in needed if g is not fk and not set(g.columns) & set(fk.columns) and any(
                h.columns == fk.columns and (h.ref_database, h.ref_table) == (fk.ref_database, fk.ref_table)
                for h in self.needed((g.ref_database, g.ref_table)))), None)
            alone = any(set(u.columns) <= set(fk.columns) for u in table.uniques) or set(table.primary_key) <= set(fk.columns)
            out.append(Link(fk, via, alone))
        for link in out:  # a reference copied from a sibling must not itself be copied back
            if link.via is not None and any(o.fk is link.via and o.via is not None for o in out):
                raise GenerationError(f"{key[0]}.{key[1]}: references {link.fk.name} and {link.via.name} derive from each other")
        return out

    def order(self, target: TableKey) -> list[TableKey]:
        """Parents first, by depth-first search over needed references (a cycle is an error, not a guess)."""
        ordered: list[TableKey] = []
        state: dict[TableKey, str] = {}

        def visit(key: TableKey, path: tuple[TableKey, ...]) -> None:
            if state.get(key) == "done":
                return
            if state.get(key) == "open":
                raise GenerationError(f"reference cycle: {' -> '.join('.'.join(k) for k in (*path, key))}")
            state[key] = "open"
            for fk in sorted(self.needed(key), key=lambda f: f.name):
                parent = (fk.ref_database, fk.ref_table)
                if parent != key:
                    visit(parent, (*path, key))
            state[key] = "done"
            ordered.append(key)

        visit(target, ())
        return ordered


def build_plan(catalogs: Mapping[str, Catalog], schema: str, table: str, count: int, *,
               fanout: int = DEFAULT_FANOUT) -> Plan:
    """The plan for ``count`` rows of ``schema.table`` and the parents they need."""
    if count < 1 or fanout < 1:
        raise GenerationError(f"count and fanout must be at least 1 (got {count}, {fanout})")
    target = resolve_target(catalogs, schema, table)
    planner = _Planner(catalogs)
    order = planner.order((target.database, target.name))
    counts: dict[TableKey, int] = {(target.database, target.name): count}
    plans: dict[TableKey, TablePlan] = {}
    distinct: set[tuple[TableKey, tuple[str, ...]]] = set()  # references a child copies into a UNIQUE column
    for key in reversed(order):  # children before parents: a parent's count is final once its children are done
        n = counts[key]
        links = [replace(link, unique_alone=True) if (key, link.fk.columns) in distinct else link
                 for link in planner.links(key)]
        distinct |= {((link.via.ref_database, link.via.ref_table), link.fk.columns)
                     for link in links if link.via is not None and link.unique_alone}
        plans[key] = TablePlan(planner.table(key), n, planner.scenarios(key), links)
        direct = [link for link in links if link.via is None]
        for link in links:  # a derived reference still states the fan-out the child wants from that parent
            counts[link.parent] = max(counts.get(link.parent, 1), _parents_needed(planner.table(key), link, direct, n, fanout))
    return Plan((target.database, target.name), count, fanout, [plans[k] for k in order])


def _parents_needed(table: Table, link: Link, direct: list[Link], n: int, fanout: int) -> int:
    if link.unique_alone:
        return n
    link_columns = {c for other in direct for c in other.fk.columns}
    keys = [u.columns for u in table.uniques] + ([table.primary_key] if table.primary_key else [])
    for columns in keys:  # an all-reference UNIQUE: k parent tables, the k-th root of n each
        if set(link.fk.columns) <= set(columns) <= link_columns:
            k = sum(1 for other in direct if set(other.fk.columns) <= set(columns))
            root: float = math.pow(n, 1.0 / k)
            return max(1, math.ceil(root - 1e-9))
    return max(1, math.ceil(n / fanout))
