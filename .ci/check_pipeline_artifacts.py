"""After `make pipeline`: are the artifacts what GitLab must receive? One line per problem, exit 1.

Reads gitlab-ci-local's artifacts folder (one sub-folder per job). The report job must hold the merged
Allure site, the JUnit file GitLab receives (reports:junit) and the coverage page, built from every
acceptance shard and the synthesis job (its generated API tests are a run folder of their own, which the
report job's --merge-runs takes in): the JUnit holds exactly the scenarios and generated tests their event
streams finished, none failed, and the Allure overview counts the same number. The example-postgraphile job (the second target) must
hold its run folder with a JUnit file of passed scenarios and the rendered Allure site. Standard library only: it reads the files as
GitLab and a reader of the artifacts would, not through the project's code.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

SHARDS = 3
SYNTHESIS_JOB = "synthesis"  # ./jump test:synthesize: one run folder of generated API tests, merged into the report
EXAMPLE_JOB = "example-postgraphile"  # the second target's job: its run folder, with junit.xml and allure-report/
MERGED_JUNIT = "reports/junit-merged.xml"
EVENTS = "events.jsonl"
# checks the run makes before any scenario (the pinned-contract gate): a testcase of the JUnit file, no scenario
GATES = {"API contracts"}
Case = tuple[str, str]


def junit_cases(path: Path) -> tuple[set[Case], int, int]:
    """(feature title, scenario name) of every testcase in a JUnit file, their number, how many failed.

    The feature title is the classname after its last dot (the report writes "<area>.<title>").
    """
    root = ElementTree.parse(path).getroot()
    found: set[Case] = set()
    count = failed = 0
    for case in root.iter("testcase"):
        found.add((case.get("classname", "").rsplit(".", 1)[-1], case.get("name", "")))
        count += 1
        failed += case.find("failure") is not None or case.find("error") is not None
    return found, count, failed


def finished_scenarios(run: Path) -> set[Case]:
    """(feature title, scenario name) of every scenario_finished event in a run's event stream."""
    events = (json.loads(line) for line in (run / EVENTS).read_text().splitlines() if line.strip())
    return {(event["feature"], event["name"]) for event in events if event.get("kind") == "scenario_finished"}


def shard_runs(artifacts: Path, job_prefix: str = "acceptance") -> dict[str, Path]:
    """Every run folder (reports/runs/<run id>/) of the jobs named ``job_prefix``..., by run id; merged runs left out."""
    return {run.name: run for job in artifacts.iterdir() if job.name.startswith(job_prefix)
            for run in (job / "reports" / "runs").glob("*") if run.is_dir() and not run.name.endswith("-merged")}


def example_problems(artifacts: Path) -> list[str]:
    """The second target's job: one run folder with its junit.xml (scenarios, none failed) and Allure site."""
    runs = [run for run in (artifacts / EXAMPLE_JOB / "reports" / "runs").glob("*") if (run / "junit.xml").is_file()]
    if len(runs) != 1:
        return [f"{EXAMPLE_JOB}: {len(runs)} run folder(s) with a junit.xml in the artifacts, expected 1 (its reports:junit)"]
    _, count, failed = junit_cases(runs[0] / "junit.xml")
    found = [f"{EXAMPLE_JOB}: {runs[0] / 'junit.xml'} holds {count} scenarios, {failed} failed"] if count == 0 or failed else []
    if not (runs[0] / "allure-report" / "index.html").is_file():
        found.append(f"{EXAMPLE_JOB}: the Allure site {runs[0] / 'allure-report'} is missing")
    return found


def problems(artifacts: Path) -> list[str]:
    found: list[str] = example_problems(artifacts)
    pytest_xml = artifacts / "unit-tests" / "reports" / "pytest.xml"
    if not pytest_xml.is_file():
        found.append(f"unit-tests: {pytest_xml} missing (its reports:junit)")
    else:
        _, count, failed = junit_cases(pytest_xml)
        if count == 0 or failed:
            found.append(f"unit-tests: {pytest_xml} holds {count} tests, {failed} failed")

    runs = shard_runs(artifacts)
    if len(runs) != SHARDS:
        found.append(f"acceptance: {len(runs)} shard run folder(s) in the artifacts, expected {SHARDS}")
    ran: set[Case] = set()
    for run_id, run in sorted(runs.items()):
        shard = finished_scenarios(run) if (run / EVENTS).is_file() else set()
        if not shard:
            found.append(f"acceptance: run {run_id} has no finished scenario in {EVENTS}")
        if ran & shard:
            found.append(f"acceptance: run {run_id} repeats {len(ran & shard)} scenario(s) of another shard")
        ran |= shard

    synthesis = shard_runs(artifacts, SYNTHESIS_JOB)
    if len(synthesis) != 1:
        found.append(f"{SYNTHESIS_JOB}: {len(synthesis)} run folder(s) in the artifacts, expected 1")
    generated: set[Case] = set()
    for run in synthesis.values():
        generated |= finished_scenarios(run) if (run / EVENTS).is_file() else set()
    if synthesis and not generated:
        found.append(f"{SYNTHESIS_JOB}: no finished generated test in its {EVENTS}")

    report = artifacts / "report" / "reports"
    junit = report.parent / MERGED_JUNIT
    if not junit.is_file():
        return [*found, f"report: {junit} missing (the reports:junit GitLab receives)"]
    merged, count, failed = junit_cases(junit)
    if failed:
        found.append(f"report: {junit} has {failed} failed scenario(s)")
    expected = ran | generated
    unknown = {case for case in merged - expected if case[0] not in GATES}
    if expected - merged or unknown:
        found.append(f"report: {junit} holds {len(merged)} scenarios, the shards ran {len(ran)} and the synthesis job "
                     f"{len(generated)} ({len(expected - merged)} missing, {len(unknown)} unknown)")
    summary = report / "allure-report" / "widgets" / "summary.json"
    if not (report / "allure-report" / "index.html").is_file() or not summary.is_file():
        found.append(f"report: the merged Allure site {report / 'allure-report'} is missing")
    else:
        statistic = json.loads(summary.read_text())["statistic"]
        if statistic["total"] != count or statistic["failed"] or statistic["broken"]:
            found.append(f"report: the Allure overview counts {statistic}, the JUnit file {count} scenarios")
    if not list(report.glob("runs/*-merged/coverage/index.html")):
        found.append(f"report: no coverage page in {report}/runs/*-merged/coverage/")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: check_pipeline_artifacts.py GITLAB_CI_LOCAL_ARTIFACTS_FOLDER", file=sys.stderr)
        return 2
    found = problems(Path(argv[0]))
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if not found:
        print("artifacts: merged Allure report, JUnit for GitLab and coverage page of all shards and the generated API tests "
              "present; the example target's run and JUnit too")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
