"""At the start of a run (and by ``./jump data:sweep``): clean up what killed or crashed runs left behind.

A namespace is stale when every owner it recorded ran on this host and is gone, or when nobody
has touched its heartbeat for ``max_age``. Even then it is cleaned only if its advisory lock can
be taken: a live owner holds that lock for its whole life, so a concurrent run is never touched
(and two sweepers never clean the same namespace at once).

Only namespaces of the sweeper's own environment and target are looked at (the ledger records
both): a run against staging never removes what a run against integration left, even when
they share a results database. A read-only environment refuses to sweep.

The ledger is the environment's (data_factories/ledger_store.py): its results database, or, without
one, its file in the checkout; the sweep reads both the same way. Recorded API requests (deletes a
scenario registered through the API) are sent first, as their role, when the caller gives ``send``.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from data_factories.cleanup import CleanupReport, SendRequest, clean_namespace, plan_deletion
from data_factories.graph import ReferenceGraph
from data_factories.ledger import NamespaceState, Target
from data_factories.ledger_store import ledger_for
from support.db.pool import Databases
from support.processes import pid_alive

log = logging.getLogger(__name__)
DEFAULT_MAX_AGE = dt.timedelta(hours=6)


def is_stale(state: NamespaceState, *, now: dt.datetime, max_age: dt.timedelta, host: str | None = None) -> bool:
    """Dead owners on this host, or a heartbeat older than ``max_age``."""
    host = host or socket.gethostname()
    owners_gone = all(h == host and not pid_alive(pid) for h, pid in state.owners)
    return owners_gone or now - state.last_heartbeat > max_age


@dataclass
class SweepItem:
    """One namespace of this environment and target, and what the sweep did (or would do) with it."""

    state: NamespaceState
    action: str                                   # "removed", "would remove", "left: owner alive", ...
    rows: dict[str, int] = field(default_factory=dict)  # {"database.table": rows}, children included
    report: CleanupReport | None = None           # the cleanup's own report, when it removed the namespace
    requests: int = 0                             # recorded API requests sent (or that would be sent)

    @property
    def removes(self) -> bool:
        return self.action in ("removed", "would remove")

    def line(self) -> str:
        owners = ", ".join(f"{h}:{p}" for h, p in self.state.owners)
        detail = f": {sum(self.rows.values())} row(s) ({', '.join(f'{k} {v}' for k, v in self.rows.items())})" if self.rows else ""
        if self.requests:
            detail += f"{'' if detail else ':'} {self.requests} API request(s)"
        return f"{self.state.namespace} [{owners}, last seen {self.state.last_heartbeat:%Y-%m-%d %H:%M:%S}] {self.action}{detail}"


def survey(databases: Databases, *, max_age: dt.timedelta = DEFAULT_MAX_AGE, keep: Collection[str] = (),
           dry_run: bool = False, send: SendRequest | None = None) -> list[SweepItem]:
    """Every namespace of this environment and target, with what the sweep did to it (or would, when ``dry_run``).

    ``send`` sends a recorded API request as its role; without it a namespace's requests stay in the ledger."""
    if not dry_run:
        databases.refuse_writes("the sweep of test data left by interrupted runs (it deletes rows)")
    store = ledger_for(databases)
    store.ensure()
    now = store.now()
    target = Target.of(databases)
    graph: ReferenceGraph | None = None
    items: list[SweepItem] = []
    for state in store.namespaces(target):
        if state.namespace in keep:
            items.append(SweepItem(state, "left: this run's own"))
            continue
        if not is_stale(state, now=now, max_age=max_age):
            items.append(SweepItem(state, "left: owner alive"))
            continue
        claim = store.claim(state.namespace)
        if not claim.acquire():
            log.info("namespace %s looks stale but its owner still holds it: left alone", state.namespace)
            items.append(SweepItem(state, "left: owner still holds it"))
            continue
        try:
            graph = graph or ReferenceGraph.load(databases)
            if dry_run:
                roots = [e.ref for e in store.entries(state.namespace, target=target)]
                refs = plan_deletion(databases, roots, graph).refs(graph)
                items.append(SweepItem(state, "would remove", CleanupReport(state.namespace, None, refs, 0.0, len(roots)).summary(),
                                       requests=len(store.requests(state.namespace, target=target))))
            else:
                report = clean_namespace(databases, state.namespace, graph=graph, store=store, send=send)
                items.append(SweepItem(state, "removed", report.summary(), report, requests=report.requests_sent))
        finally:
            claim.release()
    return items


def sweep_stale(
    databases: Databases, *, max_age: dt.timedelta = DEFAULT_MAX_AGE, keep: Collection[str] = (), send: SendRequest | None = None,
) -> list[CleanupReport]:
    """Cleans every stale namespace of this environment and target except ``keep``; one report per namespace cleaned."""
    return [i.report for i in _removed(survey(databases, max_age=max_age, keep=keep, send=send)) if i.report is not None]


def _removed(items: Iterable[SweepItem]) -> list[SweepItem]:
    return [i for i in items if i.action == "removed"]


def describe(items: Iterable[SweepItem]) -> str | None:
    """One console line on what the sweep removed, or None when it removed nothing."""
    removed = _removed(items)
    if not removed:
        return None
    rows = sum(sum(i.rows.values()) for i in removed)
    requests = sum(i.requests for i in removed)
    namespaces = ", ".join(f"{i.state.namespace} ({sum(i.rows.values())})" for i in removed)
    sent = f", {requests} API request(s) sent" if requests else ""
    return f"swept test data left by {len(removed)} interrupted run(s): {rows} row(s) removed from {namespaces}{sent}"
