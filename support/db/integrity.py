"""Consistency checks PostgreSQL cannot enforce itself (SRS DB-001.5).

Two databases with no foreign key between them, and business invariants spread over several
tables: these are exactly the places a platform bug hides, so the suite checks them directly.
Each check returns typed findings (an empty list means consistent); ``event_ids`` narrows a check
to a scenario's own events so that other runs' data in flight does not interfere.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from psycopg2 import sql

from support.db.catalog import ForeignKey, load_catalog
from support.db.pool import Database, Databases
from support.db.queries import Executor, fetch_all

EventIds = Collection[Any] | None


class Check(enum.StrEnum):
    ORPHAN_REFERENCE = "orphan_reference"  # an inventory row names an event / event group that does not exist
    ORDER_TOTAL = "order_total"  # order.total_cents differs from the sum of its items
    SOLD_WITHOUT_ENTITLEMENT = "sold_without_entitlement"  # SOLD seat with no VALID entitlement
    EXPIRED_ACTIVE_LOCK = "expired_active_lock"  # lock still ACTIVE well past expires_at


@dataclass(frozen=True)
class Finding:
    check: Check
    database: str
    table: str
    key: str  # the offending row's id, or the dangling reference value
    message: str

    def __str__(self) -> str:
        return f"[{self.check.value}] {self.database}.{self.table} {self.key}: {self.message}"


def check_integrity(
    databases: Databases, *, event_ids: EventIds = None, lock_grace_s: float = 5.0, checks: Iterable[Check] | None = None,
) -> list[Finding]:
    """Runs the selected checks (default: all) and returns every finding."""
    selected = set(checks) if checks is not None else set(Check)
    findings: list[Finding] = []
    if Check.ORPHAN_REFERENCE in selected:
        findings += orphan_references(databases, event_ids=event_ids)
    if Check.ORDER_TOTAL in selected:
        findings += order_total_mismatches(databases.inventory, event_ids=event_ids)
    if Check.SOLD_WITHOUT_ENTITLEMENT in selected:
        findings += sold_seats_without_entitlement(databases.inventory, event_ids=event_ids)
    if Check.EXPIRED_ACTIVE_LOCK in selected:
        findings += expired_active_locks(databases.inventory, grace_s=lock_grace_s, event_ids=event_ids)
    return findings


def orphan_references(databases: Databases, *, event_ids: EventIds = None) -> list[Finding]:
    """Inventory rows whose logical cross-database reference (event_id, event_group_id) dangles.

    Missing targets are re-checked once: a cleanup deleting the inventory rows and then the event
    between our two reads would otherwise look like an orphan.
    """
    findings: list[Finding] = []
    for db in databases.platform():
        for fk in load_catalog(db).foreign_keys():
            if not fk.logical:
                continue
            target = databases[fk.ref_database]
            counts = _reference_counts(db, fk, event_ids)
            missing = set(counts) - _existing(target, fk, list(counts))
            if missing:
                missing &= set(_reference_counts(db, fk, event_ids, only=sorted(missing)))
                missing -= _existing(target, fk, sorted(missing))
            findings += [
                Finding(Check.ORPHAN_REFERENCE, db.name, fk.table, value,
                        f"{counts[value]} row(s) with {fk.columns[0]}={value} but no {fk.ref_database}.{fk.ref_table}")
                for value in sorted(missing)
            ]
    return findings


def _reference_counts(db: Database, fk: ForeignKey, event_ids: EventIds, only: list[str] | None = None) -> dict[str, int]:
    col = sql.Identifier(fk.columns[0])
    where = [sql.SQL("{} IS NOT NULL").format(col)]
    params: list[Any] = []
    if event_ids is not None and load_catalog(db).table(fk.table).has_column("event_id"):
        where.append(sql.SQL("event_id::text = ANY(%s)"))
        params.append([str(e) for e in event_ids])
    if only is not None:
        where.append(sql.SQL("{}::text = ANY(%s)").format(col))
        params.append(only)
    query = sql.SQL("SELECT {col}::text AS value, count(*) AS n FROM {table} WHERE {where} GROUP BY 1").format(
        col=col, table=sql.Identifier(fk.table), where=sql.SQL(" AND ").join(where))
    return {r["value"]: int(r["n"]) for r in fetch_all(db, query, params)}


def _existing(target: Database, fk: ForeignKey, values: list[str]) -> set[str]:
    if not values:
        return set()
    query = sql.SQL("SELECT {col}::text AS value FROM {table} WHERE {col}::text = ANY(%s)").format(
        col=sql.Identifier(fk.ref_columns[0]), table=sql.Identifier(fk.ref_table))
    return {r["value"] for r in fetch_all(target, query, (values,))}


def _scoped(alias: str, event_ids: EventIds) -> tuple[str, list[Any]]:
    if event_ids is None:
        return "", []
    return f" AND {alias}.event_id::text = ANY(%s)", [[str(e) for e in event_ids]]


def _name(executor: Executor) -> str:
    """Findings name the database; a bare connection (a check inside a test's transaction) is inventory's."""
    return executor.name if isinstance(executor, Database) else "inventory"


def order_total_mismatches(inventory: Executor, *, event_ids: EventIds = None) -> list[Finding]:
    """Orders whose total_cents is not the sum of their items' total_cents (business rule 3)."""
    scope, params = _scoped("o", event_ids)
    rows = fetch_all(inventory, f"""
        SELECT o.id::text AS id, o.total_cents, COALESCE(sum(oi.total_cents), 0) AS items_cents
        FROM "order" o LEFT JOIN order_item oi ON oi.order_id = o.id
        WHERE true{scope}
        GROUP BY o.id, o.total_cents
        HAVING o.total_cents <> COALESCE(sum(oi.total_cents), 0)
        ORDER BY o.id""", params)
    return [Finding(Check.ORDER_TOTAL, _name(inventory), "order", r["id"],
                    f"total_cents={r['total_cents']} but its items sum to {r['items_cents']}") for r in rows]


def sold_seats_without_entitlement(inventory: Executor, *, event_ids: EventIds = None) -> list[Finding]:
    """SOLD seats that no VALID entitlement covers (business rule 7)."""
    scope, params = _scoped("i", event_ids)
    rows = fetch_all(inventory, f"""
        SELECT i.id::text AS id, i.section, i.row_label, i.seat_number
        FROM inventory_item i
        WHERE i.status = 'SOLD'{scope}
          AND NOT EXISTS (SELECT 1 FROM entitlement e WHERE e.inventory_item_id = i.id AND e.status = 'VALID')
        ORDER BY i.id""", params)
    return [Finding(Check.SOLD_WITHOUT_ENTITLEMENT, _name(inventory), "inventory_item", r["id"],
                    f"seat {r['section']}/{r['row_label']}/{r['seat_number']} is SOLD without a VALID entitlement")
            for r in rows]


def expired_active_locks(inventory: Executor, *, grace_s: float = 5.0, event_ids: EventIds = None) -> list[Finding]:
    """Locks still ACTIVE more than ``grace_s`` after expires_at (the platform sweeps every second)."""
    scope, params = _scoped("l", event_ids)
    rows = fetch_all(inventory, f"""
        SELECT l.id::text AS id, l.expires_at, round(extract(epoch FROM now() - l.expires_at)::numeric, 1) AS late_s
        FROM reservation_lock l
        WHERE l.status = 'ACTIVE' AND l.expires_at < now() - make_interval(secs => %s){scope}
        ORDER BY l.id""", [grace_s, *params])
    return [Finding(Check.EXPIRED_ACTIVE_LOCK, _name(inventory), "reservation_lock", r["id"],
                    f"still ACTIVE {r['late_s']}s after expires_at {r['expires_at'].isoformat()}") for r in rows]
