"""Generated rows, column by column, and their --output JSON form.

Columns rather than row dicts: generation, uniqueness checks and COPY all work a column at a time,
and 100,000 dicts would cost more than the values in them. The JSON file holds one table per entry
and one row per line (a list in the column order), so same seed gives the same bytes and a diff
of two files reads row by row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

FORMAT = "jump-generated-data/1"


@dataclass
class TableData:
    database: str
    table: str
    columns: list[str]
    data: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.data[self.columns[0]]) if self.columns else 0

    def rows(self) -> Iterator[tuple[Any, ...]]:
        return zip(*(self.data[c] for c in self.columns), strict=True)

    @property
    def key(self) -> tuple[str, str]:
        return (self.database, self.table)


@dataclass
class Dataset:
    seed: int
    target: str  # "inventory.inventory_item"
    tables: list[TableData]  # insert order

    def table(self, database: str, table: str) -> TableData:
        return next(t for t in self.tables if t.key == (database, table))

    def counts(self) -> dict[str, int]:
        return {f"{t.database}.{t.table}": t.count for t in self.tables}

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tables)


class _TableFile(BaseModel):
    """One table of an --output file (validated when read back: the file may have been edited)."""

    model_config = ConfigDict(extra="forbid")
    database: str
    table: str
    columns: list[str]
    rows: list[list[Any]]


class _DatasetFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str
    seed: int
    target: str
    tables: list[_TableFile]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_json(dataset: Dataset, path: Path) -> None:
    """Writes the dataset: deterministic (no timestamps, fixed key order), one row per line."""
    write_json_tables(dataset.seed, dataset.target, [(t, [t]) for t in dataset.tables], path)


def write_json_tables(seed: int, target: str, tables: Sequence[tuple[TableData, Iterable[TableData]]], path: Path) -> None:
    """The --output file from (table header, its row batches) pairs: a table's batches are written as
    they come, so a streamed table never has to be in memory whole; same bytes as one batch."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"format":{_dumps(FORMAT)},"seed":{seed},"target":{_dumps(target)},"tables":[\n')
        for t_index, (table, batches) in enumerate(tables):
            out.write(f'{{"database":{_dumps(table.database)},"table":{_dumps(table.table)},'
                      f'"columns":{_dumps(table.columns)},"rows":[\n')
            first = True
            for batch in batches:
                if batch.count:
                    out.write(("" if first else ",\n") + ",\n".join(_dumps(list(row)) for row in batch.rows()))
                    first = False
            out.write("\n]}" + ("," if t_index < len(tables) - 1 else "") + "\n")
        out.write("]}\n")


def read_json(path: Path) -> Dataset:
    """A dataset written by :func:`write_json`."""
    parsed = _DatasetFile.model_validate_json(path.read_text(encoding="utf-8"))
    if parsed.format != FORMAT:
        raise ValueError(f"{path}: format {parsed.format!r}, expected {FORMAT!r}")
    tables = []
    for t in parsed.tables:
        columns = list(zip(*t.rows, strict=True)) if t.rows else [() for _ in t.columns]
        tables.append(TableData(t.database, t.table, t.columns, {c: list(v) for c, v in zip(t.columns, columns, strict=True)}))
    return Dataset(parsed.seed, parsed.target, tables)
