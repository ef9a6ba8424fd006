"""Failure analysis: categories, signatures that group one cause, and the guarded history lookup."""

import pytest

from support.reporting.failing_since import failing_since
from support.reporting.failures import FirstFailure, analyse, signature
from support.reporting.results import parse_result
from support.reporting.trace import ScenarioTrace


@pytest.mark.req("REP-001.4")
def test_signatures_drop_ids_numbers_and_quoted_values():
    a = signature("ExpectationFailed: order 3f1c2d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f total: expected '$118.00', got '$120.00'\ntrace")
    b = signature("ExpectationFailed: order 0a1b2c3d-0000-4c6d-9e0f-1a2b3c4d5e6f total: expected '$59.00', got '$61.00'")
    assert a == b == "ExpectationFailed: order <uuid> total: expected <str>, got <str>"
    assert signature("ProblemError: GET http://127.0.0.1:5501/v1/events/42 -> 404 NOT_FOUND") == \
        "ProblemError: GET <host>/v1/events/<n> -> <n> NOT_FOUND"
    assert signature("DataSetupError: venue for run jt-4f2a9c1d already exists") == "DataSetupError: venue for run <ns> already exists"
    assert signature("") == "(no message)"


def failed(uid, name, message, status="failed"):
    return parse_result({"uuid": uid, "historyId": f"h{uid}", "name": name, "status": status,
                         "statusDetails": {"message": message}, "labels": [{"name": "feature", "value": "F"}]})


@pytest.mark.req("REP-001.4")
def test_failures_are_grouped_by_signature_and_carry_what_was_recorded():
    results = [
        failed("1", "a", "ExpectationFailed: seats left: expected 18, got 20\n"),
        failed("2", "b", "ExpectationFailed: seats left: expected 7, got 9\n"),
        failed("3", "c", "support.errors.PlatformUnreachable: rest unreachable at http://x: ConnectionError\n", "broken"),
        parse_result({"uuid": "4", "historyId": "h4", "name": "d", "status": "passed"}),
    ]
    traces = [ScenarioTrace(history_id="h1", last_exchange={"request": {"url": "/v1/x"}}, last_diff="inventory.seat: 2 updated")]
    history = {("F", "a"): FirstFailure(since="2026-11-20T10:00:00+00:00", report_id="r1", failed_runs=3)}
    analysis = analyse(results, traces, history)
    assert (analysis.total, analysis.failed) == (4, 3)
    assert analysis.by_category == {"Product defects": 2, "Environment problems": 1}
    assert analysis.groups[0].count == 2 and analysis.groups[0].scenarios == ["F :: a", "F :: b"]
    first = analysis.failures[0]
    assert first.last_exchange == {"request": {"url": "/v1/x"}} and first.db_diff == "inventory.seat: 2 updated"
    assert first.first_failure.failed_runs == 3
    assert analysis.failures[1].first_failure.since == "this run"


def test_history_lookup_is_guarded_without_a_database_or_its_tables():
    assert failing_since(None, [("F", "a")]) == {}
    assert failing_since("auto", [("F", "a")]) == {}
    assert failing_since("postgresql://nobody@127.0.0.1:1/none", [("F", "a")]) == {}


def test_history_lookup_without_the_engines_tables(databases):
    assert failing_since(databases.results.dsn, [("F", "a")], schema="no_such_history_schema") == {}


def test_an_apostrophe_is_not_a_quoted_value():
    assert signature("ExpectationFailed: Maya's order: expected ('CANCELLED', []), got ('PENDING', [])") == \
        "ExpectationFailed: Maya's order: expected (<str>, []), got (<str>, [])"
