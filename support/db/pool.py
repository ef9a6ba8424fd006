"""Connection pools, one per database, with transactions that cannot be left half open.

Steps, factories and checks share a process-wide pool per database so a run opens a handful of
connections instead of one per query; the in-use count is visible (SRS DB-001.4) because a leak
shows up there long before PostgreSQL refuses connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeAlias

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras
from psycopg2.pool import ThreadedConnectionPool

from support.db.errors import DatabaseError, DatabaseUnreachable, PoolExhausted
from support.db.target import target_identity
from support.errors import ReadOnlyRefused

Connection: TypeAlias = psycopg2.extensions.connection
APPLICATION_NAME = "jump-testing-framework"
DATABASE_NAMES = ("events", "inventory", "results")  # the Jump platform's (the default target's)
PLATFORM_DATABASES = ("events", "inventory")
RESULTS = "results"  # the framework's own store: ledger, namespace claims, run history
DEFAULT_SCHEMAS = ("public",)


@dataclass(frozen=True)
class PoolStats:
    """A moment's view of one pool: what is lent out, what waits idle, the high-water mark."""

    database: str
    minconn: int
    maxconn: int
    in_use: int
    idle: int
    peak_in_use: int
    checkouts: int


class _Pool(ThreadedConnectionPool):
    """ThreadedConnectionPool whose new connections return uuid columns as uuid.UUID."""

    def _connect(self, key: Any = None) -> Connection:
        conn = super()._connect(key)
        psycopg2.extras.register_uuid(conn_or_curs=conn)
        return conn

    @property
    def idle_count(self) -> int:
        return len(self._pool)


class Database:
    """One PostgreSQL database: a named, lazily opened, thread-safe connection pool.

    ``maxconn`` bounds the connections; a caller beyond it waits up to ``wait_s`` for one to come
    back instead of failing at once, which is what parallel threads in one worker need.
    ``minconn`` connections open up front and stay idle between uses (psycopg2 closes a returned
    connection beyond that number).

    ``schemas`` are the PostgreSQL schemas holding its tables, set as the sessions' search_path so
    every query (and the catalog) finds them by their plain names.

    ``read_only_env`` names the read-only environment this database belongs to: every session it
    opens then has ``default_transaction_read_only`` on, so PostgreSQL itself refuses any write,
    and such a refusal comes out of :meth:`transaction` as :class:`ReadOnlyRefused`.
    """

    def __init__(
        self, name: str, dsn: str, *, minconn: int = 2, maxconn: int = 8, wait_s: float = 30.0,
        statement_timeout_ms: int | None = 60_000, read_only_env: str | None = None,
        schemas: Sequence[str] = DEFAULT_SCHEMAS,
    ) -> None:
        if minconn < 0 or maxconn < 1:
            raise DatabaseError(f"database {name}: pool sizes need minconn >= 0 and maxconn >= 1")
        self.name, self.dsn = name, dsn
        self.schemas = tuple(schemas)  # where its tables live; the sessions' search_path
        self.minconn, self.maxconn, self.wait_s = min(minconn, maxconn), maxconn, wait_s
        self._connect_kwargs: dict[str, Any] = {"application_name": APPLICATION_NAME, "connect_timeout": 10}
        self.read_only_env = read_only_env
        options = [f"-c statement_timeout={statement_timeout_ms}"] if statement_timeout_ms else []
        if self.schemas != DEFAULT_SCHEMAS:  # unqualified table names in every query find the target's schemas
            options.append(f"-c search_path={','.join(self.schemas)}")
        if read_only_env:
            options.append("-c default_transaction_read_only=on")
        if options:
            self._connect_kwargs["options"] = " ".join(options)
        self._pool: _Pool | None = None
        self._slots = threading.BoundedSemaphore(maxconn)
        self._lock = threading.Lock()
        self._in_use = self._peak = self._checkouts = 0

    def __repr__(self) -> str:
        return f"Database({self.name!r}, in_use={self._in_use}/{self.maxconn})"

    def _unreachable(self, exc: psycopg2.Error) -> DatabaseUnreachable:
        """psycopg2's connection failure as the tree's error (names the database, never the DSN's password)."""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return DatabaseUnreachable(f"database {self.name} unreachable: {first}: check databases.{self.name} and that PostgreSQL runs")

    def _ensure_pool(self) -> _Pool:
        with self._lock:
            if self._pool is None:
                try:
                    self._pool = _Pool(self.minconn, self.maxconn, self.dsn, **self._connect_kwargs)
                except psycopg2.OperationalError as exc:
                    raise self._unreachable(exc) from exc
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Lends a connection; whatever transaction it is left in is rolled back on return."""
        pool = self._ensure_pool()
        if not self._slots.acquire(timeout=self.wait_s):
            raise PoolExhausted(f"database {self.name}: all {self.maxconn} connections stayed in use for {self.wait_s:.0f}s")
        try:
            conn = pool.getconn()
        except psycopg2.OperationalError as exc:
            self._slots.release()
            raise self._unreachable(exc) from exc
        except BaseException:
            self._slots.release()
            raise
        self._track(+1)
        try:
            yield conn
        finally:
            broken = bool(conn.closed)
            if not broken and conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
                try:
                    conn.rollback()
                except psycopg2.Error:
                    broken = True
            pool.putconn(conn, close=broken)
            self._track(-1)
            self._slots.release()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.connection() as conn:
            try:
                yield conn
                conn.commit()
            except psycopg2.errors.ReadOnlySqlTransaction as exc:
                if not conn.closed:
                    conn.rollback()
                if not self.read_only_env:  # e.g. a standby server: PostgreSQL's own words say it best
                    raise
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise ReadOnlyRefused(self.read_only_env, f"a write to database {self.name}: {first}") from exc
            except BaseException:
                if not conn.closed:
                    conn.rollback()
                raise

    @contextmanager
    def read_only(self, *, repeatable_read: bool = False) -> Iterator[Connection]:
        """A READ ONLY transaction (optionally REPEATABLE READ: one consistent view of all tables)."""
        isolation = "ISOLATION LEVEL REPEATABLE READ, " if repeatable_read else ""
        with self.connection() as conn:
            with conn.cursor() as cur:
                cur.execute(f"SET TRANSACTION {isolation}READ ONLY")
            try:
                yield conn
            finally:
                if not conn.closed:
                    conn.rollback()

    def _track(self, delta: int) -> None:
        with self._lock:
            self._in_use += delta
            if delta > 0:
                self._checkouts += 1
                self._peak = max(self._peak, self._in_use)

    def stats(self) -> PoolStats:
        with self._lock:
            idle = self._pool.idle_count if self._pool else 0
            return PoolStats(self.name, self.minconn, self.maxconn, self._in_use, idle, self._peak, self._checkouts)

    def close(self) -> None:
        """Closes every connection; the next use opens a fresh pool."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.closeall()


class Databases:
    """The databases a run talks to: the target's own, under any names, and ``results``, the framework's store.

    Jump's platform has ``events`` and ``inventory``; another target names its own (``library``).
    They know which environment they belong to and the target's identity (a hash of where the
    target's databases live): the test-data ledger records both, so a sweep only ever touches
    rows of its own environment and target. In a read-only environment the target's databases
    refuse writes (see :class:`Database`), and :meth:`refuse_writes` lets the data commands say no
    before they start.
    """

    def __init__(self, named: Mapping[str, Database], results: Database | None, *,
                 environment: str = "local", read_only: bool = False) -> None:
        self.named = dict(named)
        self._results = results
        self.environment, self.read_only = environment, read_only
        self.target = target_identity({name: db.dsn for name, db in self.named.items()})

    @classmethod
    def from_dsns(cls, dsns: Mapping[str, str], *, minconn: int = 2, maxconn: int = 8, wait_s: float = 30.0,
                  environment: str = "local", read_only: bool = False,
                  schemas: Mapping[str, Sequence[str]] | None = None) -> Databases:
        """Builds the registry from ``{"events": dsn, "inventory": dsn, "results": dsn}`` (any names;
        ``results`` is the framework's own store, optional). ``schemas`` gives a database's
        PostgreSQL schemas (search_path order; default public).

        With ``read_only`` the target's databases open read-only sessions; the results database
        is the framework's own store and stays writable (run history).
        """
        empty = [name for name, dsn in dsns.items() if not dsn]
        if empty:
            raise DatabaseError(f"no DSN for database(s): {', '.join(empty)}")
        named = {name: Database(name, dsn, minconn=minconn, maxconn=maxconn, wait_s=wait_s,
                                read_only_env=environment if read_only else None,
                                schemas=tuple((schemas or {}).get(name) or DEFAULT_SCHEMAS))
                 for name, dsn in dsns.items() if name != RESULTS}
        results = Database(RESULTS, dsns[RESULTS], minconn=minconn, maxconn=maxconn, wait_s=wait_s) if dsns.get(RESULTS) else None
        return cls(named, results, environment=environment, read_only=read_only)

    @property
    def has_results(self) -> bool:
        return self._results is not None

    @property
    def results(self) -> Database:
        if self._results is None:
            raise DatabaseError(f"environment {self.environment} has no results database (databases.results): "
                                "test:generate's --insert and --cleanup need one (runs keep their test-data ledger in "
                                "a file without one, data_factories/ledger_store.py)")
        return self._results

    @property
    def events(self) -> Database:
        return self["events"]

    @property
    def inventory(self) -> Database:
        return self["inventory"]

    def refuse_writes(self, action: str) -> None:
        """Raises :class:`ReadOnlyRefused` naming ``action`` when the environment is read-only."""
        if self.read_only:
            raise ReadOnlyRefused(self.environment, action)

    def __getitem__(self, name: str) -> Database:
        if name == RESULTS and self._results is not None:
            return self._results
        if name not in self.named:
            known = ", ".join(self.named) or "none"
            raise DatabaseError(f"this environment has no database {name!r} (its databases: {known})")
        return self.named[name]

    def __contains__(self, name: object) -> bool:
        return name in self.named

    def all(self) -> list[Database]:
        return [*self.named.values(), *([self._results] if self._results is not None else [])]

    def platform(self) -> list[Database]:
        """The system under test's databases (the results database is the framework's own)."""
        return list(self.named.values())

    def stats(self) -> dict[str, PoolStats]:
        return {db.name: db.stats() for db in self.all()}

    def close(self) -> None:
        for db in self.all():
            db.close()


def wait_for(database: Database, timeout_s: float = 30.0) -> None:
    """Blocks until the database accepts a query (stack start-up, CI services)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with database.connection() as conn, conn.cursor() as cur:
                cur.execute("SELECT 1")
                return
        except (psycopg2.OperationalError, DatabaseUnreachable) as exc:
            if time.monotonic() > deadline:
                raise DatabaseUnreachable(f"database {database.name} not reachable after {timeout_s:.0f}s: {exc}") from exc
            time.sleep(0.2)
