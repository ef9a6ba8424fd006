"""The access matrix file is well-formed, drives the generated feature, and every row can be tried."""

from pathlib import Path

import pytest

from support import access_matrix as security_matrix
from support.journeys.security_matrix_calls import GRAPHQL, REST


def test_the_feature_is_generated_from_the_matrix() -> None:
    expected = security_matrix.render_feature(security_matrix.load_matrix())
    actual = security_matrix.FEATURE_FILE.read_text(encoding="utf-8")
    assert actual == expected, "access_matrix.feature is stale: run python -m support.access_matrix"


def test_every_row_has_a_request_and_every_cell_a_scenario() -> None:
    matrix = security_matrix.load_matrix()
    known = set(REST) | set(GRAPHQL) | set(security_matrix.ACCOUNT_OPERATIONS)
    assert set(matrix) <= known, sorted(set(matrix) - known)
    rows = security_matrix.render_feature(matrix).count("\n      | ") - 2  # minus the two header rows
    assert rows == len(matrix) * len(security_matrix.ROLES)


def test_own_only_is_for_fans_only() -> None:
    for row in security_matrix.load_matrix().values():
        assert all(row.rule(role) != "own-only" for role in ("admin", "ops", "analyst", "anonymous")), row.operation


def test_the_coverage_page_shows_every_cell_with_its_status() -> None:
    from support.reporting.access_matrix_coverage import access_matrix_coverage
    from support.reporting.results import ScenarioResult

    results = [
        ScenarioResult(uuid="1", name="Access matrix: fan on POST /v1/venues is deny -- @1.3 Management API (REST v1)",
                       status="passed"),
        ScenarioResult(uuid="2", name="Access matrix: fan on mutation checkout is own-only -- @2.1 Fan API (GraphQL)",
                       status="failed"),
    ]
    coverage = access_matrix_coverage(results)
    assert coverage is not None
    assert coverage.cells == len(security_matrix.load_matrix()) * len(security_matrix.ROLES)
    cells = {(row.operation, role): cell for row in coverage.rows for role, cell in row.cells.items()}
    assert cells[("POST /v1/venues", "fan")].status == "passed"
    assert cells[("mutation checkout", "fan")].model_dump() == {"rule": "own-only", "status": "failed"}
    assert cells[("GET /health", "admin")].status == "not run"
    assert (coverage.executed, coverage.passed) == (2, 1)


def test_a_bad_cell_is_one_line_naming_operation_role_and_value(tmp_path: Path) -> None:
    broken = tmp_path / "access_matrix.csv"
    broken.write_text("api,operation,admin,ops,fan,analyst,anonymous,why\n"
                      "rest,GET /v1/venues,allow,allowed,deny,allow,deny,\n")
    with pytest.raises(ValueError) as raised:
        security_matrix.load_matrix(broken)
    assert str(raised.value) == ("access_matrix.csv: 'GET /v1/venues', ops: 'allowed': "
                                 "Input should be 'allow', 'deny' or 'own-only'")
