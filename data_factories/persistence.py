"""Writing rows: register in the ledger first, then one INSERT ... RETURNING * per batch.

Catalog-driven, so one function serves every table: it fills client-side UUID keys (the ledger
needs the key before the row exists), refuses columns the table does not have, and adapts JSON
columns. The returned models carry what the database actually stored, defaults included.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import psycopg2
import psycopg2.extras
from psycopg2 import sql

from data_factories.models.base import Row
from data_factories.session import FactorySession, current
from support.clients.masking import mask_data
from support.db.catalog import Table, load_catalog
from support.db.errors import CatalogError
from support.db.queries import fetch_one
from support.plugins.manager import hooks

R = TypeVar("R", bound=Row)
JSON_TYPES = ("json", "jsonb")
PAGE_SIZE = 1000


def table_of(model: type[Row], session: FactorySession | None = None) -> Table:
    session = session or current()
    return load_catalog(session.databases[model.__database__]).table(model.__table__)


def _prepare(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(row) - set(table.column_names))
    if unknown:
        raise CatalogError(f"{table.database}.{table.name} has no column(s) {', '.join(unknown)}")
    out = dict(row)
    for col in table.primary_key:
        if out.get(col) is None and table.column(col).sql_type == "uuid":
            out[col] = uuid.uuid4()
    for col, value in out.items():
        if isinstance(value, (dict, list)) and table.column(col).sql_type in JSON_TYPES:
            out[col] = psycopg2.extras.Json(value)
    return out


def insert(model: type[R], rows: Sequence[Mapping[str, Any]], *, announce: bool = True) -> list[R]:
    """Registers, then inserts rows of one table in one statement; returns them as stored."""
    if not rows:
        return []
    session = current()
    db = session.databases[model.__database__]
    table = table_of(model, session)
    prepared = [_prepare(table, row) for row in rows]
    columns = list(prepared[0])
    if any(list(r) != columns for r in prepared):
        raise ValueError(f"every {table.name} row of one insert needs the same columns")
    refs = session.registry.register_many(db.name, table.name, [{c: r[c] for c in table.primary_key} for r in prepared])
    query = sql.SQL("INSERT INTO {} ({}) VALUES %s RETURNING *").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    try:
        with db.transaction() as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            stored = psycopg2.extras.execute_values(
                cur, query.as_string(conn), [tuple(r[c] for c in columns) for r in prepared], page_size=PAGE_SIZE, fetch=True)
    except psycopg2.Error as exc:
        session.registry.forget(refs)
        exc.add_note(f"while inserting {len(rows)} row(s) into {db.name}.{table.name}")
        raise
    models = [model.model_validate(dict(r)) for r in stored]
    for m in models:
        remember(m, session)
    if announce and len(models) == 1:
        hooks().jump_data_created(entity=model.__name__, data=mask_data(models[0].model_dump(mode="json")))
    return models


def insert_one(model: type[R], row: Mapping[str, Any]) -> R:
    return insert(model, [row])[0]


def remember(row: Row, session: FactorySession | None = None) -> None:
    """Caches a row so that children can read its columns without a query."""
    if row.__key__ == ("id",):
        (session or current()).rows[(row.__table__, str(row.key()["id"]))] = row


def fetch(model: type[R], id_: Any) -> R:
    """The row with primary key ``id_``: from this session's cache, else from the database."""
    session = current()
    cached = session.rows.get((model.__table__, str(id_)))
    if isinstance(cached, model):
        return cached
    found = fetch_one(session.databases[model.__database__],
                      sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(model.__table__)), (str(id_),))
    if found is None:
        raise LookupError(f"no {model.__database__}.{model.__table__} row with id {id_}")
    row = model.model_validate(found)
    remember(row, session)
    return row


def refresh(row: R) -> R:
    """The row as the database holds it now (after the platform changed it)."""
    session = current()
    key = row.key()
    where = sql.SQL(" AND ").join(sql.SQL("{}::text = %s").format(sql.Identifier(c)) for c in key)
    query = sql.SQL("SELECT * FROM {} WHERE {}").format(sql.Identifier(row.__table__), where)
    found = fetch_one(session.databases[row.__database__], query, [str(v) for v in key.values()])
    if found is None:
        raise LookupError(f"{row.__database__}.{row.__table__} {key} no longer exists")
    fresh = type(row).model_validate(found)
    remember(fresh, session)
    return fresh
