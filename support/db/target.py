"""The identity of a target: which platform databases a run's test data lives in.

The test-data ledger records it with every entry, so that a sweep never deletes rows it did not
create in the databases it is connected to (two environments, or one environment pointed at
another deployment, sharing a results database). Only where the data lives counts (host, port,
database name): user, password and connection options do not change which rows are meant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import psycopg2.extensions


def _location(dsn: str) -> str:
    try:
        parts = psycopg2.extensions.parse_dsn(dsn)
    except psycopg2.ProgrammingError:
        return dsn  # not a DSN psycopg2 understands: the text itself is the best identity there is
    return f"{parts.get('host', '')}:{parts.get('port', '5432')}/{parts.get('dbname', '')}"


def target_identity(dsns: Mapping[str, str]) -> str:
    """A short stable hash of where each named database lives (``{"events": dsn, ...}``)."""
    text = ";".join(f"{name}={_location(dsns[name])}" for name in sorted(dsns))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
