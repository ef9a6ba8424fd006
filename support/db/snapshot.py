"""Database state before and after an operation, and what changed between the two (SRS DB-001.2).

A snapshot reads whole tables in one REPEATABLE READ transaction (one consistent moment) and keys
rows by primary key, so the diff can tell an update from a delete plus an insert. Test databases
hold thousands of rows, not millions: reading them whole is simpler and fast enough (see the
timing in tests/framework/test_db.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from psycopg2 import sql

from support.db.catalog import load_catalog
from support.db.pool import Database

RowKey = tuple[Any, ...]
Row = dict[str, Any]


@dataclass(frozen=True)
class TableSnapshot:
    table: str
    key_columns: tuple[str, ...]  # the primary key; empty when the table has none
    rows: dict[RowKey, Row]


@dataclass(frozen=True)
class Snapshot:
    database: str
    taken_at: dt.datetime
    tables: dict[str, TableSnapshot]

    def row_counts(self) -> dict[str, int]:
        return {name: len(t.rows) for name, t in self.tables.items()}


@dataclass(frozen=True)
class RowChange:
    """One updated row: its key, both versions and the columns that differ."""

    key: RowKey
    before: Row
    after: Row
    changed: tuple[str, ...]


@dataclass
class TableDiff:
    table: str
    inserted: list[Row] = field(default_factory=list)
    updated: list[RowChange] = field(default_factory=list)
    deleted: list[Row] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.inserted), len(self.updated), len(self.deleted)

    @property
    def is_empty(self) -> bool:
        return not (self.inserted or self.updated or self.deleted)


@dataclass
class DatabaseDiff:
    database: str
    tables: dict[str, TableDiff] = field(default_factory=dict)  # only tables that changed

    @property
    def is_empty(self) -> bool:
        return not self.tables

    def table(self, name: str) -> TableDiff:
        """The table's changes; an empty TableDiff when it did not change."""
        return self.tables.get(name) or TableDiff(name)

    def summary(self) -> dict[str, tuple[int, int, int]]:
        """``{table: (inserted, updated, deleted)}`` for the tables that changed."""
        return {name: t.counts for name, t in sorted(self.tables.items())}

    def render(self, max_rows: int = 10) -> str:
        """A readable text for reports: per table its counts, then up to ``max_rows`` rows each."""
        if self.is_empty:
            return f"{self.database}: no changes"
        lines = [f"{self.database}: {len(self.tables)} table(s) changed"]
        for name, t in sorted(self.tables.items()):
            ins, upd, dele = t.counts
            lines.append(f"  {name}: +{ins} ~{upd} -{dele}")
            lines += [f"    + {_row_text(r)}" for r in t.inserted[:max_rows]]
            for ch in t.updated[:max_rows]:
                moves = ", ".join(f"{c}: {_value(ch.before[c])} -> {_value(ch.after[c])}" for c in ch.changed)
                lines.append(f"    ~ {_key_text(ch.key)}: {moves}")
            lines += [f"    - {_row_text(r)}" for r in t.deleted[:max_rows]]
            hidden = sum(max(0, n - max_rows) for n in t.counts)
            if hidden:
                lines.append(f"    ... {hidden} more row(s)")
        return "\n".join(lines)


def snapshot(db: Database, tables: Iterable[str] | None = None) -> Snapshot:
    """All rows of ``tables`` (default: every table of the database), keyed by primary key."""
    catalog = load_catalog(db)
    names = sorted(tables) if tables is not None else sorted(catalog.tables)
    taken: dict[str, TableSnapshot] = {}
    with db.read_only(repeatable_read=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT now()")
        taken_at = cur.fetchone()[0]
        for name in names:
            pk = catalog.table(name).primary_key
            cur.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(name)))
            columns = [d.name for d in cur.description]
            taken[name] = TableSnapshot(name, pk, _keyed(columns, pk, cur.fetchall()))
    return Snapshot(db.name, taken_at, taken)


def _keyed(columns: list[str], pk: tuple[str, ...], records: list[tuple[Any, ...]]) -> dict[RowKey, Row]:
    if pk:
        at = [columns.index(c) for c in pk]
        return {tuple(rec[i] for i in at): dict(zip(columns, rec, strict=True)) for rec in records}
    rows: dict[RowKey, Row] = {}
    for rec in records:  # no primary key: the row's text is its identity, repeated rows numbered
        base = repr(rec)
        n = 0
        while (base, n) in rows:
            n += 1
        rows[(base, n)] = dict(zip(columns, rec, strict=True))
    return rows


def row_counts(db: Database, tables: Iterable[str] | None = None) -> dict[str, int]:
    """``{table: count(*)}`` for every table (or the given ones), in one consistent transaction."""
    names = sorted(tables) if tables is not None else sorted(load_catalog(db).tables)
    counts: dict[str, int] = {}
    with db.read_only(repeatable_read=True) as conn, conn.cursor() as cur:
        for name in names:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
            counts[name] = int(cur.fetchone()[0])
    return counts


def diff(before: Snapshot, after: Snapshot, *, ignore_columns: Iterable[str] = ()) -> DatabaseDiff:
    """What changed from ``before`` to ``after``; ``ignore_columns`` (e.g. updated_at) never count."""
    if before.database != after.database:
        raise ValueError(f"cannot diff {before.database} against {after.database}")
    ignored = set(ignore_columns)
    result = DatabaseDiff(after.database)
    for name in sorted(set(before.tables) | set(after.tables)):
        old = before.tables[name].rows if name in before.tables else {}
        new = after.tables[name].rows if name in after.tables else {}
        t = TableDiff(name)
        t.inserted = [new[k] for k in sorted(new.keys() - old.keys(), key=repr)]
        t.deleted = [old[k] for k in sorted(old.keys() - new.keys(), key=repr)]
        for key in old.keys() & new.keys():
            a, b = old[key], new[key]
            if a != b:
                changed = tuple(c for c in b if c not in ignored and a.get(c) != b[c])
                if changed:
                    t.updated.append(RowChange(key, a, b, changed))
        t.updated.sort(key=lambda ch: repr(ch.key))
        if not t.is_empty:
            result.tables[name] = t
    return result


def _value(value: Any, width: int = 40) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        text = value.isoformat()
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _row_text(row: Row) -> str:
    return "{" + ", ".join(f"{k}={_value(v)}" for k, v in row.items()) + "}"


def _key_text(key: RowKey) -> str:
    return ",".join(str(k) for k in key)
