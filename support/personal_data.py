"""The personal data table (features/security/personal_data.csv): its rows, and the feature made from it.

Kept apart from the journey that reads a fan as each viewer, like ``support.access_matrix``, so
the table can be read and its feature regenerated without the clients and factories.
``python -m support.personal_data`` regenerates the feature.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from support.review_tables import bad_cell, regenerate

TABLE_FILE = Path(__file__).resolve().parents[1] / "features" / "security" / "personal_data.csv"
FEATURE_FILE = TABLE_FILE.with_suffix(".feature")
VIEWERS = ("admin", "ops", "analyst", "own fan", "other fan", "anonymous")
Viewer = Literal["admin", "ops", "analyst", "own fan", "other fan", "anonymous"]
Visibility = Literal["shown", "masked", "hidden"]


class FieldRow(BaseModel):
    """One piece of a fan's personal data, its field in the APIs' answers, and how each viewer sees it."""

    data: str
    field: str
    rules: dict[Viewer, Visibility]
    why: str = ""


def load_table(path: Path = TABLE_FILE) -> dict[str, FieldRow]:
    """The rows by the data's name; comment lines (#) are for the reader. A missing viewer column is an error."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
        missing = [viewer for viewer in VIEWERS if not record.get(viewer)]
        if missing:
            raise ValueError(f"{path.name}: {record.get('data')!r} has no rule for {', '.join(missing)}")
        try:
            rows.append(FieldRow(data=record["data"], field=record["field"], rules={v: record[v] for v in VIEWERS},
                                 why=record.get("why") or ""))
        except ValidationError as exc:
            raise bad_cell(path, record.get("data"), exc, hidden=("rules",)) from None
    by_data = {row.data: row for row in rows}
    if len(by_data) != len(rows) or len({row.field for row in rows}) != len(rows):
        raise ValueError(f"{path.name}: a piece of data or a field has more than one row")
    return by_data


def render_feature(table: dict[str, FieldRow]) -> str:
    """personal_data.feature: a Scenario Outline with one Examples row per viewer x field cell."""
    width = max(len(d) for d in table)
    lines = [
        "# Generated from personal_data.csv by `python -m support.personal_data`: edit the CSV, not this file.",
        "@security @personal-data",
        "Feature: The personal data each viewer sees, cell by cell",
        "  A fan's personal data is shown in full only to administrators and to the fan; operations",
        "  staff see what answering a fan needs, analysts what counting and segmenting needs, and",
        "  another fan or a caller without a token nothing at all. Each viewer reads the same fan in",
        "  every way the management API and the fan API offer them (the fan list, the fan by id, the",
        "  buyer of an order, their own profile); a way the access rules refuse shows nothing.",
        "",
        "  @req:SEC-001.2",
        "  Scenario Outline: Personal data: the <viewer> sees a fan's <data> <rule>",
        "    Given a fan with a complete profile who has bought tickets",
        "    When the <viewer> reads that fan in every way both APIs offer",
        "    Then the fan's <data> is <rule> in every answer, as the personal data table says",
        "",
        "    Examples:",
        f"      | viewer    | {'data'.ljust(width)} | rule   |",
    ]
    for row in table.values():
        for viewer in VIEWERS:
            lines.append(f"      | {viewer.ljust(9)} | {row.data.ljust(width)} | {row.rules[viewer].ljust(6)} |")
    return "\n".join(lines) + "\n"


def write_feature() -> Path:
    """Regenerates personal_data.feature from the CSV (``python -m support.personal_data``)."""
    FEATURE_FILE.write_text(render_feature(load_table()), encoding="utf-8")
    return FEATURE_FILE


if __name__ == "__main__":
    regenerate(write_feature)
