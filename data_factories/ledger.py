"""The durable ledger of test data, kept in the results database (the PostgreSQL implementation).

An environment without a results database keeps the same ledger in a file instead
(data_factories/ledger_file.py); data_factories/ledger_store.py picks one and names what both do.

A row is written to the ledger (and committed) *before* the row itself is inserted, so whatever a
run manages to insert is known even when the run is killed the next instant: the next run's sweep
finds it by the dead owner. A live run also holds a session advisory lock on its namespace; a
sweeper that cannot take that lock knows the owner is alive, whatever the heartbeat says.

Every entry carries the environment and the target's identity (``Databases.target``: where the
platform databases live). Listing namespaces and reading entries for cleanup always filter on
both, so a run in one environment never sweeps another environment's rows, even when two
environments share a results database. Entries written before these columns existed have an
empty environment; only ``local`` (whose results database lives in its own stack) claims them.

Besides rows, the ledger holds API requests a scenario registered to undo what it created through
an API (a GraphQL or REST delete): the request and the role that sends it, never a token. A killed
run's requests are sent by the next sweep, which authenticates as that role again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import psycopg2
import psycopg2.extras
from pydantic import BaseModel, ConfigDict, Field

from data_factories.errors import NamespaceInUse
from support.db.pool import Connection, Database, Databases
from support.db.queries import execute, fetch_all, fetch_value

TABLE = "test_data_ledger"
LOCK_CLASS = "jump-test-data"  # first key of every namespace advisory lock
_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id          bigserial PRIMARY KEY,
    namespace   text NOT NULL,
    scope       text NOT NULL,
    database    text NOT NULL,
    table_name  text NOT NULL,
    pk          jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    owner_host  text NOT NULL,
    owner_pid   integer NOT NULL,
    heartbeat   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS {TABLE}_namespace_idx ON {TABLE} (namespace, scope);
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS environment text NOT NULL DEFAULT '';
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS target text NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS {TABLE}_target_idx ON {TABLE} (environment, target, namespace);
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS api_request jsonb;
"""
ROWS_ONLY = "api_request IS NULL"  # an entry is a row, or (api_request set; database, table and pk empty) a request
LEGACY_ENVIRONMENT = ""  # entries from before environments were recorded
WHERE_TARGET = "((environment = %s AND target = %s) OR (environment = '' AND %s = 'local'))"
_ready: set[str] = set()
_ready_lock = threading.Lock()


@dataclass(frozen=True)
class RowRef:
    """One row anywhere: database, table and primary key (values as text, the ledger's JSON form)."""

    database: str
    table: str
    pk: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, database: str, table: str, pk: Mapping[str, Any]) -> RowRef:
        return cls(database, table, tuple((k, str(v)) for k, v in sorted(pk.items())))

    def values(self, columns: Sequence[str]) -> tuple[str, ...]:
        as_dict = dict(self.pk)
        return tuple(as_dict[c] for c in columns)

    def __str__(self) -> str:
        return f"{self.database}.{self.table}({', '.join(f'{k}={v}' for k, v in self.pk)})"


@dataclass(frozen=True)
class Target:
    """Whose entries: the environment and the identity of its platform databases."""

    environment: str
    identity: str

    @classmethod
    def of(cls, databases: Databases) -> Target:
        return cls(databases.environment, databases.target)

    def params(self) -> tuple[str, str, str]:
        return self.environment, self.identity, self.environment


EntryId = int | str  # the database's bigserial, or the file ledger's uuid


class ApiRequest(BaseModel):
    """A request that undoes what a scenario created through an API, as the ledger keeps it: what to
    send and as which role (None: no credentials), never a token, so a sweeper authenticates anew."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["graphql", "rest"]
    role: str | None = None
    document: str | None = None                         # GraphQL: the operation, filled in
    variables: dict[str, Any] = Field(default_factory=dict)
    method: str | None = None                           # REST: DELETE, and the concrete path
    path: str | None = None

    def describe(self) -> str:
        who = f'as "{self.role}"' if self.role else "without credentials"
        what = f"{self.method} {self.path}" if self.kind == "rest" else f"GraphQL {' '.join((self.document or '').split())[:80]}"
        return f"{what} {who}"


@dataclass(frozen=True)
class RequestEntry:
    id: EntryId
    namespace: str
    scope: str
    request: ApiRequest


@dataclass(frozen=True)
class LedgerEntry:
    id: EntryId
    namespace: str
    scope: str
    ref: RowRef
    owner_host: str
    owner_pid: int
    heartbeat: dt.datetime


@dataclass(frozen=True)
class NamespaceState:
    """What the ledger knows about one namespace: who owns it and when it last showed life."""

    namespace: str
    owners: tuple[tuple[str, int], ...]  # (host, pid)
    last_heartbeat: dt.datetime
    rows: int


def owner() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def ensure_ledger(results: Database) -> None:
    """Creates the ledger table once; an advisory lock keeps concurrent first runs from racing."""
    with _ready_lock:
        if results.dsn in _ready:
            return
    with results.transaction() as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (LOCK_CLASS,))
        cur.execute(_DDL)
    with _ready_lock:
        _ready.add(results.dsn)


def record(results: Database, namespace: str, scope: str, refs: Sequence[RowRef], *, target: Target) -> None:
    """Writes and commits ledger entries for rows about to be inserted."""
    if not refs:
        return
    host, pid = owner()
    values = [(namespace, scope, r.database, r.table, psycopg2.extras.Json(dict(r.pk)), host, pid, target.environment,
               target.identity) for r in refs]
    with results.transaction() as conn, conn.cursor() as cur:
        psycopg2.extras.execute_values(
            cur, f"INSERT INTO {TABLE} (namespace, scope, database, table_name, pk, owner_host, owner_pid, environment, target)"
            " VALUES %s", values, page_size=1000)


def record_request(results: Database, namespace: str, scope: str, request: ApiRequest, *, target: Target) -> int:
    """Writes and commits an API request that undoes something the scenario created; its entry id."""
    host, pid = owner()
    with results.transaction() as conn, conn.cursor() as cur:
        cur.execute(f"INSERT INTO {TABLE} (namespace, scope, database, table_name, pk, owner_host, owner_pid, environment, target,"
                    " api_request) VALUES (%s, %s, '', '', '{}', %s, %s, %s, %s, %s) RETURNING id",
                    (namespace, scope, host, pid, target.environment, target.identity,
                     psycopg2.extras.Json(request.model_dump(mode="json"))))
        return int(cur.fetchone()[0])


def _select(results: Database, kind: str, namespace: str, scope: str | None, target: Target | None) -> list[dict[str, Any]]:
    query = f"SELECT * FROM {TABLE} WHERE namespace = %s AND {kind}" + (" AND scope = %s" if scope is not None else "")
    params: list[str] = [namespace] if scope is None else [namespace, scope]
    if target is not None:
        query += f" AND {WHERE_TARGET}"
        params += target.params()
    return fetch_all(results, query + " ORDER BY id", params)


def entries(results: Database, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[LedgerEntry]:
    """The namespace's rows (of one scope, or all; of one target, or any), oldest first."""
    return [LedgerEntry(r["id"], r["namespace"], r["scope"], RowRef.of(r["database"], r["table_name"], r["pk"]),
                        r["owner_host"], r["owner_pid"], r["heartbeat"]) for r in _select(results, ROWS_ONLY, namespace, scope, target)]


def requests(results: Database, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[RequestEntry]:
    """The namespace's API requests (of one scope, or all), oldest first."""
    return [RequestEntry(r["id"], r["namespace"], r["scope"], ApiRequest.model_validate(r["api_request"]))
            for r in _select(results, f"NOT {ROWS_ONLY}", namespace, scope, target)]


def remove(results: Database | Connection, ids: Iterable[EntryId]) -> int:
    ids = list(ids)
    return execute(results, f"DELETE FROM {TABLE} WHERE id = ANY(%s)", (ids,)) if ids else 0


def remove_refs(results: Database, namespace: str, refs: Iterable[RowRef]) -> int:
    """Forgets entries whose insert failed (the row never existed), in one statement."""
    refs = list(refs)
    if not refs:
        return 0
    return execute(results, f"""
        DELETE FROM {TABLE} WHERE namespace = %s AND (database, table_name, pk) IN (
            SELECT * FROM unnest(%s::text[], %s::text[], %s::jsonb[]))""",
                   (namespace, [r.database for r in refs], [r.table for r in refs], [json.dumps(dict(r.pk)) for r in refs]))


def touch(results: Database, namespace: str) -> int:
    """The heartbeat: proves the owner is alive to sweepers on other hosts."""
    return execute(results, f"UPDATE {TABLE} SET heartbeat = now() WHERE namespace = %s", (namespace,))


def database_now(results: Database) -> dt.datetime:
    """The database's clock: heartbeats are compared with it, never with this host's clock."""
    return fetch_value(results, "SELECT now()")  # type: ignore[no-any-return]


def namespaces(results: Database, target: Target) -> list[NamespaceState]:
    """The namespaces holding entries of ``target`` (never another environment's or target's)."""
    rows = fetch_all(results, f"""
        SELECT namespace, array_agg(DISTINCT owner_host || ' ' || owner_pid) AS owners, max(heartbeat) AS last, count(*) AS n
        FROM {TABLE} WHERE {WHERE_TARGET} GROUP BY namespace ORDER BY namespace""", target.params())
    return [NamespaceState(r["namespace"], tuple((o.rsplit(" ", 1)[0], int(o.rsplit(" ", 1)[1])) for o in r["owners"]),
                           r["last"], int(r["n"])) for r in rows]


class NamespaceClaim:
    """A session advisory lock on a namespace, held on a dedicated connection while the run lives.

    PostgreSQL drops the lock when the connection ends, including when the process is killed,
    which is the most reliable "owner alive" signal there is.
    """

    def __init__(self, results: Database, namespace: str) -> None:
        self.results, self.namespace = results, namespace
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        """Takes the lock without waiting; False when another session holds it."""
        conn = psycopg2.connect(self.results.dsn, application_name=f"jump-claim {self.namespace}", connect_timeout=10)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", (LOCK_CLASS, self.namespace))
            taken = bool(cur.fetchone()[0])
        if not taken:
            conn.close()
            return False
        self._conn = conn
        return True

    def acquire_or_fail(self) -> NamespaceClaim:
        if not self.acquire():
            raise NamespaceInUse(f"namespace {self.namespace} is owned by another live process")
        return self

    @property
    def held(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def release(self) -> None:
        if self._conn is not None and not self._conn.closed:
            self._conn.close()  # closing the session releases its advisory locks
        self._conn = None
