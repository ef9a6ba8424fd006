"""The access matrix on the coverage page: every role x operation cell and the status of its scenario.

A cell is covered when its scenario ("Access matrix: <role> on <operation> is <rule>", generated
from features/security/access_matrix.csv) ran in this run; a cell whose scenario is missing or
skipped shows as not run, so the page answers "is 100% of the matrix tested?" at a glance.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from support.access_matrix import MATRIX_FILE, ROLES, load_matrix
from support.reporting.results import ScenarioResult

CELL_NAME = re.compile(r"^Access matrix: (?P<role>\S+) on (?P<operation>.+?) is (?P<rule>allow|deny|own-only)\b")
EXECUTED = {"passed", "failed", "broken"}


class MatrixCell(BaseModel):
    rule: str
    status: str  # passed | failed | broken | skipped | not run


class MatrixRowCoverage(BaseModel):
    api: str
    operation: str
    cells: dict[str, MatrixCell]


class AccessMatrixCoverage(BaseModel):
    roles: list[str] = Field(default_factory=lambda: list(ROLES))
    rows: list[MatrixRowCoverage] = Field(default_factory=list)
    cells: int = 0
    executed: int = 0
    passed: int = 0
    percent: float = 0.0


def access_matrix_coverage(results: list[ScenarioResult], path: Path = MATRIX_FILE) -> AccessMatrixCoverage | None:
    """The matrix with each cell's latest status; None when the project has no matrix file."""
    if not path.exists():
        return None
    statuses: dict[tuple[str, str], str] = {}
    for result in results:
        match = CELL_NAME.match(result.name)
        if match:
            statuses[(match["role"], match["operation"])] = result.status
    rows = [MatrixRowCoverage(api=row.api, operation=row.operation,
                              cells={role: MatrixCell(rule=row.rule(role), status=statuses.get((role, row.operation), "not run"))
                                     for role in ROLES})
            for row in load_matrix(path).values()]
    cells = [cell for row in rows for cell in row.cells.values()]
    executed = sum(c.status in EXECUTED for c in cells)
    return AccessMatrixCoverage(rows=rows, cells=len(cells), executed=executed, passed=sum(c.status == "passed" for c in cells),
                                percent=round(100.0 * executed / len(cells), 1) if cells else 100.0)
