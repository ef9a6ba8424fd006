"""The report step end to end on a small sample run (tests/e2e/sample_run.py), without the platform:
every report is built from the run's event stream, and a replay of the stored stream rebuilds them identically."""

from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from support.config import load_settings
from support.reporting import pytest_proofs
from support.reporting.pipeline import build_reports
from support.reporting.pytest_proofs import PytestProof
from support.reporting.run_info import executor
from support.run import events as ev
from support.run import report_commands
from support.run.boundary import guard_commands
from tests.e2e.sample_run import FAN_PASSWORD, SAMPLE_JWT, result_of, run_sample

JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
LOCAL_PASSWORDS = [f"jump-{role}-local" for role in ("admin", "ops", "analyst", "fan")]
FAILING = "The order total includes the fees"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = run_sample(tmp_path_factory.mktemp("sample"))
    build_reports(load_settings("local"), reports)
    return reports


def steps_of(result: dict) -> dict[str, list[str]]:
    return {step["name"]: [a["name"] for a in step.get("attachments", [])] for step in result["steps"]}


def test_each_result_carries_area_feature_story_severity_owner_and_links(sample):
    result = result_of(sample, FAILING)
    labels = {(label["name"], label["value"]) for label in result["labels"]}
    assert {("epic", "checkout"), ("feature", "Paying for seats"), ("story", FAILING), ("severity", "normal"),
            ("owner", "checkout-team")} <= labels
    assert ("severity", "critical") in {(x["name"], x["value"]) for x in result_of(sample, "A fan buys seats")["labels"]}
    links = {(link["type"], link["url"]) for link in result["links"]}
    assert ("tms", "coverage/index.html#API-001.2") in links  # the requirement's row on the coverage page
    assert ("issue", "https://gitlab.example/jump/-/issues/JUMP-42") in links
    assert ("link", "coverage/index.html") in links


@pytest.mark.req("REP-001.4")
def test_a_failed_scenario_has_traffic_diff_data_and_the_masked_log_of_its_step(sample):
    steps = steps_of(result_of(sample, FAILING))
    assert steps["Given a registered fan"] == ["created Fan"]
    assert "rest: POST /v1/orders -> 201 (12 ms)" in steps["When the fan buys 2 seats"]
    assert "inventory database diff" in steps["When the fan buys 2 seats"]
    [log_name] = steps["Then the order total is '$118.00'"]
    assert log_name.startswith("log of failed step")
    source = next(a["source"] for s in result_of(sample, FAILING)["steps"] for a in s.get("attachments", []) if a["name"] == log_name)
    log = (sample / "allure-results" / source).read_text()
    assert "charging order 4711 as maya with password ******** and token ********" in log
    assert steps_of(result_of(sample, "A fan buys seats"))["Then the order is paid"] == []  # passing steps: no log


def test_results_get_categories_environment_and_executor(sample):
    results = sample / "allure-results"
    assert json.loads((results / "categories.json").read_text())[0]["name"] == "Environment problems"
    properties = (results / "environment.properties").read_text()
    assert "environment = local" in properties and "platform.version = " in properties and "git.commit = " in properties
    assert json.loads((results / "executor.json").read_text())["type"] == "local"
    categories = json.loads((sample / "allure-report" / "data" / "categories.json").read_text())
    assert [c["name"] for c in categories["children"]] == ["Product defects"]


@pytest.mark.req("CI-001.4")
def test_in_a_pipeline_the_executor_links_to_the_job():
    ci = {"CI_PIPELINE_ID": "812", "CI_PIPELINE_URL": "https://gitlab.example/jump/-/pipelines/812", "CI_JOB_ID": "4001",
          "CI_JOB_URL": "https://gitlab.example/jump/-/jobs/4001", "CI_COMMIT_SHA": "abc123", "CI_COMMIT_REF_NAME": "main",
          "CI_PROJECT_URL": "https://gitlab.example/jump"}
    info = executor(load_settings("local", environ=ci))
    assert info["type"] == "gitlab" and info["buildOrder"] == 812
    assert info["buildUrl"] == "https://gitlab.example/jump/-/jobs/4001"
    assert info["reportUrl"].startswith("https://gitlab.example/jump/-/jobs/4001/artifacts/")


@pytest.mark.req("REP-001.4")
def test_failures_json_groups_the_two_failures_with_one_cause(sample):
    analysis = json.loads((sample / "failures.json").read_text())
    assert analysis["failed"] == 2 and analysis["by_category"] == {"Product defects": 2}
    [group] = analysis["groups"]
    assert group["count"] == 2 and "order <n> total" in group["signature"]
    failure = next(f for f in analysis["failures"] if f["scenario"] == FAILING)
    assert failure["last_exchange"]["request"]["url"].endswith("/v1/orders/4711")
    assert failure["db_diff"].startswith("inventory.seat: 2 updated")


@pytest.mark.req("REP-001.1", "REP-001.2")
def test_the_coverage_page_is_written_and_served_inside_the_allure_site(sample):
    coverage = json.loads((sample / "coverage" / "coverage.json").read_text())
    assert coverage["requirements"]["used"] == ["API-001.1", "API-001.2", "FT-001.1"]
    assert coverage["api"]["rest_operations"]["used"] == ["GET /v1/orders/{id}", "POST /v1/orders"]
    page = (sample / "allure-report" / "coverage" / "index.html").read_text()
    assert "Paying for seats" in page and 'href="../index.html"' in page


@pytest.mark.req("API-001.5")
def test_the_response_times_per_operation_sit_next_to_the_coverage_and_the_overview_links_them(sample):
    timings = json.loads((sample / "coverage" / "api-timings.json").read_text())
    figures = {op["operation"]: (op["api"], op["count"], op["p95_ms"], op["errors"]) for op in timings["operations"]}
    # every call of every scenario: 3 purchases (POST + GET by id each), 2 listings; the sample's calls take 12.5 ms
    assert figures == {"POST /v1/orders": ("rest", 3, 12.5, 0), "GET /v1/orders/{id}": ("rest", 3, 12.5, 0),
                       "Events": ("graphql", 2, 12.5, 0)}
    assert timings["exchanges"] == 8 and timings["budget"]["p95_ms"] is None
    executors = json.loads((sample / "allure-report" / "widgets" / "executors.json").read_text())
    row = next(r for r in executors if r["name"] == "API response times")
    assert row["buildUrl"] == "coverage/api-timings.html" and (sample / "allure-report" / row["buildUrl"]).is_file()
    assert row["buildName"] == "3 operations, slowest p95 12.5 ms (Events)"


def test_no_secret_reaches_any_report_file(sample):
    leaks = []
    for path in sample.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".txt", ".html", ".properties", ".jsonl", ".csv", ".xml", ""}:
            text = path.read_text(errors="replace")
            leaks += [f"{path}: {p}" for p in LOCAL_PASSWORDS if p in text]
            leaks += [f"{path}: JWT" for _ in JWT.findall(text)]
    assert FAN_PASSWORD in LOCAL_PASSWORDS and SAMPLE_JWT
    assert leaks == []


@pytest.mark.req("REP-001.3")
def test_the_next_report_carries_the_history_of_the_previous_one(sample, tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(sample, reports)
    build_reports(None, reports)
    trend = json.loads((reports / "allure-report" / "widgets" / "history-trend.json").read_text())
    assert len(trend) == 2


def _rerun(sample: Path, target: Path, scenario: str) -> None:
    """The sample's stream as if ``scenario`` had failed first and passed on a rerun in worker r1."""
    shutil.copytree(sample, target)
    events = ev.read_all(target / ev.EVENTS_FILE)
    passed = next(e for e in events if isinstance(e, ev.ScenarioFinished) and e.name == scenario)
    failed = passed.model_copy(update={"status": "failed", "stop": passed.start + 0.5,
                                       "failure": ev.Failure(message="expected 2 seats, got 1")})
    rerun = passed.model_copy(update={"worker": "r1", "start": passed.stop + 1, "stop": passed.stop + 2})
    lines = [e for e in events if not isinstance(e, ev.RunFinished)]
    index = lines.index(passed)
    lines[index] = failed
    (target / ev.EVENTS_FILE).write_text("".join(e.model_dump_json() + "\n" for e in [*lines, rerun, *[
        e for e in events if isinstance(e, ev.RunFinished)]]))


def test_a_scenario_that_passed_on_a_rerun_is_flaky_in_allure_and_junit_and_both_attempts_are_shown(sample, tmp_path):
    reports = tmp_path / "run"
    _rerun(sample, reports, "A fan buys seats")
    build_reports(load_settings("local"), reports, html=False)
    results = sorted((json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")
                      if json.loads(p.read_text())["name"] == "A fan buys seats"), key=lambda r: r["start"])
    assert [r["status"] for r in results] == ["failed", "passed"]                 # Allure shows the retry
    assert results[0]["historyId"] == results[1]["historyId"]
    assert results[1]["statusDetails"]["flaky"] is True and {"name": "tag", "value": "flaky"} in results[1]["labels"]
    assert "flaky" not in (results[0].get("statusDetails") or {})
    junit = (reports / "junit.xml").read_text()
    assert junit.count("<testcase") == 4 and '<property name="flaky" value="true"' in junit


def test_test_report_rebuilds_every_report_identically_from_the_stored_stream(sample, cli, tmp_path):
    """The stream is the only source: delete every report, replay it, get the same bytes."""
    reports = tmp_path / "run"
    shutil.copytree(sample, reports)
    built = ["allure-results", "junit.xml", "coverage/coverage.json", "coverage/index.html", "failures.json",
             "coverage/api-timings.json", "coverage/api-timings.html"]

    def snapshot() -> dict[str, bytes]:
        files = {}
        for name in built:
            path = reports / name
            for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if item.is_file() and item.name != "environment.properties":  # names the machine's current platform version
                    files[str(item.relative_to(reports))] = item.read_bytes()
        return files

    before = snapshot()
    assert len([n for n in before if n.endswith("-result.json")]) == 4
    for name in built:
        path = reports / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    out = CliRunner().invoke(cli, ["test:report", "--reports-dir", str(reports), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert snapshot() == before
    # ./jump test:run builds its reports before it writes run_finished (seconds later, after the reports); a
    # replay of the stored stream sees it, and still dates every report like the original
    events = reports / "events.jsonl"
    stream = [json.loads(line) for line in events.read_text().splitlines()]
    assert stream[-1]["kind"] == "run_finished"
    stream[-1]["at"] += 90
    events.write_text("".join(json.dumps(event) + "\n" for event in stream))
    # and by then someone has changed a setting the run recorded: the replay keeps the run's links
    changed = {"JUMP_REPORTING__REQUIREMENT_URL_PATTERN": "https://srs.example/{}"}
    out = CliRunner().invoke(cli, ["test:report", "--reports-dir", str(reports), "--format", "json"], env=changed)
    assert out.exit_code == 0, out.output
    assert snapshot() == before


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    report_commands.register(app)

    @app.command("noop")
    def noop() -> None:  # two commands keep typer from collapsing the app into its only command
        pass

    guard_commands(app)  # as support/run/cli.py does: errors become one line and their exit code
    return app


@pytest.mark.req("REP-001.5", "CI-001.4")
def test_cli_exports_json_and_junit(sample, cli, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--output", str(tmp_path / "f.json")])
    assert out.exit_code == 0, out.output
    assert json.loads((tmp_path / "f.json").read_text())["failed"] == 2
    out = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "junit", "--output", str(tmp_path / "j.xml")])
    assert out.exit_code == 0, out.output
    xml = (tmp_path / "j.xml").read_text()
    assert xml.count("<testcase") == 4 and xml.count("<failure") == 2


@pytest.mark.req("REP-001.2")
def test_the_gate_counts_the_pytest_tests_recorded_next_to_the_run(sample, cli, tmp_path):
    """A run under reports/runs/ reads reports/pytest-requirements.json: requirements no journey proves count too."""
    run = tmp_path / "reports" / "runs" / "20261201-200000-abcdef"
    shutil.copytree(sample, run)
    framework = ["CI-001.2", "CFG-001.1", "REP-001.5", "MON-001.1"]
    pytest_proofs.write(tmp_path / "reports" / pytest_proofs.FILE_NAME,
                        [PytestProof(node_id=f"tests/t.py::test_{i}", requirements=[req], outcome="passed") for i, req in enumerate(framework)])
    gate = ["test:report", "--reports-dir", str(run), "--format", "json", "--coverage", "--fail-under", "12"]
    alone = CliRunner().invoke(cli, ["test:report", "--reports-dir", str(sample), *gate[3:]])
    assert alone.exit_code == 1 and "requirements 6.0% (3/50: 3 proven by journeys, 0 by pytest tests)" in alone.output
    both = CliRunner().invoke(cli, gate)
    assert both.exit_code == 0, both.output
    assert "requirements 14.0% (7/50: 3 proven by journeys, 4 by pytest tests)" in both.output
    page = (run / "coverage" / "index.html").read_text()
    assert page.count("tests/t.py::test_") == 4


@pytest.mark.req("REP-001.2")
def test_cli_coverage_gate_and_bad_input(sample, cli):
    runner = CliRunner()
    low = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--coverage", "--fail-under", "50"])
    assert low.exit_code == 1 and "below 50%" in low.output and "uncovered:" in low.output
    ok = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--coverage", "--fail-under", "5"])
    assert ok.exit_code == 0, ok.output
    for args in (["--format", "xml"], ["--fail-under", "abc"], ["--fail-under", "101"], ["--open", "--format", "junit"],
                 ["--open", "--port", "70000"]):
        bad = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), *args])
        assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1, bad.output


def test_open_on_a_port_that_is_taken_is_one_line_and_exit_2(sample, cli, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(cli, ["test:report", "--reports-dir", str(sample), "--output", str(tmp_path / "site"),
                                       "--open", "--port", str(port)])
    assert out.exit_code == 2, out.output
    assert out.output.strip().splitlines()[-1].startswith(f"usage error: --port {port}: cannot listen on 127.0.0.1:{port}")
