"""The results history: written, read back, used for balancing, pruned by retention.
Each test works in a schema of its own in the results database and drops it afterwards."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import psycopg2
import pytest

from support.results import CaseOutcome, HistoryStore, RunRecord, StepOutcome
from support.results.models import ApiTimingRecord

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture()
def store(dsns: dict[str, str]) -> Iterator[HistoryStore]:
    history = HistoryStore(dsns["results"], schema=f"test_history_{secrets.token_hex(4)}")
    yield history
    with psycopg2.connect(dsns["results"]) as conn, conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {history.schema} CASCADE")
    conn.close()


def case(name: str, status: str, duration: float, **extra: object) -> CaseOutcome:
    return CaseOutcome(feature="Buying tickets", name=name, location=f"features/checkout/buying.feature:{len(name)}",
                       status=status, duration_s=duration, **extra)  # type: ignore[arg-type]


def run(finished: dt.datetime, *cases: CaseOutcome, exit_code: int = 0) -> RunRecord:
    return RunRecord(environment="local", git_commit="abc123", shard="2/3", parallel=4, exit_code=exit_code,
                     started_at=finished - dt.timedelta(seconds=30), finished_at=finished, cases=list(cases))


def test_migrations_apply_once(store: HistoryStore) -> None:
    assert store.migrate() == ["001_history", "002_volume_indexes", "003_dashboard", "004_api_timings"]
    assert store.migrate() == []


@pytest.mark.req("FT-001.5", "REP-001.3")
def test_a_run_is_written_and_read_back(store: HistoryStore) -> None:
    store.migrate()
    steps = [StepOutcome(keyword="Given", name="an event", status="passed", duration_s=0.1)]
    run_id = store.record(run(NOW, case("A fan buys two seats", "passed", 1.5, steps=steps),
                              case("Wobbly", "flaky", 0.5, attempts=2, retries=3),
                              case("Broken", "failed", 0.2, error="expected 2, got 3"), exit_code=1))
    [latest] = store.recent_runs(5)
    assert latest["id"] == run_id and latest["shard"] == "2/3" and latest["git_commit"] == "abc123"
    assert latest["data"]["flaky"] == 1 and latest["data"]["failed"] == 1 and latest["exit_code"] == 1
    rows = {row["name"]: row for row in store.report_cases(run_id)}
    assert rows["Wobbly"]["flaky"] is True and rows["Wobbly"]["attempts"] == 2 and rows["Wobbly"]["retries"] == 3
    assert rows["A fan buys two seats"]["status"] == "passed"
    slowest, flakiest = store.scenario_stats(10)
    assert {r["name"] for r in flakiest} == {"Broken", "Wobbly"}      # the passing one is not listed
    assert slowest[0]["name"] == "A fan buys two seats"
    assert store.durations()["features/checkout/buying.feature:20"] == pytest.approx(1.5)


@pytest.mark.req("FT-001.5")
def test_durations_average_the_last_runs(store: HistoryStore) -> None:
    store.migrate()
    for minutes, seconds in ((3, 1.0), (2, 2.0), (1, 3.0)):
        store.record(run(NOW - dt.timedelta(minutes=minutes), case("Slow", "passed", seconds)))
    assert store.durations(last_runs=2)["features/checkout/buying.feature:4"] == pytest.approx(2.5)
    # what a CI job of a pipeline created two minutes ago reads, whenever it starts
    assert store.durations(before=NOW - dt.timedelta(minutes=2))["features/checkout/buying.feature:4"] == pytest.approx(1.0)


@pytest.mark.req("FT-001.5", "REP-001.3")
def test_runs_older_than_the_retention_are_pruned(store: HistoryStore) -> None:
    store.migrate()
    store.record(run(NOW - dt.timedelta(days=100), case("Old", "passed", 1.0)))
    kept = store.record(run(NOW - dt.timedelta(days=10), case("Recent", "passed", 1.0)))
    assert store.prune(90) == 1
    assert [r["id"] for r in store.recent_runs(10)] == [kept]
    assert store.report_cases(kept)[0]["name"] == "Recent"


def timing(operation: str, p95: float) -> ApiTimingRecord:
    return ApiTimingRecord(operation=operation, api="rest", count=4, p50_ms=p95 / 2, p95_ms=p95, max_ms=p95 + 1, errors=1)


@pytest.mark.req("API-001.5")
def test_each_operations_p95_is_kept_per_run_and_pruned_with_it(store: HistoryStore) -> None:
    store.migrate()
    for days, figures in ((100, [timing("POST /v1/orders", 90)]), (3, [timing("POST /v1/orders", 100), timing("GET /v1/events", 30)]),
                          (2, [timing("POST /v1/orders", 110)]), (1, [timing("POST /v1/orders", 400), timing("GET /v1/events", 35)])):
        record = run(NOW - dt.timedelta(days=days), case("Buy", "passed", 1.0))
        store.record(record.model_copy(update={"api_timings": figures}))
    store.record(run(NOW, case("Buy", "passed", 1.0)))            # a run without figures (an older version) is no column
    assert store.prune(90) == 1                                    # its figures go with it
    assert store.api_timing_trend(10) == [
        {"operation": "POST /v1/orders", "api": "rest", "calls": 4, "errors": 1, "p95_ms": [100.0, 110.0, 400.0], "latest_ms": 400.0,
         "change": 2.81},                                          # 400 against the median 105 of the runs before
        {"operation": "GET /v1/events", "api": "rest", "calls": 4, "errors": 1, "p95_ms": [30.0, None, 35.0], "latest_ms": 35.0,
         "change": 0.167},
    ]
    assert [row["p95_ms"] for row in store.api_timing_trend(2)] == [[110.0, 400.0], [None, 35.0]]
