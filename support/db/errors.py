"""The database layer's errors: defined in the framework's one tree (support/errors.py), re-exported here.

psycopg2's own errors (constraint violations, syntax errors) pass through unchanged: a check
that expects a constraint to fire needs the precise ``psycopg2.errors`` class. Connection
failures become ``DatabaseUnreachable`` where the pool connects (support/db/pool.py).
"""

from support.errors import CatalogError, DatabaseError, DatabaseUnreachable, PoolExhausted, UnsafeQueryError

__all__ = ["CatalogError", "DatabaseError", "DatabaseUnreachable", "PoolExhausted", "UnsafeQueryError"]
