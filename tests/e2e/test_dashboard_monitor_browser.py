"""The live monitor in a real browser: a run's events appear as they are written (per worker, counts,
the failing step and its message at once), and a browser whose connection drops (the server stops and
comes back) reconnects by itself and catches up on what it missed, without gaps or repeats. The run is a
stream written line by line by the test, in the format of support/run/events.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard_support import RunningDashboard, dashboard_watching_run, running_dashboard
from tests.e2e.dashboard_browser import CHROMIUM, SKIP_REASON, browser, check_page, new_page, sign_in

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)
RUN_ID = "20260102-110000-feed02"


def scenario(kind: str, line: int, worker: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "location": f"features/checkout/paying.feature:{line}", "feature": "Paying for seats",
            "name": f"Scenario on line {line}", "worker": worker, **extra}


@pytest.fixture()
def dash(dsns: dict[str, str], tmp_path: Path) -> Iterator[RunningDashboard]:
    with dashboard_watching_run(dsns["results"], tmp_path, RUN_ID) as running:
        yield running


def append(dash: RunningDashboard, *events: dict[str, Any]) -> None:
    with (dash.repo / "reports" / "runs" / RUN_ID / "events.jsonl").open("a", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event) + "\n")


def test_a_run_is_watched_live_and_a_dropped_connection_catches_up(dash: RunningDashboard) -> None:
    with browser() as chromium:
        page = new_page(chromium)
        sign_in(page, dash.url, "viewer")
        append(dash, {"kind": "run_started", "run_id": RUN_ID, "environment": "local", "scenarios": 4, "parallel": 2,
                      "shard": "1/1", "rerun_failed": 1, "worker": ""})
        page.goto(f"{dash.url}/runs/{RUN_ID}")
        page.get_by_text("local, 4 scenario(s), 2 worker(s)").wait_for()
        append(dash, scenario("scenario_started", 4, "w1"), scenario("scenario_started", 10, "w2"))
        page.locator("#lane-w1 [data-status=running]").wait_for()
        page.locator("#lane-w2 [data-status=running]").wait_for()
        # the failing step and its message show while the scenario is still running
        append(dash, scenario("step_finished", 10, "w2", keyword="Then", name="the order total is '$118.00'", status="failed",
                              message="expected '$118.00', got '$120.00'"))
        page.locator("#lane-w2").get_by_text("expected '$118.00', got '$120.00'").wait_for()
        append(dash, scenario("scenario_finished", 4, "w1", status="passed"),
               scenario("scenario_finished", 10, "w2", status="failed",
                        failure={"message": "expected '$118.00', got '$120.00'", "step": "Then the order total is '$118.00'"}))
        page.locator("#failures").get_by_text("Scenario on line 10").wait_for()
        assert page.locator("#count-passed").inner_text() == "1" and page.locator("#count-failed").inner_text() == "1"
        check_page(page, "monitor-live")
        seen = page.evaluate("jumpMonitor.events")

        with dash.server_down():  # the connection drops; the run goes on meanwhile
            page.get_by_text("connection lost").wait_for()
            append(dash, {"kind": "rerun_started", "attempt": 1, "of": 1, "scenarios": 1, "worker": ""},
                   scenario("scenario_started", 10, "r1w1"), scenario("scenario_finished", 10, "r1w1", status="passed"),
                   scenario("scenario_started", 16, "w1"), scenario("scenario_finished", 16, "w1", status="skipped"))
        page.get_by_text("reconnected: caught up").wait_for(timeout=20_000)
        page.get_by_text("Rerun 1 of 1: 1 failed scenario(s) again.").wait_for()
        page.locator("#lane-r1w1 [data-status=flaky]").wait_for()       # failed, then passed on the rerun
        assert page.evaluate("jumpMonitor.events") == seen + 5            # each missed event once
        assert page.locator("#count-flaky").inner_text() == "1" and page.locator("#count-failed").inner_text() == "0"
        append(dash, {"kind": "run_finished", "reason": "completed", "exit_code": 0, "counts": {"passed": 1, "flaky": 1},
                      "worker": ""})
        page.get_by_text("Run finished: completed (exit code 0)").wait_for()
        check_page(page, "monitor-finished")


def test_a_runner_starts_a_real_run_and_watches_it_pass(dsns: dict[str, str]) -> None:
    with running_dashboard(dsns["results"]) as dash, browser() as chromium:  # the real checkout and its features
        viewer = new_page(chromium)
        sign_in(viewer, dash.url, "viewer")
        viewer.goto(f"{dash.url}/runs")
        assert viewer.get_by_role("button", name="Start the run").count() == 0  # a viewer cannot start one
        page = new_page(chromium)
        sign_in(page, dash.url, "runner")
        page.goto(f"{dash.url}/runs")
        check_page(page, "runs")
        page.get_by_label("fans").check()
        page.get_by_label("Workers").fill("2")
        page.get_by_role("button", name="Start the run").click()
        page.wait_for_url(lambda url: "/runs/2" in url)
        page.get_by_text("Run finished: completed (exit code 0)").wait_for(timeout=600_000)
        assert page.locator("#count-failed").inner_text() == "0" and int(page.locator("#count-passed").inner_text()) > 0
        assert page.locator(".lane").count() >= 1
        check_page(page, "monitor-real-run")
        dash.app.state.launcher.stop_all()  # type: ignore[attr-defined]
