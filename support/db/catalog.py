"""What the database itself says about its tables: columns, keys, constraints, references.

The catalog is the single source of truth for generic code (cleanup order, snapshots, the data
generator, constraint checks), so none of it hard-codes a table list. On top of the declared
foreign keys it adds the *logical* cross-database references the platform relies on but
PostgreSQL cannot declare: an inventory row's ``event_id`` names an event in the events database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from support.db.errors import CatalogError
from support.db.pool import Database
from support.db.queries import fetch_all


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str  # format_type(): "uuid", "character(2)", "timestamp with time zone", ...
    nullable: bool
    default: str | None
    position: int


@dataclass(frozen=True)
class ForeignKey:
    """``database.table(columns)`` refers to ``ref_database.ref_table(ref_columns)``."""

    name: str
    database: str
    table: str
    columns: tuple[str, ...]
    ref_database: str
    ref_table: str
    ref_columns: tuple[str, ...]
    logical: bool = False  # True: declared by convention, not by PostgreSQL (no cross-database FK)


@dataclass(frozen=True)
class UniqueConstraint:
    name: str
    columns: tuple[str, ...]
    predicate: str | None = None  # partial unique index: "WHERE status = 'VALID'"


@dataclass(frozen=True)
class CheckConstraint:
    name: str
    definition: str  # pg_get_constraintdef(): "CHECK ((capacity >= 0))"


@dataclass(frozen=True)
class LogicalReference:
    """A column name that, in ``database``, always means a row of another database's table."""

    database: str
    column: str
    ref_database: str
    ref_table: str
    ref_column: str = "id"


JUMP_LOGICAL_REFERENCES: tuple[LogicalReference, ...] = (
    LogicalReference("inventory", "event_id", "events", "event"),
    LogicalReference("inventory", "event_group_id", "events", "event_group"),
)


@dataclass(frozen=True)
class Table:
    database: str
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    uniques: tuple[UniqueConstraint, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()  # outgoing, declared and logical

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise CatalogError(f"{self.database}.{self.name} has no column {name!r}")

    def has_column(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)


@dataclass(frozen=True)
class Catalog:
    database: str
    tables: Mapping[str, Table] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise CatalogError(f"database {self.database} has no table {name!r}") from None

    def foreign_keys(self) -> list[ForeignKey]:
        return [fk for table in self.tables.values() for fk in table.foreign_keys]

    def references_to(self, database: str, table: str) -> list[ForeignKey]:
        """Foreign keys of this database pointing at ``database.table`` (incoming edges)."""
        return [fk for fk in self.foreign_keys() if fk.ref_database == database and fk.ref_table == table]

    def dependency_order(self) -> list[str]:
        """Table names, parents before children (insert order; reverse it to delete)."""
        parents = {
            name: {fk.ref_table for fk in t.foreign_keys if fk.ref_database == self.database and fk.ref_table != name}
            for name, t in self.tables.items()
        }
        ordered: list[str] = []
        done: set[str] = set()
        while len(ordered) < len(parents):
            ready = sorted(n for n, ps in parents.items() if n not in done and ps <= done)
            if not ready:  # a cycle: keep going in name order rather than fail
                ready = sorted(n for n in parents if n not in done)[:1]
            ordered.extend(ready)
            done.update(ready)
        return ordered


_COLUMNS = """
SELECT n.nspname::text AS schema_name, c.relname AS table_name, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type,
       NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attnum AS position
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p')
ORDER BY c.relname, a.attnum
"""

_CONSTRAINTS = """
SELECT n.nspname::text AS schema_name, con.conname::text AS name, con.contype::text AS kind, rel.relname::text AS table_name,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
       frel.relname::text AS ref_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord) AS ref_columns,
       pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con
JOIN pg_class rel ON rel.oid = con.conrelid
JOIN pg_namespace n ON n.oid = rel.relnamespace
LEFT JOIN pg_class frel ON frel.oid = con.confrelid
WHERE n.nspname = ANY(%(schemas)s) AND con.contype IN ('p', 'u', 'c', 'f')
ORDER BY rel.relname, con.conname
"""

_UNIQUE_INDEXES = """
SELECT n.nspname::text AS schema_name, i.relname::text AS name, t.relname::text AS table_name,
       ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(num, ord)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = ANY(%(schemas)s) AND ix.indisunique
  AND ix.indexprs IS NULL  -- over expressions (lower(username)): no columns to name, so none to hold unique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY t.relname, i.relname
"""

_cache: dict[tuple[str, str, str], Catalog] = {}  # (database, dsn, schemas)
_cache_lock = threading.Lock()


def load_catalog(
    db: Database, *, schemas: Sequence[str] | None = None, logical: Iterable[LogicalReference] = JUMP_LOGICAL_REFERENCES,
    refresh: bool = False,
) -> Catalog:
    """The catalog of one database, read once per process (``refresh`` re-reads it).

    It covers the database's schemas (``db.schemas``, its search_path: ``public`` unless the
    environment names others); a table name found in two of them is the first schema's, as
    PostgreSQL resolves it."""
    schemas = tuple(schemas or db.schemas)
    key = (db.name, db.dsn, ",".join(schemas))
    with _cache_lock:
        if not refresh and key in _cache:
            return _cache[key]
    catalog = _read(db, schemas, [ref for ref in logical if ref.database == db.name])
    with _cache_lock:
        _cache[key] = catalog
    return catalog


def clear_cache() -> None:
    """Forgets every cached catalog (after a migration, in tests)."""
    with _cache_lock:
        _cache.clear()


@dataclass
class _TableParts:
    columns: list[Column] = field(default_factory=list)
    pk: list[str] = field(default_factory=list)
    uniques: list[UniqueConstraint] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)
    fks: list[ForeignKey] = field(default_factory=list)


def _first_schema_only(rows: list[dict[str, Any]], schemas: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of each table name in the first schema (search_path order) that has it."""
    first: dict[str, int] = {}
    for row in rows:
        rank = schemas.index(row["schema_name"])
        first[row["table_name"]] = min(rank, first.get(row["table_name"], rank))
    return [row for row in rows if schemas.index(row["schema_name"]) == first[row["table_name"]]]


def _read(db: Database, schemas: Sequence[str], logical: list[LogicalReference]) -> Catalog:
    params = {"schemas": list(schemas)}
    with db.read_only(repeatable_read=True) as conn:
        columns, constraints, indexes = (fetch_all(conn, q, params) for q in (_COLUMNS, _CONSTRAINTS, _UNIQUE_INDEXES))
    columns = _first_schema_only(columns, schemas)
    owners = {(row["schema_name"], row["table_name"]) for row in columns}
    constraints = [row for row in constraints if (row["schema_name"], row["table_name"]) in owners]
    indexes = [row for row in indexes if (row["schema_name"], row["table_name"]) in owners]
    parts: dict[str, _TableParts] = {}
    for c in columns:
        parts.setdefault(c["table_name"], _TableParts()).columns.append(
            Column(c["name"], c["sql_type"], c["nullable"], c["default_expr"], c["position"]))
    for c in constraints:
        p, name, cols = parts.setdefault(c["table_name"], _TableParts()), c["name"], tuple(c["columns"])
        if c["kind"] == "p":
            p.pk.extend(cols)
        elif c["kind"] == "u":
            p.uniques.append(UniqueConstraint(name, cols))
        elif c["kind"] == "c":
            p.checks.append(CheckConstraint(name, c["definition"]))
        else:
            p.fks.append(ForeignKey(name, db.name, c["table_name"], cols, db.name, c["ref_table"], tuple(c["ref_columns"])))
    for i in indexes:
        parts.setdefault(i["table_name"], _TableParts()).uniques.append(
            UniqueConstraint(i["name"], tuple(i["columns"]), i["predicate"]))
    tables: dict[str, Table] = {}
    for name, p in parts.items():
        declared = {fk.columns for fk in p.fks}
        for ref in logical:
            if any(col.name == ref.column for col in p.columns) and (ref.column,) not in declared:
                p.fks.append(ForeignKey(f"logical_{name}_{ref.column}", db.name, name, (ref.column,), ref.ref_database,
                                        ref.ref_table, (ref.ref_column,), logical=True))
        tables[name] = Table(db.name, name, tuple(p.columns), tuple(p.pk), tuple(p.uniques), tuple(p.checks), tuple(p.fks))
    return Catalog(db.name, tables)
