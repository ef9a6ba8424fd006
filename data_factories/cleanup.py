"""Deleting what a run created, together with everything that refers to it, children first.

The registered rows are the roots. Every row that refers to a root through an owning reference
(see data_factories.graph) is found recursively, across databases, and deleted too: that is how
rows the platform created in reaction to API calls (orders, payments, entitlements, locks) go
away without the framework ever having known their ids. Each database is cleaned in one
transaction, the referring database first; a child that appears between planning and deleting
(a foreign-key violation) makes the whole pass start over.

Generated data can hold millions of rows in one table (seats under a few blocks). When more than
``BULK_ROWS`` rows of a table belong to a parent set, and everything referring to that table is
owned and in its database, their keys are not fetched: the rows referring to them are found with a
subquery, and they are deleted by the parents' keys (``DELETE ... WHERE block_id = ANY(...)``)
and counted. Ten million generated seats cost one statement, not ten million keys in memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from data_factories.errors import CleanupError
from data_factories.graph import Edge, ReferenceGraph
from data_factories.ledger import ApiRequest, RowRef, Target
from data_factories.ledger_store import LedgerStore, ledger_for
from support.db.catalog import Table
from support.db.pool import Connection, Databases

log = logging.getLogger(__name__)
TableKey = tuple[str, str]  # (database, table)
SendRequest = Callable[[ApiRequest], None]  # sends a recorded API request as its role (support/journeys/api.py)
BULK_ROWS = 50_000
# Rows the platform writes about a request and files under its X-Request-Id, which the framework
# starts with the run's namespace (support/clients/transport.py): the audit log's entries of the
# run's sign-ins and refusals name no row the run created, so only their request id says they are
# the run's. (database, table, column); a table the target does not have is skipped.
REQUEST_TAGGED: tuple[tuple[str, str, str], ...] = (("inventory", "audit_event", "request_id"),)
RETRYABLE = (psycopg2.errors.ForeignKeyViolation, psycopg2.errors.LockNotAvailable,
             psycopg2.errors.DeadlockDetected, psycopg2.errors.SerializationFailure)


@dataclass
class DeletionPlan:
    """Primary-key value tuples (as text) per table: the roots plus everything that belongs to them."""

    rows: dict[TableKey, set[tuple[str, ...]]] = field(default_factory=dict)
    bulk: dict[TableKey, list[tuple[Edge, set[tuple[str, ...]]]]] = field(default_factory=dict)  # (reference, parent values)
    bulk_deleted: dict[TableKey, int] = field(default_factory=dict)  # rows the bulk deletes removed

    def refs(self, graph: ReferenceGraph) -> list[RowRef]:
        out: list[RowRef] = []
        for (db, table), keys in sorted(self.rows.items()):
            pk = graph.table(db, table).primary_key
            out += [RowRef(db, table, tuple(sorted(zip(pk, k, strict=True)))) for k in sorted(keys)]
        return out

    def __len__(self) -> int:
        return sum(len(keys) for keys in self.rows.values())


@dataclass
class CleanupReport:
    namespace: str
    scope: str | None
    deleted: list[RowRef]
    seconds: float
    ledger_entries: int
    bulk: dict[str, int] = field(default_factory=dict)  # rows deleted by their parents' keys, not listed in ``deleted``
    requests_sent: int = 0                               # recorded API requests sent (a killed run's API deletes)

    @property
    def rows(self) -> int:
        return len(self.deleted) + sum(self.bulk.values())

    def summary(self) -> dict[str, int]:
        """``{"database.table": rows deleted}``."""
        counts: dict[str, int] = dict(self.bulk)
        for ref in self.deleted:
            key = f"{ref.database}.{ref.table}"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))


def _match(table: Table, columns: Sequence[str], values: Sequence[tuple[str, ...]]) -> tuple[sql.Composable, list[Any]]:
    """``WHERE`` fragment matching ``columns`` against value tuples, cast to the columns' types."""
    types = [table.column(c).sql_type for c in columns]
    if len(columns) == 1:
        return (sql.SQL("{} = ANY(%s::{}[])").format(sql.Identifier(columns[0]), sql.SQL(types[0])),
                [[v[0] for v in values]])
    casts = sql.SQL(", ").join(sql.SQL("%s::{}[]").format(sql.SQL(t)) for t in types)
    target = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    return (sql.SQL("({}) IN (SELECT * FROM unnest({}))").format(target, casts),
            [[v[i] for v in values] for i in range(len(columns))])


def _select_text(conn: Connection, table: Table, columns: Sequence[str], where: sql.Composable,
                 params: list[Any], limit: int | None = None) -> set[tuple[str, ...]]:
    cols = sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns)
    query = sql.SQL("SELECT {} FROM {} WHERE {}").format(cols, sql.Identifier(table.name), where)
    if limit is not None:
        query = sql.SQL("{} LIMIT {}").format(query, sql.Literal(limit))
    with conn.cursor() as cur:
        cur.execute(query, params)
        return {tuple(r) for r in cur.fetchall()}


def _parent_values(conn: Connection, graph: ReferenceGraph, edge: Edge, keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The referenced columns' values of the parent rows (their keys, unless the FK targets other columns)."""
    parent = graph.table(edge.fk.ref_database, edge.fk.ref_table)
    if tuple(edge.fk.ref_columns) == parent.primary_key:
        return keys
    where, params = _match(parent, parent.primary_key, sorted(keys))
    return _select_text(conn, parent, edge.fk.ref_columns, where, params)


def plan_deletion(databases: Databases, roots: Iterable[RowRef], graph: ReferenceGraph) -> DeletionPlan:
    """The roots and, recursively, every row that belongs to one of them."""
    plan = DeletionPlan()
    frontier: dict[TableKey, set[tuple[str, ...]]] = {}
    for ref in roots:
        if ref.database not in graph.catalogs:
            continue
        key = ref.values(graph.table(ref.database, ref.table).primary_key)
        frontier.setdefault((ref.database, ref.table), set()).add(key)
    with ExitStack() as stack:
        conns = {name: stack.enter_context(databases[name].read_only()) for name in graph.catalogs}
        _expand(plan, frontier, graph, conns)
    return plan


def _bulkable(graph: ReferenceGraph, table: Table) -> bool:
    """Whether the table's rows can be deleted by their parents' keys: every referrer is owned (deleted,
    not detached) and in the same database, so referring rows are found by a subquery, not by its keys."""
    return all(e.owned and e.fk.database == table.database and not e.fk.logical
               for e in graph.incoming(table.database, table.name))


def _expand(plan: DeletionPlan, frontier: dict[TableKey, set[tuple[str, ...]]], graph: ReferenceGraph,
            conns: dict[str, Connection]) -> None:
    """Breadth-first walk down the owning references until no new row turns up."""
    while frontier:
        for tk, keys in frontier.items():
            plan.rows.setdefault(tk, set()).update(keys)
        found: dict[TableKey, set[tuple[str, ...]]] = {}
        for (db, table), keys in frontier.items():
            for edge in graph.incoming(db, table):
                if not edge.owned:
                    continue
                child = graph.table(edge.fk.database, edge.fk.table)
                values = _parent_values(conns[edge.fk.ref_database], graph, edge, keys)
                where, params = _match(child, edge.fk.columns, sorted(values))
                bulkable = _bulkable(graph, child)
                rows = _select_text(conns[child.database], child, child.primary_key, where, params,
                                    limit=BULK_ROWS + 1 if bulkable else None)
                if bulkable and len(rows) > BULK_ROWS:
                    plan.bulk.setdefault((child.database, child.name), []).append((edge, values))
                    with conns[child.database].cursor() as cur:  # proportional to the data, like the bulk delete
                        cur.execute("SET LOCAL statement_timeout = 0")
                    for inner in graph.incoming(child.database, child.name):  # their referrers, found by a subquery
                        referrer = graph.table(inner.fk.database, inner.fk.table)
                        joined = sql.SQL(" AND ").join(
                            sql.SQL("bulk.{} = {}.{}").format(sql.Identifier(ref), sql.Identifier(referrer.name), sql.Identifier(col))
                            for col, ref in zip(inner.fk.columns, inner.fk.ref_columns, strict=True))
                        # EXISTS per referrer row: the (usually small) referring table drives, probing the big one by
                        # key; ``where``'s unqualified columns resolve to ``bulk``, the innermost table that has them
                        r_where = sql.SQL("EXISTS (SELECT 1 FROM {} AS bulk WHERE {} AND {})").format(
                            sql.Identifier(child.name), joined, where)
                        r_rows = _select_text(conns[child.database], referrer, referrer.primary_key, r_where, params)
                        r_new = r_rows - plan.rows.get((referrer.database, referrer.name), set())
                        if r_new:
                            found.setdefault((referrer.database, referrer.name), set()).update(r_new)
                    continue
                new = rows - plan.rows.get((child.database, child.name), set())
                if new:
                    found.setdefault((child.database, child.name), set()).update(new)
        frontier = found


def execute_plan(databases: Databases, plan: DeletionPlan, graph: ReferenceGraph) -> None:
    """Detaches non-owned referrers, then deletes children before parents; one transaction per database."""
    for database in graph.database_order():
        detach = [(edge, keys) for (db, table), keys in plan.rows.items()
                  for edge in graph.incoming(db, table) if not edge.owned and edge.fk.database == database]
        tables = [t for t in graph.delete_order(database) if plan.rows.get((database, t)) or plan.bulk.get((database, t))]
        if not detach and not tables:
            continue
        with databases[database].transaction() as conn, conn.cursor() as cur:
            cur.execute("SET LOCAL lock_timeout = '10s'")
            if any(db == database for db, _ in plan.bulk):  # millions of rows: longer than any per-statement limit
                cur.execute("SET LOCAL statement_timeout = 0")
            for edge, keys in detach:
                child = graph.table(edge.fk.database, edge.fk.table)
                if edge.fk.ref_database == database:
                    values = _parent_values(conn, graph, edge, keys)
                else:
                    with databases[edge.fk.ref_database].read_only() as other:
                        values = _parent_values(other, graph, edge, keys)
                where, params = _match(child, edge.fk.columns, sorted(values))
                doomed = plan.rows.get((child.database, child.name))
                if doomed:  # rows deleted anyway are not detached: a NULL can break a unique index first
                    spared, spared_params = _match(child, child.primary_key, sorted(doomed))
                    where, params = sql.SQL("{} AND NOT ({})").format(where, spared), [*params, *spared_params]
                sets = [sql.SQL("{} = NULL").format(sql.Identifier(c)) for c in edge.fk.columns]
                sets += [sql.SQL("{} = %s").format(sql.Identifier(c)) for c in edge.detach_set]
                update = sql.SQL("UPDATE {} SET {} WHERE {}").format(sql.Identifier(child.name), sql.SQL(", ").join(sets), where)
                cur.execute(update, [*edge.detach_set.values(), *params])
            for name in tables:
                table = graph.table(database, name)
                if plan.rows.get((database, name)):  # listed rows first: the bulk count is then only the others
                    where, params = _match(table, table.primary_key, sorted(plan.rows[(database, name)]))
                    cur.execute(sql.SQL("DELETE FROM {} WHERE {}").format(sql.Identifier(name), where), params)
                for edge, values in plan.bulk.get((database, name), []):
                    where, params = _match(table, edge.fk.columns, sorted(values))
                    cur.execute(sql.SQL("DELETE FROM {} WHERE {}").format(sql.Identifier(name), where), params)
                    plan.bulk_deleted[(database, name)] = plan.bulk_deleted.get((database, name), 0) + cur.rowcount


def delete_rows(databases: Databases, roots: Sequence[RowRef], *, graph: ReferenceGraph | None = None,
                attempts: int = 4, bulk: dict[str, int] | None = None) -> list[RowRef]:
    """Deletes the roots and all that belongs to them; returns every row it planned to delete
    (rows deleted in bulk by their parents' keys are counted into ``bulk`` instead)."""
    databases.refuse_writes(f"deleting {len(roots)} test-data row(s) and what belongs to them")
    graph = graph or ReferenceGraph.load(databases)
    for attempt in range(1, attempts + 1):
        plan = plan_deletion(databases, roots, graph)
        try:
            execute_plan(databases, plan, graph)
            if bulk is not None:
                bulk.update({f"{db}.{table}": n for (db, table), n in plan.bulk_deleted.items()})
            return plan.refs(graph)
        except RETRYABLE as exc:
            if attempt == attempts:
                raise CleanupError(f"cleanup gave up after {attempts} attempts: {exc}".strip()) from exc
            log.info("cleanup attempt %d raced with the platform (%s); planning again", attempt, exc.__class__.__name__)
            time.sleep(0.05 * attempt)
    return []  # unreachable: the loop returns or raises


def delete_request_tagged(databases: Databases, namespace: str, graph: ReferenceGraph) -> dict[str, int]:
    """Deletes the rows filed under the namespace's request ids (``REQUEST_TAGGED``); rows deleted per table."""
    counts: dict[str, int] = {}
    prefix = f"{namespace}."
    for database, table, column in REQUEST_TAGGED:
        if database not in graph.catalogs or table not in graph.catalogs[database].tables:
            continue
        with databases[database].transaction() as conn, conn.cursor() as cur:
            cur.execute(sql.SQL("DELETE FROM {} WHERE left({}, %s) = %s").format(sql.Identifier(table), sql.Identifier(column)),
                        (len(prefix), prefix))
            if cur.rowcount:
                counts[f"{database}.{table}"] = cur.rowcount
    return counts


def send_requests(store: LedgerStore, send: SendRequest | None, namespace: str, scope: str | None, target: Target) -> int:
    """Sends the namespace's recorded API requests, newest first, and forgets them; how many were sent.

    Without ``send`` (a caller with no API session) they stay in the ledger for a sweep that has one.
    A request that fails is logged and forgotten all the same: it is tried once, as at a scenario's end."""
    recorded = store.requests(namespace, scope, target=target)
    if not recorded or send is None:
        return 0
    for entry in reversed(recorded):
        try:
            send(entry.request)
        except Exception as exc:  # noqa: BLE001 - one failed request never stops the others nor the rows' cleanup
            log.warning("recorded API request of %s (%s) failed: %s", namespace, entry.request.describe(),
                        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    store.remove([e.id for e in recorded])
    return len(recorded)


def clean_namespace(databases: Databases, namespace: str, scope: str | None = None, *,
                    graph: ReferenceGraph | None = None, store: LedgerStore | None = None,
                    send: SendRequest | None = None) -> CleanupReport:
    """Sends the namespace's recorded API requests (with ``send``), then deletes the rows the ledger
    holds for it (one scope, or all) and their entries; for the whole namespace (end of run, sweep)
    also the rows filed under its request ids.

    Only entries of this environment and target are read: another environment's rows are never touched.
    """
    started = time.perf_counter()
    store = store or ledger_for(databases)
    target = Target.of(databases)
    sent = send_requests(store, send, namespace, scope, target)
    entries = store.entries(namespace, scope, target=target)
    bulk: dict[str, int] = {}
    deleted = delete_rows(databases, [e.ref for e in entries], graph=graph, bulk=bulk) if entries else []
    if scope is None and not databases.read_only:  # a read-only environment's platform is never written to
        bulk.update(delete_request_tagged(databases, namespace, graph or ReferenceGraph.load(databases)))
    store.remove([e.id for e in entries])
    report = CleanupReport(namespace, scope, deleted, time.perf_counter() - started, len(entries), bulk, sent)
    log.info("cleaned %s/%s: %d row(s) in %.3fs %s", namespace, scope or "*", report.rows, report.seconds, report.summary())
    return report
