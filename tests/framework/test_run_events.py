"""The result stream: what a behave process writes (support/run/worker_stream.py) and how it is read
back (support/run/events.py): typed events, whole lines only, offsets a reconnecting reader resumes from."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import allure
import allure_commons
import psycopg2
import pytest

from support.assertions import ExpectationFailed
from support.clients.exchange import Exchange
from support.errors import PlatformUnreachable
from support.run import events as ev
from support.run.worker_stream import StreamWriter, is_unreachable


def step(keyword: str, name: str, status: str, error: BaseException | None = None) -> SimpleNamespace:
    return SimpleNamespace(keyword=keyword, name=name, status=SimpleNamespace(name=status), exception=error, exc_traceback=None,
                           error_message=f"{type(error).__name__}: {error}" if error else None)


def scenario(name: str, steps: list[SimpleNamespace], status: str) -> SimpleNamespace:
    feature = SimpleNamespace(name="Buying")
    return SimpleNamespace(location=f"features/checkout/buying.feature:{len(name)}", feature=feature, name=f" {name} ",
                           filename="features/checkout/buying.feature", status=SimpleNamespace(name=status),
                           all_steps=steps, effective_tags=["req:FT-001.1", "checkout"], _row=None, keyword="Scenario")


def exchange(service: str, url: str, body: object = None, status: int = 200) -> Exchange:
    return Exchange(service=service, operation="op", method="POST" if service == "graphql" else "GET", url=url,
                    request_body=body, status=status, response_body={"ok": True})


@pytest.fixture()
def writer(tmp_path: Path):
    writer = StreamWriter(tmp_path / "events.jsonl", "w2", tmp_path, Path.cwd(), {"Venue": "events.venue"})
    allure_commons.plugin_manager.register(writer)
    yield writer
    allure_commons.plugin_manager.unregister(writer)


def test_a_scenario_is_started_steps_with_exchanges_and_attachments_then_finished(writer: StreamWriter, tmp_path: Path) -> None:
    given, then = step("Given", "a fan", "passed"), step("Then", "the total is $118.00", "failed",
                                                                   ExpectationFailed("expected $118.00, got $120.00"))
    skipped = step("And", "the seats are sold", "skipped")
    buying = scenario("A fan buys", [given, then, skipped], "failed")
    writer.jump_exchange(exchange("rest", "http://h/v1/events/1"))  # outside a scenario: not recorded
    writer.scenario_started(buying)
    writer.step_started()
    writer.jump_data_created(entity="Venue", data={"id": 1})
    allure.attach('{"id": 1}', name="created Venue", attachment_type=allure.attachment_type.JSON)
    for _ in range(3):
        writer.jump_exchange(exchange("graphql", "http://h/graphql", {"query": "{ events { totalCount } }"}))
        writer.jump_exchange(exchange("rest", "http://h/v1/events/7?expand=1", status=404))
    writer.jump_retry(service="rest", operation="GET /v1/events", attempt=1, reason="HTTP 503", wait_s=0.2)
    writer.step_finished(given)
    writer.step_started()
    writer.jump_data_changed(database="inventory", summary={"seat": (0, 2, 0)}, text="inventory.seat: 2 updated")
    writer.step_finished(then)
    allure.attach("reconciled", name="stored state reconciled", attachment_type=allure.attachment_type.TEXT)  # after the steps
    writer.scenario_finished(buying)

    events = ev.read_all(tmp_path / "events.jsonl")
    assert [e.kind for e in events] == ["scenario_started", "step_finished", "step_finished", "step_finished", "scenario_finished"]
    first, second, third, done = events[1:]
    assert isinstance(first, ev.StepFinished) and len(first.exchanges) == 6 and first.exchanges[0].service == "graphql"
    [attachment] = first.attachments
    assert attachment.name == "created Venue" and (tmp_path / "attachments" / attachment.source).read_text() == '{"id": 1}'
    assert isinstance(second, ev.StepFinished) and second.status == "failed" and second.message == "expected $118.00, got $120.00"
    assert isinstance(third, ev.StepFinished) and third.status == "skipped"   # never ran: reported at the end, in order
    assert isinstance(done, ev.ScenarioFinished) and (done.status, done.retries, done.worker, done.name) == ("failed", 1, "w2", "A fan buys")
    assert done.location == "features/checkout/buying.feature:10" and done.tags == ["checkout", "req:FT-001.1"]
    assert done.failure is not None and done.failure.message == "expected $118.00, got $120.00"  # business words first
    assert done.failure.step == "Then the total is $118.00" and not done.failure.broken and "ExpectationFailed" in done.failure.detail
    assert [a.name for a in done.attachments] == ["stored state reconciled"]
    touched = done.touched
    assert touched.exchanges == 6 and len(touched.graphql) == 1
    assert [(c.method, c.path, c.status) for c in touched.rest] == [("GET", "/v1/events/7", 404)]
    assert touched.tables == ["events.venue", "inventory.seat"] and touched.last_diff == "inventory.seat: 2 updated"
    assert touched.last_exchange is not None and touched.last_exchange["request"]["url"] == "http://h/v1/events/7?expand=1"


def test_a_failure_quoting_personal_data_is_written_masked(writer: StreamWriter, tmp_path: Path) -> None:
    """The personal data journey's failure quotes what leaked; the stream (and so Allure, JUnit, the console) masks it."""
    leaked = ExpectationFailed("cell (analyst, phone number) = hidden: expected None, got '+1-555-383-4296' "
                               "for maya.lopez@example.test")
    failing = scenario("Personal data", [step("Then", "the fan's phone number is hidden", "failed", leaked)], "failed")
    writer.scenario_started(failing)
    writer.step_started()
    writer.step_finished(failing.all_steps[0])
    writer.scenario_finished(failing)
    written = (tmp_path / "events.jsonl").read_text()
    assert "555-383-4296" not in written and "maya.lopez@" not in written
    done = ev.read_all(tmp_path / "events.jsonl")[-1]
    assert isinstance(done, ev.ScenarioFinished) and done.failure is not None
    assert done.failure.message == "cell (analyst, phone number) = hidden: expected None, got '+*-***-***-**96' for m***@example.test"
    assert "got '+*-***-***-**96'" in done.failure.detail   # the traceback's last line too


def test_retries_are_counted_per_scenario_and_a_gone_environment_is_a_worker_failure(writer: StreamWriter, tmp_path: Path) -> None:
    ok = scenario("First", [step("Given", "x", "passed")], "passed")
    writer.scenario_started(ok)
    writer.jump_retry(service="rest", operation="GET /v1/events", attempt=1, reason="HTTP 503", wait_s=0.2)
    writer.scenario_finished(ok)
    again = scenario("Second", [step("Given", "x", "passed")], "passed")
    writer.scenario_started(again)
    writer.scenario_finished(again)
    writer.worker_failed("unreachable", 3, "OperationalError: connection refused")
    finished = [e for e in ev.read_all(tmp_path / "events.jsonl") if isinstance(e, ev.ScenarioFinished)]
    assert [f.retries for f in finished] == [1, 0]
    last = ev.read_all(tmp_path / "events.jsonl")[-1]
    assert isinstance(last, ev.WorkerFailed) and (last.reason, last.exit_code, last.worker) == ("unreachable", 3, "w2")


def test_a_line_still_being_written_is_left_for_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    ev.append(path, ev.ScenarioStarted(location="features/x.feature:3", feature="X", name="Done"))
    with path.open("a") as out:
        out.write('{"kind": "scenario_finished", "locat')
    [(_, offset)] = ev.read(path)
    assert offset < path.stat().st_size
    assert ev.read(path, offset) == []


def test_a_line_longer_than_one_read_is_still_delivered(tmp_path: Path) -> None:
    """The live monitor reads at most 4 MiB a poll: a scenario whose last exchange carried a large answer must not
    stall it (the same 4 MiB re-read every poll, never a whole line in them)."""
    path = tmp_path / "events.jsonl"
    big = ev.ScenarioFinished(location="features/x.feature:3", feature="X", name="Big", status="passed",
                              skip_reason="x" * 5000)
    ev.append(path, big)
    ev.append(path, ev.RunFinished(reason="completed", exit_code=0))
    first = ev.lines(path, 0, max_bytes=1000)
    assert [ev.parse(line).kind for line, _ in first] == ["scenario_finished"]
    rest = ev.lines(path, first[-1][1], max_bytes=1000)
    assert [ev.parse(line).kind for line, _ in rest] == ["run_finished"] and rest[-1][1] == path.stat().st_size
    with path.open("a") as out:  # a long line still being written waits for its end
        out.write('{"kind": "scenario_finished", "skip_reason": "' + "y" * 3000)
    assert ev.lines(path, rest[-1][1], max_bytes=1000) == []


def test_a_follower_resumes_from_its_offset_and_stops_at_the_run_finished(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    ev.append(path, ev.RunStarted(run_id="r1", environment="local", scenarios=2))
    ev.append(path, ev.ScenarioStarted(location="features/x.feature:3", feature="X", name="One"))
    seen = ev.read(path)
    resume_at = seen[0][1]   # a browser that saw only RunStarted reconnects here

    def finish_later() -> None:
        time.sleep(0.3)
        ev.append(path, ev.RunFinished(reason="completed", exit_code=0))

    threading.Thread(target=finish_later).start()
    followed = [(event.kind, offset) for event, offset in ev.follow(path, resume_at, poll_s=0.05)]
    assert [kind for kind, _ in followed] == ["scenario_started", "run_finished"]
    assert followed[-1][1] == path.stat().st_size


def test_what_counts_as_unreachable() -> None:
    assert is_unreachable(PlatformUnreachable("rest", "http://x", "ConnectionError"))
    assert is_unreachable(psycopg2.OperationalError("server closed the connection unexpectedly"))
    assert not is_unreachable(AssertionError("expected 2, got 3"))
    assert not is_unreachable(None)
