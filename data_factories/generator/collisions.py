"""Generated keys that already exist in the target table: refused before anything is registered or written.

Why: the ledger names rows by key, and the cleanup (after a failed load, or the sweep after a killed one)
deletes what the ledger names, children first. A generated key equal to an existing row's (integer keys
the database hands out itself, such as ``serial``, start at 1 on both sides) would make a target's own
rows look like generated ones. The check looks the keys up through the primary key's index, one query
per batch.
"""

from __future__ import annotations

from psycopg2 import sql
from psycopg2.extras import execute_values

from data_factories.generator.dataset import TableData
from support.db.catalog import Catalog
from support.db.pool import Databases
from support.errors import GenerationError

SHOWN = 3  # keys named in the message


def refuse_existing_keys(databases: Databases, catalogs: dict[str, Catalog], table: TableData) -> None:
    """Raises :class:`GenerationError` naming the table and the first keys when any generated key exists."""
    schema = catalogs[table.database].table(table.table)
    key_columns = schema.primary_key
    if not key_columns or not table.count:
        return
    types = {c.name: c.sql_type for c in schema.columns}
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in key_columns)
    query = sql.SQL("SELECT {cols} FROM {table} JOIN (VALUES %s) AS generated ({cols}) USING ({cols})").format(
        cols=columns, table=sql.Identifier(table.table))
    template = "(" + ", ".join(f"%s::{types[c]}" for c in key_columns) + ")"
    keys = list(zip(*(table.data[c] for c in key_columns), strict=True))
    with databases[table.database].read_only() as conn, conn.cursor() as cur:
        found = execute_values(cur, query.as_string(conn), keys, template=template, page_size=len(keys), fetch=True)
    if found:
        shown = ", ".join(", ".join(f"{c}={v}" for c, v in zip(key_columns, key, strict=True)) for key in sorted(found)[:SHOWN])
        more = ", ..." if len(found) > SHOWN else ""
        raise GenerationError(f"{table.database}.{table.table}: {len(found)} generated key(s) already exist ({shown}{more}):"
                              " nothing was written (the cleanup could not tell generated rows from the table's own)")
