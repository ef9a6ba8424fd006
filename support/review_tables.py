"""What the reviewable CSV tables (the access matrix, the personal data table) share: a bad cell as one
line, and the command that regenerates a table's feature. Kept free of clients and factories, like them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError


def bad_cell(path: Path, row: object, exc: ValidationError, hidden: tuple[str, ...] = ()) -> ValueError:
    """One line naming the file, the row, the cell and its value, not pydantic's report (``hidden``: location
    parts the reader does not see as columns)."""
    error = exc.errors()[0]
    where = ", ".join(str(part) for part in error["loc"] if part not in hidden)
    return ValueError(f"{path.name}: {row!r}, {where}: {error['input']!r}: {error['msg']}")


def regenerate(write_feature: Callable[[], Path]) -> None:
    """``python -m support.<table>``: writes the feature, or one line and exit 2 for a bad cell (docs/cli.md)."""
    try:
        print(f"wrote {write_feature()}")
    except ValueError as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
