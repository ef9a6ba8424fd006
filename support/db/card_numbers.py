"""Where in the platform's databases a card number is stored: every text and JSON column of every table.

A full scan by design: PCI DSS forbids a primary account number anywhere at rest, not only in the
columns meant for payments. Meant for test databases after a scenario that typed a card number
(a production database would be scanned by its own DLP tooling, not by acceptance tests).
"""

from __future__ import annotations

from collections import defaultdict

from psycopg2 import sql

from support.db.pool import Databases
from support.db.queries import fetch_all, fetch_value

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")
COLUMNS = sql.SQL(
    "SELECT table_schema, table_name, column_name FROM information_schema.columns"
    " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND data_type = ANY(%s)"
    " ORDER BY table_schema, table_name, column_name")


def places_holding(databases: Databases, digits: str) -> list[str]:
    """``database.schema.table.column`` of every value that holds ``digits`` once spaces, dashes and
    other separators are taken out ("4111 1111-1111 1111" is found as 4111111111111111)."""
    found: list[str] = []
    for name in ("events", "inventory"):
        with databases[name].read_only() as conn:
            tables: dict[tuple[str, str], list[str]] = defaultdict(list)
            for row in fetch_all(conn, COLUMNS, (list(TEXT_TYPES),)):
                tables[(row["table_schema"], row["table_name"])].append(row["column_name"])
            for (schema, table), columns in tables.items():
                for column in columns:
                    query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {}.{} WHERE regexp_replace({}::text, '[^0-9]', '', 'g')"
                                    " LIKE %s)").format(sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column))
                    if fetch_value(conn, query, (f"%{digits}%",)):
                        found.append(f"{name}.{schema}.{table}.{column}")
    return found
