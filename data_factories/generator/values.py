"""Column values from a column's type and facts, a whole column at a time.

Numbers, times and UUIDs come straight from the table's seeded ``random.Random``; text comes from
text.py (Faker pools, patterns). Values are kept in their JSON form (uuid, timestamps and dates as
ISO text, json as dicts), which is also what --output writes and what COPY is fed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import Any

from data_factories.generator.batching import UniqueRun
from data_factories.generator.context import Context
from data_factories.generator.errors import UnsupportedCheck
from data_factories.generator.facts import ColumnFacts
from data_factories.generator.text import text_values
from support.db.catalog import Column

NULL_RATE = 0.1  # share of NULLs in a nullable column no fact forces either way
INT_SPAN = 10_000  # width of an integer range with only one (or no) bound
EPOCH = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # fixed, not now(): output depends on the seed only
TIME_SPAN_S = 2 * 365 * 86_400
INT_TYPES = ("smallint", "integer", "bigint")
TEXT_TYPES = ("text", "character varying", "character", "varchar", "char")
TIME_TYPES = ("timestamp with time zone", "timestamp without time zone", "date")
_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # RFC 4122 variant bits


def base_type(sql_type: str) -> str:
    """``character varying(40)`` -> ``character varying``; ``numeric(10,2)`` -> ``numeric``."""
    return sql_type.split("(", 1)[0].strip()


def type_length(sql_type: str) -> tuple[int | None, bool]:
    """(declared length, fixed?) of ``varchar(n)`` / ``char(n)``; ``(None, False)`` for text."""
    m = re.search(r"\((\d+)\)", sql_type)
    if not m or base_type(sql_type) not in TEXT_TYPES:
        return None, False
    return int(m.group(1)), base_type(sql_type) in ("character", "char")


def uuids(rng: random.Random, n: int) -> list[str]:
    """Version-4-shaped UUID text from the seeded Random (uuid.uuid4 reads os.urandom: not reproducible).

    One ``randbytes`` call and string slicing: about four times faster than ``uuid.UUID(int=...)`` per row.
    """
    h = rng.randbytes(16 * n).hex()
    return [f"{h[o:o + 8]}-{h[o + 8:o + 12]}-4{h[o + 13:o + 16]}-{_VARIANT[h[o + 16]]}{h[o + 17:o + 20]}-{h[o + 20:o + 32]}"
            for o in range(0, 32 * n, 32)]


def int_range(facts: ColumnFacts) -> tuple[int, int]:
    low: int | None = None
    high: int | None = None
    for op, v in facts.bounds:
        if op in ("ge", "gt"):
            bound = int(v) + (op == "gt")
            low = bound if low is None else max(low, bound)
        else:
            bound = int(v) - (op == "lt")
            high = bound if high is None else min(high, bound)
    if low is None:
        low = 0 if high is None or high >= 0 else high - INT_SPAN
    return low, high if high is not None else low + INT_SPAN


def literal(column: Column, value: Any) -> Any:
    """A literal (default, IN list member) in the column's JSON form."""
    if value is not None and base_type(column.sql_type) in ("json", "jsonb") and isinstance(value, str):
        return json.loads(value)
    return value


def shift(sql_type: str, value: Any, amount: int) -> Any:
    """``value`` moved by ``amount`` units (integers: 1, times: an hour, dates: a day); relation solving."""
    kind = base_type(sql_type)
    if kind == "date":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=amount)).isoformat()
    if kind in TIME_TYPES:
        return (dt.datetime.fromisoformat(value) + dt.timedelta(hours=amount)).isoformat()
    return value + amount


def values(where: str, column: Column, facts: ColumnFacts, n: int, ctx: Context, rng: random.Random, *,
           unique: bool = False, run: UniqueRun | None = None) -> list[Any]:
    """``n`` non-NULL values of ``column`` meeting ``facts``; ``where`` (table.column) names it in errors."""
    kind = base_type(column.sql_type)
    if facts.allowed is not None:
        options = [literal(column, v) for v in facts.allowed]
        return [options[0]] * n if len(options) == 1 else rng.choices(options, k=n)
    if kind == "uuid":
        return uuids(rng, n)
    if kind in INT_TYPES:
        low, high = int_range(facts)
        if low > high:
            raise UnsupportedCheck(f"{where}: no integer satisfies {facts.bounds}")
        return [rng.randint(low, high) for _ in range(n)]
    if kind in ("numeric", "double precision", "real"):
        low, high = int_range(facts)
        return [round(rng.uniform(low, high), 2) for _ in range(n)]
    if kind == "boolean":
        return [rng.random() < 0.5 for _ in range(n)]
    if kind in TIME_TYPES:
        stamps = [EPOCH + dt.timedelta(seconds=rng.randrange(TIME_SPAN_S)) for _ in range(n)]
        if kind == "date":
            return [s.date().isoformat() for s in stamps]
        return [s.isoformat() if kind.endswith("with time zone") else s.replace(tzinfo=None).isoformat() for s in stamps]
    if kind in ("json", "jsonb"):
        return [[] if facts.json_type == "array" else {} for _ in range(n)]
    if kind in TEXT_TYPES:
        cap, fixed = type_length(column.sql_type)
        return text_values(where, column.name, facts, n, ctx, rng, cap=cap, fixed=fixed, unique=unique, run=run)
    raise UnsupportedCheck(f"{where}: no generator for type {column.sql_type}")
