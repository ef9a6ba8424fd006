"""Gherkin tables as typed values: variables for a request, expected rows for a query.

A cell is read the way a QA engineer would write it in a spreadsheet: ``null``, ``true``,
``false``, numbers and JSON objects or lists are typed; anything else is text, and ``"42"`` in
quotes is the text 42. Database values are compared by their meaning, not their Python type:
a Decimal 50.00 equals the cell ``50``, a UUID equals its text, a timestamp its ISO form.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from support.errors import TableError

NUMBER_CHARS = set("0123456789.-+eE")


def parse_cell(text: str) -> Any:
    """A cell's typed value: None, bool, int, Decimal, dict/list (JSON) or str."""
    cell = text.strip()
    if cell == "null":
        return None
    if cell in ("true", "false"):
        return cell == "true"
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1]
    if cell[:1] in ("{", "["):
        try:
            return json.loads(cell)
        except ValueError:
            return cell
    if cell and set(cell) <= NUMBER_CHARS and any(c.isdigit() for c in cell):
        try:
            number = Decimal(cell)
        except InvalidOperation:
            return cell
        return int(number) if number == number.to_integral_value() and "." not in cell and "e" not in cell.lower() else number
    return cell


def json_ready(value: Any) -> Any:
    """Decimal -> float or int, so a parsed cell can be sent as a JSON variable."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def nested_variables(rows: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``| input.eventId | 42 |`` rows -> ``{"input": {"eventId": 42}}`` (dotted names nest)."""
    out: dict[str, Any] = {}
    for row in rows:
        if len(row) != 2:
            raise TableError(f"a variables table has two columns | name | value |, got {list(row)}")
        name, value = row
        *parents, leaf = name.strip().split(".")
        target = out
        for key in parents:
            child = target.setdefault(key, {})
            if not isinstance(child, dict):
                raise TableError(f"variable {name!r}: {key!r} already holds a value, it cannot also hold fields")
            target = child
        target[leaf] = json_ready(parse_cell(value))
    return out


def normalise(value: Any) -> Any:
    """A database or JSON value in the form cells are compared with."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def cell_matches(actual: Any, cell: str) -> bool:
    """Whether a database or JSON value is what the cell says."""
    expected, value = parse_cell(cell), normalise(actual)
    if value is None or expected is None:
        return value is expected
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    if isinstance(value, (int, Decimal)) and isinstance(expected, (int, Decimal)):
        return Decimal(value) == Decimal(expected)
    if isinstance(value, (dict, list)):
        return value == expected
    return str(value) == (expected if isinstance(expected, str) else cell.strip())


def compare_rows(actual: Sequence[Mapping[str, Any]], headings: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Differences between query rows and an expected table (in order; only the table's columns).

    Returns readable lines, empty when they agree; a column the query did not return is an error.
    """
    if actual:
        missing = [h for h in headings if h not in actual[0]]
        if missing:
            raise TableError(f"the query returned no column {', '.join(missing)} (it has {', '.join(actual[0])})")
    problems = []
    if len(actual) != len(rows):
        problems.append(f"expected {len(rows)} row(s), got {len(actual)}")
    for number, (got, want) in enumerate(zip(actual, rows, strict=False), start=1):
        wrong = [f"{h}: expected {cell}, got {render(got[h])}" for h, cell in zip(headings, want, strict=True)
                 if not cell_matches(got[h], cell)]
        if wrong:
            problems.append(f"row {number}: " + "; ".join(wrong))
    return problems


def render(value: Any) -> str:
    """A value as a table cell would spell it."""
    value = normalise(value)
    if value is None or isinstance(value, bool) or isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(value)


def as_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a Gherkin table, to paste into a feature when a comparison fails."""
    if not rows:
        return "(no rows)"
    names = list(columns or rows[0].keys())
    cells = [names] + [[render(r.get(c)) for c in names] for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(names))]
    return "\n".join("| " + " | ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)) + " |" for line in cells)
