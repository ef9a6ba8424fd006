"""The access matrix file (features/security/access_matrix.csv): its rows, and the feature made from it.

Kept apart from the journey that tries the cells so the coverage page can read the matrix
without the clients and factories. ``python -m support.access_matrix`` regenerates the feature.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from support.review_tables import bad_cell, regenerate

MATRIX_FILE = Path(__file__).resolve().parents[1] / "features" / "security" / "access_matrix.csv"
FEATURE_FILE = MATRIX_FILE.with_suffix(".feature")
ROLES = ("admin", "ops", "fan", "analyst", "anonymous")
Rule = Literal["allow", "deny", "own-only"]
ACCOUNT_OPERATIONS = ("POST /v1/auth/token", "POST /v1/auth/revoke", "POST /v1/auth/password")


class MatrixRow(BaseModel):
    """One operation and what each role may do with it."""

    api: Literal["rest", "graphql"]
    operation: str
    admin: Rule
    ops: Rule
    fan: Rule
    analyst: Rule
    anonymous: Rule
    why: str = ""

    def rule(self, role: str) -> Rule:
        return getattr(self, role)


def load_matrix(path: Path = MATRIX_FILE) -> dict[str, MatrixRow]:
    """The rows by operation; comment lines (#) are for the reader."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
        try:
            rows.append(MatrixRow.model_validate(record))
        except ValidationError as exc:
            raise bad_cell(path, record.get("operation"), exc) from None
    by_operation = {row.operation: row for row in rows}
    if len(by_operation) != len(rows):
        raise ValueError(f"{path.name}: an operation has more than one row")
    return by_operation


def render_feature(matrix: dict[str, MatrixRow]) -> str:
    """access_matrix.feature: a Scenario Outline with one Examples row per cell."""
    width = max(len(op) for op in matrix)
    lines = [
        "# Generated from access_matrix.csv by `python -m support.access_matrix`: edit the CSV, not this file.",
        "@security @access-matrix",
        "Feature: The access matrix, cell by cell",
        "  Every operation of the platform, for every role, does what the access matrix says: allowed,",
        "  refused (unauthenticated without a token, forbidden with the wrong role), or allowed on the",
        "  caller's own objects only, another fan's being refused and left unchanged.",
        "",
        "  @req:SEC-001.2 @req:API-001.4",
        "  Scenario: Every operation of the platform's contract has a row in the access matrix",
        "    When the operations of the platform's contract are compared with the access matrix",
        "    Then no operation is unclassified",
        "",
        "  @req:SEC-001.2 @req:API-001.4",
        "  Scenario Outline: Access matrix: <role> on <operation> is <rule>",
        "    When a caller with the <role> role calls <operation> from the access matrix",
        "    Then the platform answers as the access matrix cell <rule> says",
        "",
    ]
    for api, title in (("rest", "Management API (REST v1)"), ("graphql", "Fan API (GraphQL)")):
        lines += [f"    Examples: {title}", f"      | role      | {'operation'.ljust(width)} | rule     |"]
        for row in (r for r in matrix.values() if r.api == api):
            for role in ROLES:
                lines.append(f"      | {role.ljust(9)} | {row.operation.ljust(width)} | {row.rule(role).ljust(8)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_feature() -> Path:
    """Regenerates access_matrix.feature from the CSV (``python -m support.access_matrix``)."""
    FEATURE_FILE.write_text(render_feature(load_matrix()), encoding="utf-8")
    return FEATURE_FILE


if __name__ == "__main__":
    regenerate(write_feature)
