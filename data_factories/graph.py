"""Who refers to whom across the platform's databases, and what cleanup does about it.

Built from the catalogs (declared foreign keys plus the logical cross-database references), so
cleanup needs no per-table code. The rule: a NOT NULL reference means the child belongs to its
parent (delete it with the parent); a nullable one means the child merely points at it (detach:
set the column to NULL). The policy lists the few nullable references that still mean ownership,
or whose detaching must also reset another column to satisfy a CHECK constraint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from support.db.catalog import Catalog, ForeignKey, Table, load_catalog
from support.db.pool import Databases

ColumnKey = tuple[str, str, str]  # (database, table, column)


@dataclass(frozen=True)
class CleanupPolicy:
    # nullable references that nevertheless mean "this row belongs to the parent"
    owned_nullable: frozenset[ColumnKey] = frozenset()
    # extra assignments when detaching a nullable reference (CHECK constraints couple the columns)
    detach_also: Mapping[ColumnKey, Mapping[str, Any]] = field(default_factory=dict)


JUMP_POLICY = CleanupPolicy(
    # a fan's login account: CHECK ((role = 'fan') = (fan_id IS NOT NULL)) forbids detaching it;
    # an audit event about an account or a fan the run created is the run's too
    owned_nullable=frozenset({("inventory", "app_user", "fan_id"), ("inventory", "audit_event", "actor_user_id"),
                              ("inventory", "audit_event", "fan_id")}),
    # a seat locked by a deleted lock goes back on sale: CHECK ((status = 'LOCKED') = (lock_id IS NOT NULL))
    detach_also={("inventory", "inventory_item", "lock_id"): {"status": "AVAILABLE"}},
)


@dataclass(frozen=True)
class Edge:
    """A reference from a child table to a parent table and what deleting the parent does to it."""

    fk: ForeignKey
    owned: bool
    detach_set: Mapping[str, Any]


class ReferenceGraph:
    """The platform databases' tables and the references between them."""

    def __init__(self, catalogs: Mapping[str, Catalog], policy: CleanupPolicy = JUMP_POLICY) -> None:
        self.catalogs = dict(catalogs)
        self._incoming: dict[tuple[str, str], list[Edge]] = {}
        for catalog in self.catalogs.values():
            for fk in catalog.foreign_keys():
                if fk.ref_database not in self.catalogs:
                    continue
                child = catalog.table(fk.table)
                keys = [(fk.database, fk.table, c) for c in fk.columns]
                nullable = any(child.column(c).nullable for c in fk.columns)
                owned = not nullable or any(k in policy.owned_nullable for k in keys)
                extra: dict[str, Any] = {}
                for k in keys:
                    extra.update(policy.detach_also.get(k, {}))
                self._incoming.setdefault((fk.ref_database, fk.ref_table), []).append(Edge(fk, owned, extra))

    @classmethod
    def load(cls, databases: Databases, policy: CleanupPolicy = JUMP_POLICY) -> ReferenceGraph:
        return cls({db.name: load_catalog(db) for db in databases.platform()}, policy)

    def table(self, database: str, table: str) -> Table:
        return self.catalogs[database].table(table)

    def incoming(self, database: str, table: str) -> list[Edge]:
        return self._incoming.get((database, table), [])

    def database_order(self) -> list[str]:
        """Databases whose rows refer to other databases come first (children before parents)."""
        refers_to = {
            name: {fk.ref_database for fk in cat.foreign_keys() if fk.ref_database != name and fk.ref_database in self.catalogs}
            for name, cat in self.catalogs.items()
        }
        ordered: list[str] = []
        while len(ordered) < len(refers_to):
            # a database goes next when nothing left unordered still refers to it
            ready = sorted(n for n in refers_to if n not in ordered
                           and not any(n in refs for m, refs in refers_to.items() if m not in ordered and m != n))
            ordered.extend(ready or sorted(n for n in refers_to if n not in ordered)[:1])
        return ordered

    def delete_order(self, database: str) -> list[str]:
        """The database's tables, children before parents."""
        return list(reversed(self.catalogs[database].dependency_order()))
