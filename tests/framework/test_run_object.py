"""The Run object (support/run/run.py): every way a run ends fires jump_run_finished with its exit code
and reason and closes the stream with RunFinished; a subscriber sees the events live; cancel() stops
the workers and leaves no test data behind. Real workers against the local stack."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from data_factories import ledger
from support.config import load_settings, resolve_auto
from support.errors import ConfigError, PlatformUnreachable
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import plugin_manager
from support.run import events as ev
from support.run.db_commands import open_databases
from support.run.run import Run, RunRequest
from support.stack.lifecycle import LocalStack

PASSING = "features/pricing/itemised_price.feature"
FAILING = "tests/acceptance_fixtures/fails_halfway.feature"   # a check fails after data was created


class Finished:
    """A plugin that keeps every jump_run_finished summary."""

    def __init__(self) -> None:
        self.summaries: list[dict[str, Any]] = []

    @hookimpl
    def jump_run_finished(self, summary: dict[str, Any]) -> None:
        self.summaries.append(summary)


@pytest.fixture()
def finished() -> Any:
    plugin = Finished()
    plugin_manager().register(plugin, name="test-run-finished")
    yield plugin
    plugin_manager().unregister(plugin, name="test-run-finished")


def first_scenario_line(path: str) -> int:
    lines = (Path(__file__).resolve().parents[2] / path).read_text().splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.strip().startswith(("Scenario:", "Scenario Outline:")))


def request(tmp_path: Path, *locations: str, **overrides: str) -> RunRequest:
    return RunRequest(locations=list(locations), report=False, history=False, parallel=1,
                      overrides={"reporting.reports_dir": str(tmp_path), **overrides})


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_jump_run_finished_fires_on_exit_0_1_2_and_3_with_the_reason(local_stack: LocalStack, tmp_path: Path, finished: Finished) -> None:
    seen: list[str] = []
    passing = Run(request(tmp_path / "ok", f"{PASSING}:{first_scenario_line(PASSING)}"))
    passing.subscribe(lambda event: seen.append(event.kind))
    assert passing.execute().exit_code == 0
    assert Run(request(tmp_path / "fail", FAILING)).execute().exit_code == 1
    with pytest.raises(ConfigError):
        Run(request(tmp_path / "bad", PASSING, **{"run.parallel": "abc"})).execute()
    closed = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(PlatformUnreachable):
        Run(request(tmp_path / "gone", PASSING, **{"platform.rest_url": closed, "platform.graphql_url": f"{closed}/graphql"})).execute()

    assert [(s["exit_code"], s["reason"]) for s in finished.summaries] == [
        (0, "completed"), (1, "test_failures"), (2, "usage"), (3, "unreachable")]
    assert finished.summaries[1]["failed_scenarios"] == ["A journey that fails halfway (cleanup fixture) :: Data is created, then a check fails"]
    assert finished.summaries[2]["message"].startswith("config error: run.parallel")
    assert finished.summaries[3]["message"].startswith(f"error: platform unreachable at {closed}")
    # the subscriber saw the run live, from RunStarted to RunFinished, and the stored stream says the same
    assert seen[0] == "run_started" and seen[-1] == "run_finished" and "step_finished" in seen
    assert passing.events_file is not None and [e.kind for e in ev.read_all(passing.events_file)] == seen
    assert [e.kind for e, _ in passing.follow(0)] == seen   # a late subscriber catches up from offset 0


@pytest.mark.slow
def test_cancel_stops_the_workers_and_leaves_no_test_data(local_stack: LocalStack, tmp_path: Path, finished: Finished) -> None:
    started = threading.Event()
    run = Run(request(tmp_path, "features/checkout", "features/pricing"))
    run.subscribe(lambda event: started.set() if isinstance(event, ev.StepFinished) else None)
    run.start()
    assert started.wait(240), "no step finished: nothing was running to cancel"
    run.cancel()
    result = run.wait(120)
    assert result is not None and result.reason == "cancelled" and result.exit_code == 1
    assert result.counts.get("skipped", 0) > 0                       # the scenarios after the cancel never ran
    assert finished.summaries[-1]["reason"] == "cancelled"
    kinds = [e.kind for e in ev.read_all(run.folder / ev.EVENTS_FILE)] if run.folder else []
    assert kinds[-1] == "run_finished"
    databases = open_databases(resolve_auto(load_settings("local")))
    try:   # every namespace of this run (the run's and each worker's) is gone from the ledger
        left = [state.namespace for state in ledger.namespaces(databases.results, ledger.Target.of(databases))
                if run.namespace and state.namespace.startswith(run.namespace)]
    finally:
        databases.close()
    assert left == []
