"""Errors of the database layer, as one tree under the framework's JumpError.

    JumpError
    └── DatabaseError             support.db: something about a database went wrong on purpose
        ├── PoolExhausted         no pooled connection became free within the wait
        ├── UnsafeQueryError      run_read_only_query refused the SQL (not one SELECT / WITH)
        └── CatalogError          a table or column the caller named is not in the catalog

psycopg2's own errors (constraint violations, syntax errors) pass through unchanged: a check
that expects a constraint to fire needs the precise ``psycopg2.errors`` class.
"""

from __future__ import annotations

from support.errors import JumpError


class DatabaseError(JumpError):
    """Base of the database layer's deliberate errors."""


class PoolExhausted(DatabaseError):
    """Every connection of a pool stayed in use for longer than the caller would wait."""


class UnsafeQueryError(DatabaseError):
    """SQL handed to the read-only runner that is not a single SELECT or WITH statement."""


class CatalogError(DatabaseError):
    """A table or column that the database's catalog does not have."""
