"""Starting, watching and cancelling a real run from the dashboard: the Run object of support/run/run.py
in the dashboard's process, its events.jsonl followed over the monitor's WebSocket, the run recorded in
the history with its folder (so the results viewer links its reports). Runs features/fans/profile.feature
against the local stack; a viewer may watch but not start or cancel."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import psycopg2
import pytest
from websockets.sync.client import connect

from tests.dashboard_support import RunningDashboard, running_dashboard

FEATURE = "features/fans/profile.feature"


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str]) -> Iterator[RunningDashboard]:
    with running_dashboard(dsns["results"]) as running:  # the real checkout: its features/ and reports/
        yield running
        running.app.state.launcher.stop_all()  # type: ignore[attr-defined]


def start(dash: RunningDashboard, who: str, **form: object):  # type: ignore[no-untyped-def]
    http = dash.sign_in(who)
    return http.post(f"{dash.url}/runs", data={"csrf": dash.csrf(http), "env": "local", "parallel": "1"} | form,
                     timeout=60, allow_redirects=False)


def follow(dash: RunningDashboard, run_id: str, until: str = "run_finished", timeout_s: float = 600) -> list[dict]:
    http = dash.sign_in("viewer")
    events: list[dict] = []
    with connect(f"{dash.url.replace('http', 'ws')}/runs/{run_id}/stream?offset=0", open_timeout=20,
                 additional_headers={"Cookie": f"jump_session={http.cookies['jump_session']}", "Origin": dash.url}) as socket:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            event = json.loads(socket.recv(timeout=deadline - time.monotonic()))["event"]
            events.append(event)
            if event["kind"] in (until, "run_finished"):
                break
    return events


def test_a_viewer_cannot_start_a_run(dash: RunningDashboard) -> None:
    answer = start(dash, "viewer", locations=FEATURE)
    assert answer.status_code == 403 and not dash.app.state.launcher.active()  # type: ignore[attr-defined]
    page = dash.sign_in("viewer").get(f"{dash.url}/runs", timeout=10).text
    assert "Start the run" not in page


def test_a_runner_starts_a_run_and_watches_it_to_the_end(dash: RunningDashboard, dsns: dict[str, str]) -> None:
    answer = start(dash, "runner", locations=FEATURE)
    assert answer.status_code == 303, answer.text
    run_id = answer.headers["location"].removeprefix("/runs/")
    assert dash.sign_in("viewer").get(f"{dash.url}/runs/{run_id}", timeout=10).status_code == 200
    events = follow(dash, run_id)
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    finished = [e for e in events if e["kind"] == "scenario_finished"]
    assert len(finished) == events[0]["scenarios"] > 0 and {e["status"] for e in finished} == {"passed"}
    assert events[-1]["exit_code"] == 0 and events[-1]["reason"] == "completed"
    # recorded in this dashboard's history? The run writes the environment's own history; it names its folder
    with psycopg2.connect(dsns["results"]) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM jump_history.test_reports WHERE data->>'run_id' = %s", (run_id,))
        assert cur.fetchone()[0] == 1
    conn.close()
    audit = dash.sign_in("admin").get(f"{dash.url}/audit", timeout=10).text
    assert "started run" in audit and run_id in audit


def test_a_runner_cancels_a_run(dash: RunningDashboard) -> None:
    answer = start(dash, "runner", areas="fans", parallel="1")
    run_id = answer.headers["location"].removeprefix("/runs/")
    first = follow(dash, run_id, until="scenario_started")
    assert first[-1]["kind"] == "scenario_started"
    http = dash.sign_in("runner")
    page = http.get(f"{dash.url}/runs/{run_id}", timeout=10).text
    assert "Cancel the run" in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert http.post(f"{dash.url}/runs/{run_id}/cancel", data={"csrf": token}, timeout=30, allow_redirects=False).status_code == 303
    events = follow(dash, run_id, timeout_s=180)
    assert events[-1]["kind"] == "run_finished" and events[-1]["reason"] == "cancelled"
    assert not dash.app.state.launcher.active()  # type: ignore[attr-defined]
