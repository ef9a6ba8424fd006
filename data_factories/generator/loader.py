"""--insert and --cleanup: load a dataset under a ledger namespace, and remove every such load again.

Only the *root* rows are written to the ledger (rows with no NOT NULL reference to another
generated table: venues, price codes, fans, ...): cleanup's catalog-driven walk deletes everything
below them, across the logical ``event_id`` reference too. 100,000 seats thus cost a few hundred
ledger rows, not 100,000.

The namespace is claimed while loading; afterwards its entries are handed to the pseudo-owner
``jump-generate``, because generated data is meant to outlive the command: a sweep (which
removes namespaces of dead processes on this host) leaves it alone until its heartbeat is older
than the sweep's maximum age, and ``./jump test:generate --cleanup`` removes it at any time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from data_factories import ledger
from data_factories.cleanup import CleanupReport, clean_namespace
from data_factories.generator.batching import BATCH_ROWS
from data_factories.generator.collisions import refuse_existing_keys
from data_factories.generator.copy import copy_stream, ordered_databases
from data_factories.generator.dataset import Dataset, TableData
from data_factories.generator.rows import Stream
from data_factories.graph import ReferenceGraph
from data_factories.ledger import NamespaceClaim, RowRef
from data_factories.registry import Registry
from support.db.catalog import Catalog, load_catalog
from support.db.pool import Databases
from support.db.queries import execute, fetch_all

SCOPE = "generate"
OWNER_HOST = "jump-generate"


@dataclass(frozen=True)
class InsertReport:
    namespace: str
    counts: dict[str, int]
    roots: int  # ledger entries written
    seconds: float
    copy_seconds: dict[str, float]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def catalogs_of(databases: Databases) -> dict[str, Catalog]:
    return {db.name: load_catalog(db) for db in databases.platform()}


def root_tables(dataset: Dataset | Stream, catalogs: Mapping[str, Catalog]) -> list[TableData]:
    """Tables none of whose NOT NULL references point at another table of the dataset (a stream's target as a header)."""
    tables = [header for header, _ in _parts(dataset)]
    present = {t.key for t in tables}
    roots = []
    for t in tables:
        table = catalogs[t.database].table(t.table)
        owned_by = [fk for fk in table.foreign_keys if (fk.ref_database, fk.ref_table) in present
                    and (fk.ref_database, fk.ref_table) != t.key and all(not table.column(c).nullable for c in fk.columns)]
        if not owned_by:
            roots.append(t)
    return roots


def _parts(data: Dataset | Stream) -> list[tuple[TableData, Callable[[], Iterable[TableData]]]]:
    """(table, its rows as batches) in insert order: whole tables are one batch, a stream's target many."""
    if isinstance(data, Dataset):
        return [(t, lambda t=t: _slices(t)) for t in data.tables]  # type: ignore[misc]
    target = TableData(*data.target, data.columns, {c: [] for c in data.columns})
    return [*((t, lambda t=t: _slices(t)) for t in data.parents), (target, data.batches)]  # type: ignore[misc]


def _slices(table: TableData) -> Iterator[TableData]:
    """A whole table in BATCH_ROWS pieces: one COPY never runs into the per-statement time limit."""
    if table.count <= BATCH_ROWS:
        yield table
        return
    for start in range(0, table.count, BATCH_ROWS):
        yield TableData(table.database, table.table, table.columns,
                        {c: table.data[c][start:start + BATCH_ROWS] for c in table.columns})


def insert_dataset(databases: Databases, dataset: Dataset | Stream, *, namespace: str | None = None) -> InsertReport:
    """Registers the dataset's roots, then COPYs it in; on failure what was committed is cleaned up.

    A stream's target is COPYed batch by batch; when it is itself a root (no generated parent:
    ``--table venue``), each batch's keys are registered just before the batch is sent.
    """
    databases.refuse_writes("test:generate --insert")
    databases.results  # noqa: B018 - no results database: one line before anything is written (it keeps these ledger roots)
    started = time.perf_counter()
    catalogs = catalogs_of(databases)
    graph = ReferenceGraph(catalogs)
    registry = Registry.open(databases, namespace)
    registry = registry.scoped(SCOPE)
    roots = 0
    parts = _parts(dataset)
    streamed = parts[-1][0].key if isinstance(dataset, Stream) else None

    registered: dict[str, list[RowRef]] = {}  # by database: what to forget when its transaction rolls back
    committed: list[str] = []                  # databases whose COPY transaction committed

    def register(table: TableData) -> None:
        nonlocal roots
        refuse_existing_keys(databases, catalogs, table)  # before the ledger names a row that is not ours
        key_columns = catalogs[table.database].table(table.table).primary_key
        keys = zip(*(table.data[c] for c in key_columns), strict=True)
        refs = registry.register_many(table.database, table.table, [dict(zip(key_columns, k, strict=True)) for k in keys])
        registered.setdefault(table.database, []).extend(refs)
        roots += len(refs)

    try:
        root_keys = {t.key for t in root_tables(dataset, catalogs)}
        for table, make in parts:
            if table.key in root_keys and table.key != streamed:
                for batch in make():
                    register(batch)
        order = ordered_databases({t.database for t, _ in parts}, reversed(graph.database_order()))
        try:
            seconds = copy_stream(databases, parts, catalogs, order, committed=committed,
                                  before_batch=lambda b: register(b) if b.key == streamed and b.key in root_keys else None)
        except BaseException:
            # a rolled-back database holds none of its rows: its keys may be another's (a COPY that failed on a
            # duplicate key), so they leave the ledger unused; what committed is cleaned up
            registry.forget([ref for database, refs in registered.items() if database not in committed for ref in refs])
            clean_namespace(databases, registry.namespace, graph=graph)
            raise
        execute(databases.results, f"UPDATE {ledger.TABLE} SET owner_host = %s, owner_pid = 0 WHERE namespace = %s",
                (OWNER_HOST, registry.namespace))
    finally:
        registry.close()
    return InsertReport(registry.namespace, dataset.counts(), roots, time.perf_counter() - started, seconds)


def generated_namespaces(databases: Databases) -> list[str]:
    """Namespaces that --insert runs left in this environment and target (entries of the ``generate`` scope)."""
    ledger.ensure_ledger(databases.results)
    target = ledger.Target.of(databases)
    rows = fetch_all(databases.results, f"SELECT DISTINCT namespace FROM {ledger.TABLE} WHERE scope = %s AND {ledger.WHERE_TARGET}"
                     " ORDER BY 1", (SCOPE, *target.params()))
    return [r["namespace"] for r in rows]


def cleanup_generated(databases: Databases, namespaces: list[str] | None = None) -> list[CleanupReport]:
    """Deletes what earlier --insert runs created (all of them, or the given namespaces), children first.

    A namespace whose claim is held (an --insert still loading) is skipped, never cleaned under it.
    """
    databases.refuse_writes("test:generate --cleanup (it deletes generated rows)")
    graph = ReferenceGraph.load(databases)
    reports = []
    for namespace in namespaces if namespaces is not None else generated_namespaces(databases):
        claim = NamespaceClaim(databases.results, namespace)
        if not claim.acquire():
            continue
        try:
            reports.append(clean_namespace(databases, namespace, graph=graph))
        finally:
            claim.release()
    return reports
