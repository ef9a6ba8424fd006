"""The access matrix file is well-formed, drives the generated feature, and every row can be tried."""

from support.journeys import security_matrix
from support.journeys.security_matrix_calls import GRAPHQL, REST


def test_the_feature_is_generated_from_the_matrix() -> None:
    expected = security_matrix.render_feature(security_matrix.load_matrix())
    actual = security_matrix.FEATURE_FILE.read_text(encoding="utf-8")
    assert actual == expected, "access_matrix.feature is stale: run python -m support.journeys.security_matrix"


def test_every_row_has_a_request_and_every_cell_a_scenario() -> None:
    matrix = security_matrix.load_matrix()
    known = set(REST) | set(GRAPHQL) | set(security_matrix.ACCOUNT_OPERATIONS)
    assert set(matrix) <= known, sorted(set(matrix) - known)
    rows = security_matrix.render_feature(matrix).count("\n      | ") - 2  # minus the two header rows
    assert rows == len(matrix) * len(security_matrix.ROLES)


def test_own_only_is_for_fans_only() -> None:
    for row in security_matrix.load_matrix().values():
        assert all(row.rule(role) != "own-only" for role in ("admin", "ops", "analyst", "anonymous")), row.operation
