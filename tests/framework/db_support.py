"""Fixtures and helpers shared by the database, factory and cleanup tests (imported explicitly).

The stack is shared with other engineers' test runs, so "the database is as it was" is checked
strictly (every table's row count) and, only when counts moved, explained row by row: a
difference that involves none of our rows is someone else's concurrent work, not a leak.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from data_factories import Registry, session
from data_factories.ledger import RowRef
from data_factories.session import FactorySession
from support.db.pool import Databases
from support.db.snapshot import Snapshot, diff, snapshot


@pytest.fixture(scope="session")
def databases(dsns: dict[str, str]) -> Iterator[Databases]:
    dbs = Databases.from_dsns(dsns, maxconn=6)
    yield dbs
    dbs.close()


@pytest.fixture()
def registry(databases: Databases) -> Iterator[Registry]:
    """A fresh claimed namespace; whatever a test leaves in it is cleaned afterwards."""
    reg = Registry.open(databases)
    yield reg
    reg.cleanup_all()
    reg.close()


@pytest.fixture()
def factories(databases: Databases, registry: Registry) -> Iterator[FactorySession]:
    with session.bound(databases, registry, seed=20261125) as bound:
        yield bound


def platform_snapshots(databases: Databases) -> dict[str, Snapshot]:
    return {db.name: snapshot(db) for db in databases.platform()}


def assert_restored(
    databases: Databases, before: dict[str, Snapshot], ours: Iterable[str], deleted: Iterable[RowRef] = ()
) -> None:
    """Every table of both databases holds what it held before, as far as our rows are concerned.

    ``ours`` are the ids the test created (directly or through the platform); ``deleted`` what
    the cleanup reported deleting (a pre-existing row among them would be cleanup overreach).
    """
    after = platform_snapshots(databases)
    if all(before[name].row_counts() == after[name].row_counts() for name in before):
        return
    ours_set = {str(v) for v in ours}
    deleted_keys = {(r.database, r.table, tuple(v for _, v in r.pk)) for r in deleted}
    problems: list[str] = []
    for name in before:
        changes = diff(before[name], after[name])
        for table, t in changes.tables.items():
            pk = before[name].tables[table].key_columns
            for row in t.inserted:
                if ours_set & {str(v) for v in row.values()}:
                    problems.append(f"left behind: {name}.{table} {row}")
            for row in t.deleted:
                if (name, table, tuple(str(row[c]) for c in sorted(pk))) in deleted_keys:
                    problems.append(f"deleted a row that existed before: {name}.{table} {row}")
    assert not problems, "\n".join(problems)
