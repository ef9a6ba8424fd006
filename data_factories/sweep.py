"""At the start of a run: clean up what killed or crashed runs left behind.

A namespace is stale when every owner it recorded ran on this host and is gone, or when nobody
has touched its heartbeat for ``max_age``. Even then it is cleaned only if its advisory lock can
be taken: a live owner holds that lock for its whole life, so a concurrent run is never touched
(and two sweepers never clean the same namespace at once).
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Collection

from data_factories import ledger
from data_factories.cleanup import CleanupReport, clean_namespace
from data_factories.graph import ReferenceGraph
from data_factories.ledger import NamespaceClaim, NamespaceState
from support.db.pool import Databases
from support.processes import pid_alive

log = logging.getLogger(__name__)
DEFAULT_MAX_AGE = dt.timedelta(hours=6)


def is_stale(state: NamespaceState, *, now: dt.datetime, max_age: dt.timedelta, host: str | None = None) -> bool:
    """Dead owners on this host, or a heartbeat older than ``max_age``."""
    host = host or socket.gethostname()
    owners_gone = all(h == host and not pid_alive(pid) for h, pid in state.owners)
    return owners_gone or now - state.last_heartbeat > max_age


def sweep_stale(
    databases: Databases, *, max_age: dt.timedelta = DEFAULT_MAX_AGE, keep: Collection[str] = (),
) -> list[CleanupReport]:
    """Cleans every stale namespace except ``keep``; returns one report per namespace cleaned."""
    results = databases.results
    ledger.ensure_ledger(results)
    now = ledger.database_now(results)
    graph: ReferenceGraph | None = None
    reports: list[CleanupReport] = []
    for state in ledger.namespaces(results):
        if state.namespace in keep or not is_stale(state, now=now, max_age=max_age):
            continue
        claim = NamespaceClaim(results, state.namespace)
        if not claim.acquire():
            log.info("namespace %s looks stale but its owner still holds it: left alone", state.namespace)
            continue
        try:
            graph = graph or ReferenceGraph.load(databases)
            reports.append(clean_namespace(databases, state.namespace, graph=graph))
        finally:
            claim.release()
    return reports
