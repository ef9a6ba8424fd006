"""Where the test-data ledger lives: the results database, or a file when there is none.

The registry, the cleanup and the sweep speak to a :class:`LedgerStore` and never care which.
With a results database (``databases.results``) it is :class:`PostgresLedger` (data_factories/ledger.py:
entries committed before the row is inserted, namespace claims as advisory locks, visible to
sweepers on every host). Without one it is the file ledger of data_factories/ledger_file.py: the
same entries as fsync'd JSON lines under the checkout's ``.jump/test-data/``, claims as file locks;
a killed run's rows are swept at the next start exactly the same way, by the runs of this checkout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from data_factories import ledger
from data_factories.ledger import ApiRequest, EntryId, LedgerEntry, NamespaceClaim, NamespaceState, RequestEntry, RowRef, Target
from support.db.pool import Database, Databases

REPO = Path(__file__).resolve().parents[1]
FILE_LEDGER_DIR = REPO / ".jump" / "test-data"  # per checkout, git-ignored with the rest of .jump/


class Claim(Protocol):
    """A live run's hold on its namespace; released by the operating system or PostgreSQL when it dies."""

    def acquire(self) -> bool: ...
    def acquire_or_fail(self) -> Claim: ...
    @property
    def held(self) -> bool: ...
    def release(self) -> None: ...


class LedgerStore(Protocol):
    """The durable record of what a run created, read by the cleanup and by the next run's sweep."""

    where: str  # for messages: "the results database", ".jump/test-data/library.jsonl"

    def ensure(self) -> None: ...
    def record(self, namespace: str, scope: str, refs: Sequence[RowRef], *, target: Target) -> None: ...
    def record_request(self, namespace: str, scope: str, request: ApiRequest, *, target: Target) -> EntryId: ...
    def entries(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[LedgerEntry]: ...
    def requests(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[RequestEntry]: ...
    def remove(self, ids: Iterable[EntryId]) -> int: ...
    def remove_refs(self, namespace: str, refs: Iterable[RowRef]) -> int: ...
    def touch(self, namespace: str) -> int: ...
    def now(self) -> dt.datetime: ...
    def namespaces(self, target: Target) -> list[NamespaceState]: ...
    def claim(self, namespace: str) -> Claim: ...


class PostgresLedger:
    """The ledger in the results database (the functions of data_factories/ledger.py, bound to it)."""

    where = "the results database"

    def __init__(self, results: Database) -> None:
        self.results = results

    def ensure(self) -> None:
        ledger.ensure_ledger(self.results)

    def record(self, namespace: str, scope: str, refs: Sequence[RowRef], *, target: Target) -> None:
        ledger.record(self.results, namespace, scope, refs, target=target)

    def record_request(self, namespace: str, scope: str, request: ApiRequest, *, target: Target) -> EntryId:
        return ledger.record_request(self.results, namespace, scope, request, target=target)

    def entries(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[LedgerEntry]:
        return ledger.entries(self.results, namespace, scope, target=target)

    def requests(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[RequestEntry]:
        return ledger.requests(self.results, namespace, scope, target=target)

    def remove(self, ids: Iterable[EntryId]) -> int:
        return ledger.remove(self.results, ids)

    def remove_refs(self, namespace: str, refs: Iterable[RowRef]) -> int:
        return ledger.remove_refs(self.results, namespace, refs)

    def touch(self, namespace: str) -> int:
        return ledger.touch(self.results, namespace)

    def now(self) -> dt.datetime:
        return ledger.database_now(self.results)

    def namespaces(self, target: Target) -> list[NamespaceState]:
        return ledger.namespaces(self.results, target)

    def claim(self, namespace: str) -> Claim:
        return NamespaceClaim(self.results, namespace)


def ledger_for(databases: Databases, *, directory: Path | None = None) -> LedgerStore:
    """The environment's ledger: its results database when it has one, else its file in ``directory``."""
    if databases.has_results:
        return PostgresLedger(databases.results)
    from data_factories.ledger_file import FileLedger  # only environments without a results database need it
    return FileLedger((directory or FILE_LEDGER_DIR) / f"{databases.environment}.jsonl")
