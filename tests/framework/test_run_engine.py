"""The execution engine with real behave workers and the project's hooks, on tiny feature files
kept outside features/: @serial isolation, per-worker namespaces, reruns and flaky classification.
Needs the local stack (the hooks open a platform session), like the acceptance suite."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support.reporting.pipeline import build_reports
from support.run import events as ev
from support.run import outcome
from support.run.behave_runner import REPO, BehaveRun
from support.run.engine import Engine
from support.run.selection import list_scenarios
from support.stack.lifecycle import LocalStack

STEPS = '''
import json, os, time
from pathlib import Path
from behave import step

PROBE = Path(__file__).resolve().parents[1] / "probe"

def note(context, what):
    PROBE.mkdir(exist_ok=True)
    with (PROBE / "log.jsonl").open("a") as out:
        out.write(json.dumps({"name": context.scenario.name, "what": what, "t": time.time(),
                              "namespace": os.environ.get("JUMP_NAMESPACE")}) + "\\n")

@step("I note the start")
def start(context):
    note(context, "start")

@step("I note the end")
def end(context):
    note(context, "end")

@step("I take {seconds:f} seconds")
def take(context, seconds):
    time.sleep(seconds)

@step("it fails the first time only")
def flips(context):
    PROBE.mkdir(exist_ok=True)
    marker = PROBE / (context.scenario.name.replace(" ", "_") + ".marker")
    if not marker.exists():
        marker.touch()
        raise AssertionError("first attempt fails on purpose")

@step("it always fails")
def always(context):
    raise AssertionError("fails on every attempt")
'''

ENVIRONMENT = "from support.hooks import after_all, after_scenario, after_step, before_all, before_scenario  # noqa: F401\n"


def timed(name: str, seconds: float) -> str:
    return f"  Scenario: {name}\n    Given I note the start\n    When I take {seconds} seconds\n    Then I note the end\n\n"


@pytest.fixture()
def project(tmp_path: Path, local_stack: LocalStack) -> Path:
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "probe_steps.py").write_text(STEPS)
    (tmp_path / "environment.py").write_text(ENVIRONMENT)
    (tmp_path / "features").mkdir()
    return tmp_path


def engine_run(project: Path) -> BehaveRun:
    run = BehaveRun(env="local", reports_dir=project / "reports", quiet=True, cwd=REPO)
    run.work_dir.mkdir(parents=True, exist_ok=True)
    return run


def to_stream(run: BehaveRun):
    """The sink the Run object gives the engine: every relayed event into the run's events.jsonl."""
    return lambda event: ev.append(run.reports_dir / ev.EVENTS_FILE, event)


def cases_of(run: BehaveRun) -> dict[str, object]:
    return {case.name: case for case in outcome.cases(outcome.fold(ev.read_all(run.reports_dir / ev.EVENTS_FILE)))}


def intervals(project: Path) -> dict[str, tuple[float, float, str]]:
    notes = [json.loads(line) for line in (project / "probe" / "log.jsonl").read_text().splitlines()]
    start = {n["name"]: n for n in notes if n["what"] == "start"}
    end = {n["name"]: n for n in notes if n["what"] == "end"}
    return {name: (start[name]["t"], end[name]["t"], start[name]["namespace"]) for name in start}


@pytest.mark.slow
def test_serial_scenarios_run_alone_and_workers_have_their_own_namespaces(project: Path) -> None:
    features = project / "features"
    (features / "alone.feature").write_text("@serial\nFeature: Alone\n\n" + timed("Exclusive", 0.6))
    (features / "crowd.feature").write_text("Feature: Crowd\n\n" + "".join(timed(f"Crowd {i}", 0.6) for i in range(4)))
    refs = list_scenarios([features], [], REPO)
    run = engine_run(project)
    result = Engine(run, parallel=2).execute(refs)

    assert all(result.final(ref, REPO) == "passed" for ref in refs), result.attempts
    spans = intervals(project)
    alone = spans.pop("Exclusive")
    assert all(end <= alone[0] or start >= alone[1] for start, end, _ in spans.values()), "a scenario ran next to @serial"
    crowd = sorted(spans.values())
    assert any(a[1] > b[0] for a, b in zip(crowd, crowd[1:], strict=False)), "no two scenarios overlapped: nothing ran in parallel"
    namespaces = {ns for _, _, ns in [alone, *spans.values()]}
    assert len(namespaces) == 3                                   # the serial worker and two parallel ones
    assert all(re.fullmatch(rf"{run.namespace}-w\d", ns) for ns in namespaces)


@pytest.mark.slow
def test_a_rerun_that_passes_is_flaky_and_one_failing_every_time_stays_failed(project: Path) -> None:
    features = project / "features"
    (features / "flaky.feature").write_text(
        "Feature: Reruns\n\n"
        "  Scenario: Flips\n    Given it fails the first time only\n\n"
        "  Scenario: Broken\n    Given it always fails\n\n"
        "  Scenario: Fine\n    Given I take 0.01 seconds\n"
    )
    refs = list_scenarios([features], [], REPO)
    run = engine_run(project)
    Engine(run, parallel=2, sink=to_stream(run)).execute(refs, rerun_failed=2)
    cases = cases_of(run)

    assert (cases["Flips"].status, cases["Flips"].attempts) == ("flaky", 2)
    assert (cases["Broken"].status, cases["Broken"].attempts) == ("failed", 3)
    assert "fails on every attempt" in cases["Broken"].error
    assert (cases["Fine"].status, cases["Fine"].attempts) == ("passed", 1)

    build_reports(None, run.reports_dir, html=False)   # every report from the stream the workers wrote
    assert not list(run.work_dir.rglob("*.xml")) and not list(run.work_dir.rglob("*-result.json"))  # workers write no report
    testcases = list(ET.parse(run.reports_dir / "junit.xml").getroot().iter("testcase"))
    assert sorted(case.get("name") for case in testcases) == ["Broken", "Fine", "Flips"]
    flips = next(case for case in testcases if case.get("name") == "Flips")
    assert flips.find("failure") is None and flips.find("properties/property[@name='flaky']") is not None
    assert next(case for case in testcases if case.get("name") == "Broken").find("failure") is not None

    allure = [json.loads(p.read_text()) for p in (run.reports_dir / "allure-results").glob("*-result.json")]
    flips_results = sorted((r for r in allure if r["name"] == "Flips"), key=lambda r: r["stop"])
    assert [r["status"] for r in flips_results] == ["failed", "passed"]      # Allure shows the retry
    passed = flips_results[-1]
    assert {"name": "tag", "value": "flaky"} in passed["labels"] and passed["statusDetails"]["flaky"] is True
    assert not [r for r in allure if r["status"] == "skipped"]                 # no stand-ins left


@pytest.mark.slow
def test_fail_fast_stops_the_run_at_the_first_failure(project: Path) -> None:
    features = project / "features"
    (features / "stop.feature").write_text(
        "Feature: Stop early\n\n"
        "  Scenario: Broken\n    Given it always fails\n\n"
        + "".join(timed(f"Later {i}", 0.5) for i in range(6))
    )
    refs = list_scenarios([features], [], REPO)
    run = engine_run(project)
    result = Engine(run, parallel=1, fail_fast=True, sink=to_stream(run)).execute(refs, rerun_failed=2)
    cases = cases_of(run)

    assert result.stopped is not None and int(result.stopped[0]) == 1
    assert "stopped at the first failure (--fail-fast): Stop early: Broken" == result.stopped[1]
    assert (cases["Broken"].status, cases["Broken"].attempts) == ("failed", 1)   # no rerun after a stop
    assert any(case.status == "skipped" for case in cases.values()), "the scenarios after the failure still ran"
