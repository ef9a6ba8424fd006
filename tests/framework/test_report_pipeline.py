"""The report step end to end on a small sample run (tests/e2e/sample_run.py), without the platform."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from support.config import load_settings
from support.reporting.categories import FLAKY, classify
from support.reporting.pipeline import build_reports, mark_flaky
from support.reporting.results import read_results
from support.reporting.run_info import executor
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
    assert ("tms", "https://jump.example/srs#API-001.2") in links
    assert ("issue", "https://gitlab.example/jump/-/issues/JUMP-42") in links
    assert ("link", "coverage/index.html") in links


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


def test_in_a_pipeline_the_executor_links_to_the_job():
    ci = {"CI_PIPELINE_ID": "812", "CI_PIPELINE_URL": "https://gitlab.example/jump/-/pipelines/812", "CI_JOB_ID": "4001",
          "CI_JOB_URL": "https://gitlab.example/jump/-/jobs/4001", "CI_COMMIT_SHA": "abc123", "CI_COMMIT_REF_NAME": "main",
          "CI_PROJECT_URL": "https://gitlab.example/jump"}
    info = executor(load_settings("local", environ=ci))
    assert info["type"] == "gitlab" and info["buildOrder"] == 812
    assert info["buildUrl"] == "https://gitlab.example/jump/-/jobs/4001"
    assert info["reportUrl"].startswith("https://gitlab.example/jump/-/jobs/4001/artifacts/")


def test_failures_json_groups_the_two_failures_with_one_cause(sample):
    analysis = json.loads((sample / "failures.json").read_text())
    assert analysis["failed"] == 2 and analysis["by_category"] == {"Product defects": 2}
    [group] = analysis["groups"]
    assert group["count"] == 2 and "order <n> total" in group["signature"]
    failure = next(f for f in analysis["failures"] if f["scenario"] == FAILING)
    assert failure["last_exchange"]["request"]["url"].endswith("/v1/orders/4711")
    assert failure["db_diff"].startswith("inventory.seat: 2 updated")


def test_the_coverage_page_is_written_and_served_inside_the_allure_site(sample):
    coverage = json.loads((sample / "coverage" / "coverage.json").read_text())
    assert coverage["requirements"]["used"] == ["API-001.1", "API-001.2", "FT-001.1"]
    assert coverage["api"]["rest_operations"]["used"] == ["GET /v1/orders/{id}", "POST /v1/orders"]
    page = (sample / "allure-report" / "coverage" / "index.html").read_text()
    assert "Paying for seats" in page and 'href="../index.html"' in page


def test_no_secret_reaches_any_report_file(sample):
    leaks = []
    for path in sample.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".txt", ".html", ".properties", ".jsonl", ".csv", ".xml", ""}:
            text = path.read_text(errors="replace")
            leaks += [f"{path}: {p}" for p in LOCAL_PASSWORDS if p in text]
            leaks += [f"{path}: JWT" for _ in JWT.findall(text)]
    assert FAN_PASSWORD in LOCAL_PASSWORDS and SAMPLE_JWT
    assert leaks == []


def test_the_next_report_carries_the_history_of_the_previous_one(sample, tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(sample, reports)
    build_reports(None, reports)
    trend = json.loads((reports / "allure-report" / "widgets" / "history-trend.json").read_text())
    assert len(trend) == 2


def test_a_rerun_the_engine_tagged_flaky_is_marked_for_allure(sample, tmp_path):
    results_dir = tmp_path / "allure-results"
    shutil.copytree(sample / "allure-results", results_dir)
    path = next(p for p in results_dir.glob("*-result.json") if json.loads(p.read_text())["name"] == "A fan buys seats")
    data = json.loads(path.read_text())
    data["labels"].append({"name": "tag", "value": "flaky"})
    path.write_text(json.dumps(data))
    results = read_results(results_dir)
    assert mark_flaky(results_dir, results) == 1
    assert json.loads(path.read_text())["statusDetails"]["flaky"] is True
    assert classify("passed", "", flaky=True) == FLAKY


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer()
    report_commands.register(app)

    @app.command("noop")
    def noop() -> None:  # two commands keep typer from collapsing the app into its only command
        pass

    guard_commands(app)  # as support/run/cli.py does: errors become one line and their exit code
    return app


def test_cli_exports_json_and_junit(sample, cli, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--output", str(tmp_path / "f.json")])
    assert out.exit_code == 0, out.output
    assert json.loads((tmp_path / "f.json").read_text())["failed"] == 2
    out = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "junit", "--output", str(tmp_path / "j.xml")])
    assert out.exit_code == 0, out.output
    xml = (tmp_path / "j.xml").read_text()
    assert xml.count("<testcase") == 4 and xml.count("<failure") == 2


def test_cli_coverage_gate_and_bad_input(sample, cli):
    runner = CliRunner()
    low = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--coverage", "--fail-under", "50"])
    assert low.exit_code == 1 and "below 50%" in low.output and "uncovered:" in low.output
    ok = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), "--format", "json", "--coverage", "--fail-under", "5"])
    assert ok.exit_code == 0, ok.output
    for args in (["--format", "xml"], ["--fail-under", "abc"], ["--fail-under", "101"]):
        bad = runner.invoke(cli, ["test:report", "--reports-dir", str(sample), *args])
        assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1, bad.output
