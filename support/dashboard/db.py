"""The dashboard's connection pool to the results database (accounts, sessions, audit, history).

One pool per server: a page costs a borrowed connection, not a TCP + authentication round trip
(HistoryStore opens one per call, which is fine for a CLI but not for 100 people browsing).
The schema is the history's (``jump_history``), migrated by HistoryStore.migrate().
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2
import psycopg2.extras
import psycopg2.pool

from support.results.store import DEFAULT_SCHEMA, HistoryStore


class PooledHistory(HistoryStore):
    """The history's queries (support/results/store.py) on the dashboard's pooled connections."""

    def __init__(self, dsn: str, schema: str, database: Database) -> None:
        super().__init__(dsn, schema=schema)
        self.database = database

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        with self.database.cursor() as cur:
            yield cur


class KeepingPool(psycopg2.pool.ThreadedConnectionPool):
    """A thread-safe pool that keeps up to ``maxconn`` idle connections, opened on demand.

    psycopg2's own pool closes every connection handed back while ``minconn`` are idle, so with
    ``minconn=1`` every request beyond the first at a time paid a new connection (TCP + authentication);
    the profile under 100 users showed it. Hand-written because psycopg2 has no option for it."""

    def _putconn(self, conn: Any, key: Any = None, close: bool = False) -> None:
        keep, self.minconn = self.minconn, self.maxconn  # putconn holds the pool's lock around this call
        try:
            super()._putconn(conn, key, close)
        finally:
            self.minconn = keep


class Database:
    def __init__(self, dsn: str, *, schema: str = DEFAULT_SCHEMA, max_connections: int = 16) -> None:
        self.history = PooledHistory(dsn, schema, self)  # validates the schema name; runs the migrations
        self.schema = schema
        self._pool = KeepingPool(
            1, max_connections, dsn, connect_timeout=5, options=f"-c search_path={schema},public")
        self._slots = threading.BoundedSemaphore(max_connections)  # wait for a free connection instead of failing

    def migrate(self) -> list[str]:
        return HistoryStore(self.history.dsn, schema=self.schema).migrate()

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A dict cursor in one transaction (committed on success, rolled back on error)."""
        with self._slots:
            conn = self._pool.getconn()
            try:
                with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                    yield cur
            finally:
                self._pool.putconn(conn, close=conn.closed != 0)

    def close(self) -> None:
        self._pool.closeall()
