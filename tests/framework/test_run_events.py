"""A worker's event file: retries counted per scenario, the unreachable stop, whole lines only."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import psycopg2

from support.errors import PlatformUnreachable
from support.run.worker_events import EventWriter, ScenarioEvent, UnreachableEvent, is_unreachable, read_events


def scenario(name: str, status: str, error: str | None = None) -> SimpleNamespace:
    step = SimpleNamespace(keyword="Given", name="a step", status=SimpleNamespace(name=status), duration=0.25,
                           error_message=error)
    return SimpleNamespace(location=f"features/x.feature:{len(name)}", feature=SimpleNamespace(name="X"), name=f" {name} ",
                           status=SimpleNamespace(name=status), duration=0.5, all_steps=[step], effective_tags=["b", "a"])


def test_retries_are_counted_per_scenario_and_events_read_back(tmp_path: Path) -> None:
    writer = EventWriter(tmp_path / "events.jsonl", "w2")
    writer.jump_retry(service="rest", operation="GET /v1/events", attempt=1, reason="HTTP 503", wait_s=0.2)
    writer.jump_retry(service="rest", operation="GET /v1/events", attempt=2, reason="HTTP 503", wait_s=0.4)
    writer.scenario_finished(scenario("First", "passed"))
    writer.scenario_finished(scenario("Second", "error", "Traceback...\nAssertionError: expected 2, got 3"))
    writer.unreachable("OperationalError: connection refused")

    events, offset = read_events(tmp_path / "events.jsonl")
    first, second, stop = events
    assert isinstance(first, ScenarioEvent) and (first.retries, first.name, first.worker, first.tags) == (2, "First", "w2", ["a", "b"])
    assert isinstance(second, ScenarioEvent) and second.retries == 0 and second.status == "failed"
    assert second.error == "AssertionError: expected 2, got 3" and second.steps[0].duration_s == 0.25
    assert isinstance(stop, UnreachableEvent) and stop.message.startswith("OperationalError")
    assert read_events(tmp_path / "events.jsonl", offset) == ([], offset)


def test_a_line_still_being_written_is_left_for_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    EventWriter(path, "w1").scenario_finished(scenario("Done", "passed"))
    with path.open("a") as out:
        out.write('{"kind": "scenario", "locat')
    events, offset = read_events(path)
    assert len(events) == 1 and offset < path.stat().st_size


def test_what_counts_as_unreachable() -> None:
    assert is_unreachable(PlatformUnreachable("rest", "http://x", "ConnectionError"))
    assert is_unreachable(psycopg2.OperationalError("server closed the connection unexpectedly"))
    assert not is_unreachable(AssertionError("expected 2, got 3"))
    assert not is_unreachable(None)
