"""Generated rows into PostgreSQL with COPY: serialised per table (or per batch of a streamed table)
into an in-memory buffer, loaded with psycopg2's ``copy_expert``, one transaction per database.

COPY rather than INSERT because at 100,000 rows the round trips and per-statement parsing of
INSERT dominate; text format because the values are already text (UUIDs, ISO times) or trivially
turned into it, a column at a time.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from psycopg2 import sql

from data_factories.generator.dataset import Dataset, TableData
from data_factories.generator.values import INT_TYPES, TIME_TYPES, base_type
from support.db.catalog import Catalog
from support.db.pool import Databases

TableKey = tuple[str, str]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
PLAIN_TYPES = ("uuid", "boolean", "numeric", "double precision", "real", *INT_TYPES, *TIME_TYPES)


def _text(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":")).translate(_ESCAPES)
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)


def _column_text(values: list[Any], sql_type: str) -> list[str]:
    """One column as COPY text; types whose text never holds a tab, newline or backslash skip the escaping."""
    kind = base_type(sql_type)
    if kind in PLAIN_TYPES and None not in values:  # the common case, done in C: no per-value Python
        return values if kind == "uuid" or kind in TIME_TYPES else list(map(str, values))
    if kind in PLAIN_TYPES:
        return [NULL if v is None else v if isinstance(v, str) else str(v) for v in values]
    if all(type(v) is str for v in values):
        return [v.translate(_ESCAPES) for v in values]
    return [_text(v) for v in values]


def copy_buffer(table: TableData, types: Mapping[str, str]) -> io.StringIO:
    """The table's rows in COPY text format (``types``: column -> SQL type, from the catalog)."""
    columns = [_column_text(table.data[c], types[c]) for c in table.columns]
    buffer = io.StringIO()
    buffer.write("\n".join(map("\t".join, zip(*columns, strict=True))))
    buffer.write("\n")
    buffer.seek(0)
    return buffer


def copy_buffers(dataset: Dataset, catalogs: Mapping[str, Catalog]) -> list[tuple[TableData, io.StringIO]]:
    """Every table's COPY buffer, in the dataset's (dependency) order."""
    out = []
    for t in dataset.tables:
        if t.count:
            types = {c.name: c.sql_type for c in catalogs[t.database].table(t.table).columns}
            out.append((t, copy_buffer(t, types)))
    return out


def database_order(dataset: Dataset, parents_first: Iterable[str]) -> list[str]:
    return ordered_databases({t.database for t in dataset.tables}, parents_first)


def ordered_databases(present: set[str], parents_first: Iterable[str]) -> list[str]:
    order = list(parents_first)
    return [d for d in order if d in present] + sorted(present - set(order))


def copy_in(databases: Databases, buffers: list[tuple[TableData, io.StringIO]], db_order: list[str]) -> dict[str, float]:
    """COPYs each database's tables in dependency order in one transaction; returns seconds per database.

    Databases are committed in ``db_order`` (events before inventory, so a seat never names an
    event that is not there yet); a failure rolls back the database it happened in.
    """
    seconds: dict[str, float] = {}
    for database in db_order:
        mine = [(t, b) for t, b in buffers if t.database == database]
        if not mine:
            continue
        started = time.perf_counter()
        with databases[database].transaction() as conn, conn.cursor() as cur:
            for table, buffer in mine:
                _copy(conn, cur, table, buffer)
        seconds[database] = time.perf_counter() - started
    return seconds


def _copy(conn: Any, cur: Any, table: TableData, buffer: io.StringIO) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.table), sql.SQL(", ").join(sql.Identifier(c) for c in table.columns))
    buffer.seek(0)
    cur.copy_expert(statement.as_string(conn), buffer, size=1 << 20)


def copy_stream(databases: Databases, tables: Sequence[tuple[TableData, Callable[[], Iterable[TableData]]]],
                catalogs: Mapping[str, Catalog], db_order: list[str],
                before_batch: Callable[[TableData], None] | None = None,
                committed: list[str] | None = None) -> dict[str, float]:
    """Like :func:`copy_in`, but each table comes as batches made on demand, one COPY per batch.

    Memory: one batch and its COPY text at a time, however many rows the table has. ``before_batch``
    runs before a batch is sent (ledger entries are written before the rows they name). ``committed``
    gets each database whose transaction committed (after a failure the others hold none of their rows).
    """
    seconds: dict[str, float] = {}
    for database in db_order:
        mine = [(t, make) for t, make in tables if t.database == database]
        if not mine:
            continue
        started = time.perf_counter()
        with databases[database].transaction() as conn, conn.cursor() as cur:
            for header, make in mine:
                types = {c.name: c.sql_type for c in catalogs[database].table(header.table).columns}
                for batch in make():
                    if batch.count:
                        if before_batch is not None:
                            before_batch(batch)
                        _copy(conn, cur, batch, copy_buffer(batch, types))
        if committed is not None:
            committed.append(database)
        seconds[database] = time.perf_counter() - started
    return seconds
