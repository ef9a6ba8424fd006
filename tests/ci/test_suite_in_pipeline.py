"""The acceptance suite runs inside a GitLab pipeline job, and the job reflects its result.

A scratch checkout of this commit (the working tree's changes applied, as `make pipeline` does) runs
the real `acceptance` job of .gitlab-ci.yml (its script and after_script, taken from the file) through
the real gitlab-ci-local with a shell executor, on two journeys: one that holds and one whose expected
total is wrong. The job must fail, record both scenarios in its run folder (the artifact the report job
merges), the report job's JUnit must name the failing one as failed and the other as passed, and the
job's after_script must have stopped the stack it started. Only ``before_script`` (install the system
packages, `make setup`) is left out: the checkout uses this machine's .venv and node tools.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GCL = ROOT / "tools" / "node_modules" / ".bin" / "gitlab-ci-local"
TAG = "pipeline-check"
JOURNEYS = f"""@{TAG}
Feature: Pipeline check
  Two journeys the pipeline test runs inside a job: one holds, one expects a wrong total.

  Scenario: A total the platform agrees with
    Given an on-sale event "Pipeline Pass" with 10 seats in section "B" at $20.00
    And section "B" carries a $1.50 service fee and 10% tax
    And fan "Omar" is registered
    When Omar reserves 3 seats in section "B"
    Then Omar's reservation totals $70.95

  Scenario: A total the platform disagrees with
    Given an on-sale event "Pipeline Fail" with 10 seats in section "B" at $20.00
    And section "B" carries a $1.50 service fee and 10% tax
    And fan "Omar" is registered
    When Omar reserves 3 seats in section "B"
    Then Omar's reservation totals $99.99
"""


def _git(*args: str, cwd: Path = ROOT, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


@pytest.fixture()
def checkout(tmp_path: Path) -> Iterator[Path]:
    """This commit plus the working tree's changes, with the machine's .venv and node tools."""
    path = tmp_path / "checkout"
    _git("worktree", "add", "--quiet", "--detach", str(path), "HEAD")
    try:
        diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--binary"], check=True, capture_output=True).stdout
        subprocess.run(["git", "-C", str(path), "apply", "--allow-empty"], input=diff, check=True, capture_output=True)
        (path / ".venv").symlink_to((ROOT / ".venv").resolve())
        shutil.rmtree(path / "tools" / "node_modules", ignore_errors=True)
        (path / "tools" / "node_modules").symlink_to((ROOT / "tools" / "node_modules").resolve())
        yield path
    finally:
        if (path / ".jump").is_dir():   # a failed after_script must not leave a stack behind
            subprocess.run([str(path / "jump"), "stack:down"], cwd=path, capture_output=True, timeout=120)
        _git("worktree", "remove", "--force", str(path))


def _acceptance_job() -> dict[str, object]:
    """The real acceptance job, as one job (no parallel: its slice is 1/1) and without the install step."""
    job = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())["acceptance"]
    return {"stage": "test", "before_script": [], "script": job["script"], "after_script": job["after_script"],
            "variables": {"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "1", "JUMP_RUN__TAGS": f"@{TAG}"}}


@pytest.mark.req("CI-001.1")
@pytest.mark.slow
@pytest.mark.skipif(not GCL.exists(), reason="gitlab-ci-local is not installed (make setup)")
def test_the_acceptance_job_runs_the_suite_and_fails_with_its_failing_journey(checkout: Path) -> None:
    (checkout / ".gitlab-ci.yml").write_text(yaml.safe_dump({"stages": ["test"], "acceptance": _acceptance_job()}))
    (checkout / "features" / "pipeline_check.feature").write_text(JOURNEYS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_", "JUMP_"))}
    env.update(NO_COLOR="1")
    job = subprocess.run([str(GCL), "--force-shell-executor", "--no-shell-isolation", "--variable", "GITLAB_CI=true",
                          "acceptance"], cwd=checkout, env=env, capture_output=True, text=True, timeout=900)
    log = job.stdout + job.stderr
    assert job.returncode != 0, log                                    # the failing journey fails the job
    assert re.search(r"FAIL +acceptance", log) and "A total the platform disagrees with" in log, log

    runs = [p.parent for p in (checkout / "reports" / "runs").glob("*/events.jsonl")]
    assert len(runs) == 1, log                                         # the job's artifact: one run folder
    stream = [json.loads(line) for line in (runs[0] / "events.jsonl").read_text().splitlines()]
    started = next(e for e in stream if e["kind"] == "run_started")
    assert started["shard"] == "1/1" and started["environment"] == "local"
    finished = {e["name"]: e["status"] for e in stream if e["kind"] == "scenario_finished"}
    assert set(finished) == {"A total the platform agrees with", "A total the platform disagrees with"}, finished

    report = subprocess.run([sys.executable, "-m", "support.run.cli", "test:report", "--reports-dir", str(runs[0]),
                             "--format", "junit"], cwd=checkout, env=env, capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stdout + report.stderr       # the report job's step: JUnit written
    cases = {case.get("name") or "": case for case in ET.parse(runs[0] / "junit.xml").getroot().iter("testcase")}
    failed = {name for name, case in cases.items() if case.find("failure") is not None or case.find("error") is not None}
    journeys = {name for name in cases if name.startswith("A total")}
    assert len(journeys) == 2 and failed == {name for name in journeys if "disagrees" in name}, (cases.keys(), failed)
    assert "local stack stopped" in log and _processes_in(checkout) == [], log  # after_script stopped the stack


def _processes_in(folder: Path) -> list[str]:
    """Processes working inside the folder (the job's PostgreSQL and platform would)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append(proc.name)
        except OSError:
            continue
    return found
