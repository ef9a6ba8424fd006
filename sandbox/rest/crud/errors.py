"""Turns PostgreSQL constraint errors into the platform's problems, so bad input is never a 500.

The models catch almost everything first; this is the safety net for what only the database can
know (unique keys, foreign keys, races between two writers) and for CHECKs across columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import asyncpg
from pydantic.alias_generators import to_camel

from sandbox.errors import Conflict, InvalidInput

_KEY = re.compile(r"Key \(([^)]*)\)")


def _field(column: str | None) -> str:
    return to_camel(column) if column else "body"


def _key_columns(error: asyncpg.PostgresError) -> str | None:
    match = _KEY.search(getattr(error, "detail", None) or "")
    return match.group(1) if match else None


def _check_column(error: asyncpg.PostgresError) -> str | None:
    """venue_capacity_check -> capacity; a multi-column CHECK (season_check) names no column."""
    table, constraint = error.table_name or "", error.constraint_name or ""
    column = constraint.removeprefix(f"{table}_").removesuffix("_check")
    return column if column and column != constraint and not column.startswith("check") else None


@contextmanager
def translated(label: str, action: Literal["write", "delete"] = "write") -> Iterator[None]:
    """Maps integrity and data errors of one ``label`` (e.g. "venue") operation to 409 / 422."""
    try:
        yield
    except asyncpg.UniqueViolationError as exc:
        raise Conflict(f"a {label} with the same {_key_columns(exc) or 'key'} already exists: {exc.detail}") from exc
    except asyncpg.ForeignKeyViolationError as exc:
        if action == "delete":
            raise Conflict(f"the {label} is still referenced by {exc.table_name} rows; delete those first") from exc
        column = _key_columns(exc)
        raise InvalidInput(f"{_field(column)} refers to a row that does not exist", field=_field(column)) from exc
    except asyncpg.CheckViolationError as exc:
        field = _field(_check_column(exc))
        raise InvalidInput(f"{label} violates the rule {exc.constraint_name}", field=field) from exc
    except asyncpg.NotNullViolationError as exc:
        raise InvalidInput(f"{_field(exc.column_name)} may not be null", field=_field(exc.column_name)) from exc
    except asyncpg.TransactionRollbackError as exc:  # deadlock or serialization failure: nothing was written
        raise Conflict(f"the {label} changed concurrently; nothing was written, retry the request") from exc
    except asyncpg.DataError as exc:  # out-of-range numbers, NUL bytes, bad encodings
        raise InvalidInput(f"invalid value: {exc}", field="body") from exc
