"""The generic database vocabulary: read-only queries, watched tables and their diff, integrity
checks, and a scenario transaction that is always rolled back (SRS DB-001.1, .2, .3, .5).

Parallel runs share the databases, so everything here narrows itself to the scenario's own
events where it can: a watched table with an ``event_id`` column is diffed only over the rows of
events this scenario created (through the factories or a REST POST), and the consistency check
looks only at those events. Tables without ``event_id`` (reservation_lock_item, payment) are
watched whole: another run writing to them at the same moment shows up in the diff.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import psycopg2
import psycopg2.errors

from support.db import integrity
from support.db.integrity import Check, Finding
from support.db.pool import Connection, Databases
from support.db.queries import fetch_all, run_read_only_query, single_statement
from support.db.snapshot import DatabaseDiff, Snapshot, diff, snapshot
from support.errors import JumpError
from support.gherkin.tables import as_table, compare_rows
from support.journeys.api import fill
from support.journeys.row_cases import ROW_CASES, Made
from support.plugins.manager import hooks
from support.state import ScenarioState

IGNORED_COLUMNS = ("updated_at",)  # touched by every write; a diff counts what the business changed
IN_TRANSACTION_CHECKS: dict[str, Callable[..., list[Finding]]] = {
    Check.ORDER_TOTAL.value: integrity.order_total_mismatches,
    Check.SOLD_WITHOUT_ENTITLEMENT.value: integrity.sold_seats_without_entitlement,
    Check.EXPIRED_ACTIVE_LOCK.value: integrity.expired_active_locks,
}


@dataclass
class Watch:
    before: Snapshot
    tables: tuple[str, ...] | None


@dataclass
class Refusal:
    """Why PostgreSQL refused a row: the constraint (or the column left empty) and its message."""

    reason: str
    message: str


@dataclass
class StoreAttempt:
    case: str
    refusal: Refusal | None


@dataclass
class ScenarioTransaction:
    """One open, never committed transaction per database, rolled back when the scenario ends."""

    databases: Databases
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))  # the made-up event its rows belong to
    _stack: ExitStack = field(default_factory=ExitStack)
    _connections: dict[str, Connection] = field(default_factory=dict)

    def connection(self, database: str) -> Connection:
        if database not in self._connections:
            self._connections[database] = self._stack.enter_context(self.databases[database].connection())
        return self._connections[database]

    def rollback(self) -> None:
        """Undoes everything; the pool's connection hand-back rolls back too, this makes it explicit."""
        for conn in self._connections.values():
            if not conn.closed:
                conn.rollback()
        self._connections.clear()
        self._stack.close()


def scenario_event_ids(state: ScenarioState) -> list[str]:
    """Events this scenario owns: named by business steps, registered after a REST POST, or made up
    by its database transaction."""
    ids = {record.id for record in state.events.values()}
    if state.transaction is not None:
        ids.add(state.transaction.event_id)
    ids |= {str(dict(ref.pk)["id"]) for ref in state.registry.entries() if (ref.database, ref.table) == ("events", "event")}
    return sorted(ids)


def query(state: ScenarioState, database: str, sql: str, *, in_transaction: bool = False) -> list[dict[str, Any]]:
    """Runs one SELECT: on committed data in a READ ONLY transaction, or inside the scenario
    transaction (it then sees that transaction's uncommitted rows)."""
    text = fill(state, sql)
    if in_transaction:
        statement = single_statement(text)
        if statement.split(None, 1)[0].lower() not in ("select", "with"):
            raise JumpError("only a SELECT or WITH query may run here; rows are stored with 'I try to store ...'")
        rows = fetch_all(_transaction(state).connection(database), text)
    else:
        rows = run_read_only_query(state.session.databases[database], text)
    state.query_rows = rows
    return rows


def query_rows(state: ScenarioState) -> list[dict[str, Any]]:
    if state.query_rows is None:
        raise JumpError("no query ran yet in this scenario: add 'When I query the inventory database:' first")
    return state.query_rows


def query_differences(state: ScenarioState, headings: list[str], rows: list[list[str]]) -> list[str]:
    """How the last query's rows differ from an expected table (its cells may use {variables})."""
    actual = query_rows(state)
    problems = compare_rows(actual, headings, [[fill(state, cell) for cell in row] for row in rows])
    return problems + ([f"actual rows:\n{as_table(actual, headings)}"] if problems else [])


def watch(state: ScenarioState, database: str, tables: Iterable[str] | None = None) -> Watch:
    """Snapshots the tables (default: all of the database) before the step that changes them."""
    names = tuple(sorted({t.strip() for t in tables if t.strip()})) if tables is not None else None
    state.watches[database] = Watch(snapshot(state.session.databases[database], names), names)
    return state.watches[database]


def changes(state: ScenarioState, database: str) -> DatabaseDiff:
    """What changed since ``watch`` in the scenario's rows; the diff goes to the report."""
    if database not in state.watches:
        raise JumpError(f"the {database} database is not watched: add 'Given I watch the {database} database' before the When step")
    watched = state.watches[database]
    after = snapshot(state.session.databases[database], watched.tables)
    events = set(scenario_event_ids(state))
    result = diff(_own_rows(watched.before, events), _own_rows(after, events), ignore_columns=IGNORED_COLUMNS)
    hooks().jump_data_changed(database=database, summary=result.summary(), text=result.render())
    return result


def change_counts(state: ScenarioState, database: str, expected: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """(inserted, updated, deleted) for the ``expected`` tables, plus every other table watched by name
    that changed. A whole-database watch judges only the expected tables: tables without
    ``event_id`` (fan, payment, ...) move with every parallel run."""
    named = state.watches[database].tables is not None if database in state.watches else False
    summary = changes(state, database).summary()
    tables = set(expected) | (set(summary) if named else set())
    return {table: summary.get(table, (0, 0, 0)) for table in sorted(tables)}


def _own_rows(shot: Snapshot, events: set[str]) -> Snapshot:
    if not events:
        return shot
    tables = {}
    for name, table in shot.tables.items():
        sample = next(iter(table.rows.values()), {})
        if "event_id" in sample:
            table = type(table)(table.table, table.key_columns,
                                {k: r for k, r in table.rows.items() if str(r["event_id"]) in events})
        tables[name] = table
    return Snapshot(shot.database, shot.taken_at, tables)


def consistency_findings(state: ScenarioState) -> list[Finding]:
    """The integrity checks over this scenario's events (all events when it has none)."""
    events = scenario_event_ids(state)
    return integrity.check_integrity(state.session.databases, event_ids=events or None)


def open_transaction(state: ScenarioState, on_scenario_end: Callable[[Callable[[], None]], None]) -> ScenarioTransaction:
    """Opens the scenario transaction; ``on_scenario_end`` (behave's add_cleanup) gets its rollback.
    Its made-up event id is the variable ``{transaction_event_id}``, for queries about its rows."""
    state.transaction = ScenarioTransaction(state.session.databases)
    state.variables["transaction_event_id"] = state.transaction.event_id
    on_scenario_end(state.transaction.rollback)
    return state.transaction


def rollback(state: ScenarioState) -> None:
    txn = _transaction(state)
    txn.rollback()


def _transaction(state: ScenarioState) -> ScenarioTransaction:
    if state.transaction is None:
        raise JumpError("no database transaction: add 'Given a database transaction' first")
    return state.transaction


def try_store(state: ScenarioState, case: str, *, must_succeed: bool = False) -> StoreAttempt:
    """Writes the rows of ``case``: in the scenario transaction (under a savepoint) when one is open,
    else in a transaction of its own that is rolled back at once. A refusal is the outcome, not an error."""
    row_case = ROW_CASES[case]
    txn = state.transaction
    with ExitStack() as stack:
        if txn is not None:
            conn, event_id = txn.connection(row_case.database), txn.event_id
        else:
            conn, event_id = stack.enter_context(state.session.databases[row_case.database].connection()), str(uuid.uuid4())
            stack.callback(conn.rollback)
        with conn.cursor() as cur:
            cur.execute("SAVEPOINT try_store")
        try:
            row_case.write(Made(conn, event_id))
            refusal = None
        except psycopg2.Error as exc:
            with conn.cursor() as cur:  # the scenario transaction stays usable whatever went wrong
                cur.execute("ROLLBACK TO SAVEPOINT try_store")
            if not isinstance(exc, psycopg2.IntegrityError):
                raise
            refusal = _refusal(exc)
    if must_succeed and refusal is not None:
        raise JumpError(f"could not store {case}: {refusal.message}")
    state.store_attempt = StoreAttempt(case, refusal)
    return state.store_attempt


def _refusal(exc: psycopg2.IntegrityError) -> Refusal:
    diag = exc.diag
    reason = diag.constraint_name or (f"{diag.column_name} is required" if isinstance(exc, psycopg2.errors.NotNullViolation) else "")
    return Refusal(reason=reason or type(exc).__name__, message=(diag.message_primary or str(exc)).strip())


def last_attempt(state: ScenarioState) -> StoreAttempt:
    if state.store_attempt is None:
        raise JumpError("nothing was stored yet: add 'When I try to store ...' first")
    return state.store_attempt


def transaction_findings(state: ScenarioState, check: str) -> list[Finding]:
    """One inventory integrity check, run inside the scenario transaction over its made-up event."""
    if check not in IN_TRANSACTION_CHECKS:
        raise JumpError(f"unknown in-transaction check {check!r}; known: {', '.join(sorted(IN_TRANSACTION_CHECKS))}")
    txn = _transaction(state)
    return IN_TRANSACTION_CHECKS[check](txn.connection("inventory"), event_ids=[txn.event_id])
