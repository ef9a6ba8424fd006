"""The cleanup registry: what a namespace created, per scope, and the deletion of it.

One registry per run (scope ``run``, for feature- or run-wide data) hands out one per scenario
(``registry.scoped("scenario-12")``); the framework cleans a scenario's scope after the scenario,
passed or failed, and the run scope at the end. Factories register rows themselves; rows the
framework created through the platform's API are registered after the fact with
``registry.register("events", "venue", venue_id)``, or undone through the API with
``registry.register_request(ApiRequest(...))`` (recorded, so a killed run's request is sent by the sweep).
The ledger is the environment's results database, or its file when it has none (ledger_store.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from data_factories.cleanup import CleanupReport, SendRequest, clean_namespace
from data_factories.errors import CleanupError
from data_factories.graph import ReferenceGraph
from data_factories.ledger import ApiRequest, EntryId, RowRef, Target
from data_factories.ledger_store import Claim, LedgerStore, ledger_for
from data_factories.namespace import new_namespace
from support.db.catalog import Table, load_catalog
from support.db.pool import Databases

RUN_SCOPE = "run"


class Registry:
    """Registers rows of one namespace and scope; cleans up a scope, children first."""

    def __init__(self, databases: Databases, namespace: str, scope: str = RUN_SCOPE, *,
                 claim: Claim | None = None, graph: ReferenceGraph | None = None, store: LedgerStore | None = None,
                 send: SendRequest | None = None) -> None:
        self.databases, self.namespace, self.scope = databases, namespace, scope
        self.ledger = store or ledger_for(databases)
        self.send = send  # sends recorded API requests the cleanup finds (support.journeys.api.send_recorded)
        self._claim = claim
        self._graph = graph
        self._heartbeat_stop: threading.Event | None = None

    @classmethod
    def open(cls, databases: Databases, namespace: str | None = None, *, worker: int | None = None,
             send: SendRequest | None = None) -> Registry:
        """The run-scope registry of a new (or given) namespace, claimed for this process."""
        store = ledger_for(databases)
        store.ensure()
        namespace = namespace or new_namespace(worker)
        claim = store.claim(namespace).acquire_or_fail()
        return cls(databases, namespace, RUN_SCOPE, claim=claim, store=store, send=send)

    def __repr__(self) -> str:
        return f"Registry({self.namespace}/{self.scope})"

    def scoped(self, scope: str) -> Registry:
        """A registry for a narrower scope (a scenario) of the same namespace."""
        return Registry(self.databases, self.namespace, scope, claim=self._claim, graph=self._graph, store=self.ledger,
                        send=self.send)

    # -- registering ---------------------------------------------------------------------
    def _table(self, database: str, table: str) -> Table:
        if database not in self.databases:
            known = ", ".join(self.databases.named) or "none"
            raise CleanupError(f"rows of database {database!r} cannot be registered (this environment's databases: {known})")
        return load_catalog(self.databases[database]).table(table)

    def ref(self, database: str, table: str, pk: Any) -> RowRef:
        """The row reference for a key given as a value, a mapping, or an object with the key's attributes."""
        key_columns = self._table(database, table).primary_key
        if isinstance(pk, Mapping):
            values = dict(pk)
        elif len(key_columns) == 1 and not hasattr(pk, key_columns[0]):
            values = {key_columns[0]: pk}
        else:
            values = {c: getattr(pk, c) for c in key_columns if hasattr(pk, c)}
        if set(values) != set(key_columns):
            raise CleanupError(f"{database}.{table} is keyed by {key_columns}, got {sorted(values)}")
        return RowRef.of(database, table, values)

    def register(self, database: str, table: str, pk: Any) -> RowRef:
        """Records one row (before inserting it, or after an API call created it)."""
        return self.register_many(database, table, [pk])[0]

    def register_many(self, database: str, table: str, pks: Iterable[Any]) -> list[RowRef]:
        """Records many rows of one table in one round trip (seat maps)."""
        self.databases.refuse_writes(f"creating test data in {database}.{table} (factories write to the platform databases)")
        refs = [self.ref(database, table, pk) for pk in pks]
        self.ledger.record(self.namespace, self.scope, refs, target=Target.of(self.databases))
        return refs

    def forget(self, refs: Iterable[RowRef]) -> None:
        """Drops entries for rows that were never inserted (their INSERT failed)."""
        self.ledger.remove_refs(self.namespace, refs)

    def register_request(self, request: ApiRequest) -> EntryId:
        """Records an API request that undoes what the scenario created (sent at its end, or by the next sweep)."""
        return self.ledger.record_request(self.namespace, self.scope, request, target=Target.of(self.databases))

    def forget_request(self, entry: EntryId) -> None:
        """Drops a recorded request once it was sent."""
        self.ledger.remove([entry])

    def entries(self, *, all_scopes: bool = False) -> list[RowRef]:
        scope = None if all_scopes else self.scope
        return [e.ref for e in self.ledger.entries(self.namespace, scope, target=Target.of(self.databases))]

    # -- cleaning up ---------------------------------------------------------------------
    def graph(self) -> ReferenceGraph:
        if self._graph is None:
            self._graph = ReferenceGraph.load(self.databases)
        return self._graph

    def cleanup(self, scope: str | None = None) -> CleanupReport:
        """Deletes the rows of ``scope`` (default: this registry's) with everything referring to them."""
        return clean_namespace(self.databases, self.namespace, scope or self.scope, graph=self.graph(), store=self.ledger, send=self.send)

    def cleanup_all(self) -> CleanupReport:
        """Deletes every scope of the namespace (end of run)."""
        return clean_namespace(self.databases, self.namespace, None, graph=self.graph(), store=self.ledger, send=self.send)

    # -- liveness ------------------------------------------------------------------------
    def heartbeat(self) -> None:
        self.ledger.touch(self.namespace)

    def start_heartbeat(self, every_s: float = 60.0) -> None:
        """Touches the heartbeat from a daemon thread until :meth:`close`."""
        if self._heartbeat_stop is not None:
            return
        stop = self._heartbeat_stop = threading.Event()

        def beat() -> None:
            while not stop.wait(every_s):
                try:
                    self.heartbeat()
                except Exception:  # a missed beat only makes the namespace look older; keep beating
                    continue

        threading.Thread(target=beat, name=f"heartbeat-{self.namespace}", daemon=True).start()

    def close(self) -> None:
        """Stops the heartbeat and releases the namespace (does not clean up: call cleanup first)."""
        if self._heartbeat_stop is not None:
            self._heartbeat_stop.set()
            self._heartbeat_stop = None
        if self._claim is not None:
            self._claim.release()
