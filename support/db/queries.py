"""Small query helpers returning plain dicts, and the guarded runner behind QA-written SQL steps.

Every helper takes either a :class:`Database` (it then runs in its own transaction) or an open
connection (it then joins the caller's transaction), so several statements can share one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeAlias

import psycopg2.errors
import psycopg2.extras
from psycopg2 import sql as pgsql

from support.db.errors import UnsafeQueryError
from support.db.pool import Connection, Database

Executor: TypeAlias = Database | Connection
Params: TypeAlias = Sequence[Any] | Mapping[str, Any] | None
Query: TypeAlias = str | pgsql.Composable
READ_ONLY_KEYWORDS = ("select", "with")


@contextmanager
def _cursor(executor: Executor, *, dicts: bool = True) -> Iterator[Any]:
    factory = psycopg2.extras.RealDictCursor if dicts else None
    if isinstance(executor, Database):
        with executor.transaction() as conn, conn.cursor(cursor_factory=factory) as cur:
            yield cur
    else:
        with executor.cursor(cursor_factory=factory) as cur:
            yield cur


def fetch_all(executor: Executor, query: Query, params: Params = None) -> list[dict[str, Any]]:
    """All rows as dicts keyed by column name."""
    with _cursor(executor) as cur:
        cur.execute(query, params)
        return [dict(row) for row in cur.fetchall()]


def fetch_one(executor: Executor, query: Query, params: Params = None) -> dict[str, Any] | None:
    """The first row, or None when there is none."""
    with _cursor(executor) as cur:
        cur.execute(query, params)
        row = cur.fetchone()
        return dict(row) if row is not None else None


def fetch_value(executor: Executor, query: Query, params: Params = None) -> Any:
    """The first column of the first row (None when there is no row): counts, sums, existence."""
    with _cursor(executor, dicts=False) as cur:
        cur.execute(query, params)
        row = cur.fetchone()
        return row[0] if row is not None else None


def execute(executor: Executor, query: Query, params: Params = None) -> int:
    """Runs a statement; returns the number of rows it touched."""
    with _cursor(executor, dicts=False) as cur:
        cur.execute(query, params)
        return int(cur.rowcount)


def run_read_only_query(
    database: Database, query: str, params: Params = None, *, max_rows: int = 10_000, timeout_ms: int = 15_000,
) -> list[dict[str, Any]]:
    """Runs SQL a QA engineer wrote in a step: one SELECT / WITH statement, in a READ ONLY transaction.

    The text check gives a clear message; the READ ONLY transaction is what actually guarantees
    that nothing is written (a data-modifying CTE or a volatile function is refused by PostgreSQL).
    """
    statement = single_statement(query)
    first = statement.split(None, 1)[0].lower() if statement else ""
    if first not in READ_ONLY_KEYWORDS:
        raise UnsafeQueryError(f"only a SELECT or WITH query may run here, not {first.upper() or 'an empty statement'}")
    with database.read_only() as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SET LOCAL statement_timeout = %s", (int(timeout_ms),))
        try:
            cur.execute(query, params)
        except psycopg2.errors.ReadOnlySqlTransaction as exc:
            raise UnsafeQueryError(f"the query tried to write or lock rows: {str(exc).strip()}") from exc
        rows = cur.fetchmany(max_rows + 1)
    if len(rows) > max_rows:
        raise UnsafeQueryError(f"the query returned more than {max_rows} rows; narrow it down (WHERE / LIMIT)")
    return [dict(row) for row in rows]


def single_statement(query: str) -> str:
    """The statement's text without comments; raises UnsafeQueryError when there is more than one.

    A tokenizer rather than ``split(';')`` because semicolons are legal inside string literals,
    quoted identifiers, dollar-quoted bodies and comments.
    """
    out: list[str] = []
    i, n, ended = 0, len(query), False
    while i < n:
        ch = query[i]
        if query.startswith("--", i):
            end = query.find("\n", i)
            i = n if end < 0 else end
            out.append(" ")
            continue
        if query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise UnsafeQueryError("unterminated /* comment")
            i = end + 2
            out.append(" ")
            continue
        if ended and not ch.isspace():
            raise UnsafeQueryError("only one statement may run at a time (found text after ';')")
        if ch == ";":
            ended = True
            i += 1
            continue
        if ch in ("'", '"'):
            end = _quoted_end(query, i, ch)
        elif ch == "$" and (tag := _dollar_tag(query, i)):
            close = query.find(tag, i + len(tag))
            if close < 0:
                raise UnsafeQueryError(f"unterminated dollar-quoted string {tag}")
            end = close + len(tag)
        else:
            end = i + 1
        out.append(query[i:end])
        i = end
    return "".join(out).strip()


def _quoted_end(query: str, start: int, quote: str) -> int:
    i = start + 1
    while True:
        j = query.find(quote, i)
        if j < 0:
            raise UnsafeQueryError(f"unterminated {quote} quote")
        if query.startswith(quote * 2, j):  # doubled quote is an escaped quote
            i = j + 2
            continue
        return j + 1


def _dollar_tag(query: str, start: int) -> str | None:
    end = query.find("$", start + 1)
    if end < 0:
        return None
    tag = query[start : end + 1]
    inner = tag[1:-1]
    if inner == "" or (inner.replace("_", "a").isalnum() and not inner[0].isdigit()):
        return tag
    return None
