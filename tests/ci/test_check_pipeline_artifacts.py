"""The artifact check of `make pipeline` (.ci/check_pipeline_artifacts.py) passes a complete set and names each gap.

The artifact folders are written here in gitlab-ci-local's layout (one folder per job, the job's
paths below it) with the file formats the jobs write: the event stream (the fields the check reads),
JUnit XML and Allure's summary widget.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_pipeline_artifacts", ROOT / ".ci" / "check_pipeline_artifacts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load()


def junit(path: Path, cases: list[str], failed: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'<testcase classname="f" name="{name}">{"<failure/>" if i < failed else ""}</testcase>'
                   for i, name in enumerate(cases))
    path.write_text(f"<testsuites><testsuite>{body}</testsuite></testsuites>")


def events(path: Path, cases: list[str]) -> None:
    """A shard's event stream: run started, each scenario finished, run finished (fields the check reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [{"kind": "run_started", "run_id": path.parent.name},
             *({"kind": "scenario_finished", "feature": "f", "name": name, "status": "passed"} for name in cases),
             {"kind": "run_finished", "reason": "completed", "exit_code": 0}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def complete(artifacts: Path) -> None:
    junit(artifacts / "unit-tests/reports/pytest.xml", ["t1", "t2"])
    shards = [["a", "b"], ["c"], ["d", "e"]]
    for index in range(1, len(shards) + 1):
        # the jobs share one checkout: a later shard's artifacts also hold the earlier shards' runs
        for earlier in range(1, index + 1):
            events(artifacts / f"acceptance{index}/reports/runs/run-{earlier}/events.jsonl", shards[earlier - 1])
    # the synthesis job: its own run folder of generated API tests (the report job merges it in)
    events(artifacts / "synthesis/reports/runs/run-4/events.jsonl", ["Generated: GET /health"])
    report = artifacts / "report/reports"
    junit(report / "junit-merged.xml", ["a", "b", "c", "d", "e", "Generated: GET /health"])
    (report / "allure-report/widgets").mkdir(parents=True)
    (report / "allure-report/index.html").write_text("<html></html>")
    (report / "allure-report/widgets/summary.json").write_text(
        json.dumps({"statistic": {"failed": 0, "broken": 0, "skipped": 0, "passed": 6, "unknown": 0, "total": 6}}))
    (report / "runs/run-9-merged/coverage").mkdir(parents=True)
    (report / "runs/run-9-merged/coverage/index.html").write_text("<html></html>")
    example = artifacts / "example-postgraphile/reports/runs/run-7"
    junit(example / "junit.xml", ["reader lists books", "writer adds an author"])
    (example / "allure-report").mkdir()
    (example / "allure-report/index.html").write_text("<html></html>")


@pytest.fixture()
def artifacts(tmp_path: Path) -> Path:
    complete(tmp_path)
    return tmp_path


def test_a_complete_pipeline_passes(artifacts: Path) -> None:
    assert check.problems(artifacts) == []
    assert check.main([str(artifacts)]) == 0


def test_a_missing_shard_is_named(artifacts: Path) -> None:
    for job in ("acceptance2", "acceptance3"):
        for run in (artifacts / job / "reports/runs").iterdir():
            if run.name == "run-3":
                (run / "events.jsonl").unlink()
                run.rmdir()
    found = check.problems(artifacts)
    assert "acceptance: 2 shard run folder(s) in the artifacts, expected 3" in found
    assert any(p.startswith("report:") and "the shards ran 3" in p and "2 unknown" in p for p in found), found


def test_a_failed_scenario_and_a_miscounting_overview_are_named(artifacts: Path) -> None:
    junit(artifacts / "report/reports/junit-merged.xml", ["a", "b", "c", "d", "e", "Generated: GET /health"], failed=1)
    summary = artifacts / "report/reports/allure-report/widgets/summary.json"
    summary.write_text(json.dumps({"statistic": {"failed": 0, "broken": 0, "total": 4}}))
    found = check.problems(artifacts)
    assert any("1 failed scenario" in p for p in found) and any("Allure overview counts" in p for p in found), found


def test_missing_report_files_are_named(artifacts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (artifacts / "report/reports/runs/run-9-merged/coverage/index.html").unlink()
    (artifacts / "unit-tests/reports/pytest.xml").unlink()
    assert check.main([str(artifacts)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[1].strip() for line in err] == ["unit-tests", "report"]
    assert "coverage page" in err[1] and "pytest.xml missing" in err[0]


def test_the_contract_gate_counts_in_the_merged_junit_only(artifacts: Path) -> None:
    merged = artifacts / "report/reports/junit-merged.xml"
    gate = '<testcase classname="api.API contracts" name="Pinned API contracts match the live platform"/>'
    merged.write_text(merged.read_text().replace("<testsuite>", f"<testsuite>{gate}"))
    summary = artifacts / "report/reports/allure-report/widgets/summary.json"
    summary.write_text(json.dumps({"statistic": {"failed": 0, "broken": 0, "total": 7}}))
    assert check.problems(artifacts) == []
    merged.write_text(merged.read_text().replace("API contracts", "Buying tickets"))
    assert any("1 unknown" in p for p in check.problems(artifacts))


def test_the_generated_api_tests_must_be_in_the_merged_report(artifacts: Path) -> None:
    """The report job merges the synthesis job's run folder: its tests in the JUnit GitLab gets, and no others."""
    junit(artifacts / "report/reports/junit-merged.xml", ["a", "b", "c", "d", "e"])
    found = check.problems(artifacts)
    assert any("the shards ran 5 and the synthesis job 1 (1 missing, 0 unknown)" in p for p in found), found
    (artifacts / "synthesis/reports/runs/run-4/events.jsonl").unlink()
    (artifacts / "synthesis/reports/runs/run-4").rmdir()
    junit(artifacts / "report/reports/junit-merged.xml", ["a", "b", "c", "d", "e", "Generated: GET /health"])
    found = check.problems(artifacts)
    assert any("the synthesis job 0 (0 missing, 1 unknown)" in p for p in found), found


def test_the_example_jobs_junit_and_allure_site_are_checked(artifacts: Path) -> None:
    example = artifacts / "example-postgraphile/reports/runs/run-7"
    junit(example / "junit.xml", ["reader lists books", "writer adds an author"], failed=1)
    (example / "allure-report/index.html").unlink()
    found = check.problems(artifacts)
    assert [p for p in found if p.startswith("example-postgraphile:")] == [
        f"example-postgraphile: {example / 'junit.xml'} holds 2 scenarios, 1 failed",
        f"example-postgraphile: the Allure site {example / 'allure-report'} is missing"]
    (example / "junit.xml").unlink()
    assert "example-postgraphile: 0 run folder(s) with a junit.xml in the artifacts, expected 1 (its reports:junit)" in check.problems(artifacts)
