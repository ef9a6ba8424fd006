"""The live monitor's stream: a run's events.jsonl followed over a real WebSocket, from any offset
(a reconnecting browser catches up exactly where it left), live as lines are appended, for signed-in
users of this site only. The run here is a stream written by the test, line by line, as a run writes it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.dashboard_support import RunningDashboard, dashboard_watching_run

RUN_ID = "20260102-100000-feed01"
EVENTS = [
    {"kind": "run_started", "run_id": RUN_ID, "environment": "local", "scenarios": 2, "parallel": 2, "shard": "1/1", "worker": ""},
    {"kind": "scenario_started", "location": "features/a.feature:3", "feature": "A", "name": "One", "worker": "w1"},
    {"kind": "scenario_started", "location": "features/a.feature:9", "feature": "A", "name": "Two", "worker": "w2"},
    {"kind": "scenario_finished", "location": "features/a.feature:3", "feature": "A", "name": "One", "worker": "w1", "status": "passed"},
    {"kind": "scenario_finished", "location": "features/a.feature:9", "feature": "A", "name": "Two", "worker": "w2", "status": "failed",
     "failure": {"message": "expected 2, got 3", "step": "Then two seats are left"}},
    {"kind": "run_finished", "reason": "test_failures", "exit_code": 1, "counts": {"passed": 1, "failed": 1}, "worker": ""},
]


@pytest.fixture()
def dash(dsns: dict[str, str], tmp_path: Path) -> Iterator[RunningDashboard]:
    with dashboard_watching_run(dsns["results"], tmp_path, RUN_ID) as running:
        yield running


def events_file(dash: RunningDashboard) -> Path:
    return dash.repo / "reports" / "runs" / RUN_ID / "events.jsonl"


def append(dash: RunningDashboard, *events: dict) -> None:
    with events_file(dash).open("a", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event) + "\n")


def watch(dash: RunningDashboard, offset: int = 0, *, cookie: str | None = None, origin: str | None = None):  # type: ignore[no-untyped-def]
    http = dash.sign_in("viewer")
    headers = {"Cookie": f"jump_session={cookie if cookie is not None else http.cookies['jump_session']}",
               "Origin": origin or dash.url}
    return connect(f"{dash.url.replace('http', 'ws')}/runs/{RUN_ID}/stream?offset={offset}", additional_headers=headers,
                   open_timeout=10)


def received(socket, until_kind: str = "run_finished") -> list[dict]:  # type: ignore[no-untyped-def]
    messages = []
    try:
        while True:
            message = json.loads(socket.recv(timeout=15))
            messages.append(message)
            if message["event"]["kind"] == until_kind:
                break
    except ConnectionClosed:
        pass
    return messages


def test_a_watcher_gets_every_event_live_and_the_stream_closes_after_the_last(dash: RunningDashboard) -> None:
    append(dash, *EVENTS[:2])
    with watch(dash) as socket:
        first = received(socket, "scenario_started")
        assert [m["event"]["kind"] for m in first] == ["run_started", "scenario_started"]
        writer = threading.Thread(target=lambda: [time.sleep(0.2) or append(dash, e) for e in EVENTS[2:]])  # type: ignore[func-returns-value]
        writer.start()
        rest = received(socket)
        writer.join()
        assert [m["event"]["kind"] for m in rest] == [e["kind"] for e in EVENTS[2:]]
        assert rest[-1]["offset"] == events_file(dash).stat().st_size
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1000


def test_a_reconnecting_watcher_continues_from_its_offset(dash: RunningDashboard) -> None:
    append(dash, *EVENTS)
    with watch(dash) as socket:
        everything = received(socket)
    offset_after_third = everything[2]["offset"]
    with watch(dash, offset_after_third) as socket:
        caught_up = received(socket)
    assert [m["event"] for m in caught_up] == EVENTS[3:]          # no gap, no repeat
    assert [m["offset"] for m in caught_up] == [m["offset"] for m in everything[3:]]


def test_half_a_line_is_not_sent_until_it_is_whole(dash: RunningDashboard) -> None:
    append(dash, EVENTS[0])
    line = json.dumps(EVENTS[1]) + "\n"
    with events_file(dash).open("a", encoding="utf-8") as out:
        out.write(line[:20])
    with watch(dash) as socket:
        assert json.loads(socket.recv(timeout=10))["event"]["kind"] == "run_started"
        with pytest.raises(TimeoutError):
            socket.recv(timeout=0.6)
        with events_file(dash).open("a", encoding="utf-8") as out:
            out.write(line[20:])
        assert json.loads(socket.recv(timeout=10))["event"] == EVENTS[1]


def test_only_signed_in_users_of_this_site_may_watch(dash: RunningDashboard) -> None:
    append(dash, *EVENTS)
    for cookie, origin, code in (("not-a-session", None, 4401), (None, "http://evil.example", 4403)):
        with watch(dash, cookie=cookie, origin=origin) as socket, pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == code


def test_events_go_out_uncompressed_although_the_browser_offers_compression(dash: RunningDashboard) -> None:
    """Compressing every small event for every watcher cost a tenth of the server's CPU (docs/dashboard.md "Load")."""
    append(dash, *EVENTS)
    with watch(dash) as socket:  # the websockets client offers permessage-deflate, as browsers do
        assert "permessage-deflate" in socket.request.headers.get("Sec-WebSocket-Extensions", "")
        assert socket.response.headers.get("Sec-WebSocket-Extensions") is None
        assert [m["event"]["kind"] for m in received(socket)] == [e["kind"] for e in EVENTS]
