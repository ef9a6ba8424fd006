"""The pipeline teams copy (.gitlab-ci.yml) is as docs/ci.md says, read the way GitLab reads it.

gitlab-ci-local (the pinned npm tool `make pipeline` runs) validates the file against GitLab's schema,
expands `parallel:`, `default:` and anchors; the tests assert on its expansion (`--list-json`,
`--preview`), so a broken definition fails `make test` in seconds, not after a 30-minute pipeline.
No job of this file runs here: each starts with `make setup`, which would reinstall a .venv shared
between checkouts; tests/ci/test_local_pipeline.py runs real jobs of a scratch pipeline instead.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml  # PyYAML comes with uvicorn[standard]

from tests.synthesis_selection import names_synthesis

ROOT = Path(__file__).resolve().parents[2]
GITLAB_CI_LOCAL = ROOT / "tools" / "node_modules" / ".bin" / "gitlab-ci-local"
SHARDS = 3
EXAMPLE_JOB = "example-postgraphile"
EXAMPLE_RUN = "./jump test:run --env postgraphile"  # its environment starts the stack (run.manage_local_stack)
# script lines that start the local stack (the pytest target depends on stack-up)
STARTS_STACK = ("./jump stack:up", "make pytest", "make test", "make stack-up", "make run", EXAMPLE_RUN)


def gitlab_ci_local(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """gitlab-ci-local on the project, without the caller's CI variables, state under .gitlab-ci-local/."""
    if not GITLAB_CI_LOCAL.exists():
        pytest.fail(f"{GITLAB_CI_LOCAL.relative_to(ROOT)} is missing: run 'make setup' (tools/package.json)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_"))}
    return subprocess.run([str(GITLAB_CI_LOCAL), *args], cwd=ROOT, env={**env, "NO_COLOR": "1"},
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def listed() -> dict[str, dict[str, Any]]:
    proc = gitlab_ci_local("--list-json")
    assert proc.returncode == 0, proc.stderr
    return {job["name"]: job for job in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def preview() -> dict[str, Any]:
    proc = gitlab_ci_local("--preview")
    assert proc.returncode == 0, proc.stderr
    return yaml.safe_load(proc.stdout[proc.stdout.index("---"):])


def script(job: dict[str, Any]) -> list[str]:
    return [*job.get("before_script", []), *job["script"]]


def test_jobs_stages_and_shards_are_as_documented(listed: dict[str, dict[str, Any]], preview: dict[str, Any]) -> None:
    shards = [f"acceptance: [{index}/{SHARDS}]" for index in range(1, SHARDS + 1)]
    assert list(listed) == ["lint", "unit-tests", *shards, "synthesis", EXAMPLE_JOB, "report", "pages"]
    assert {name: job["stage"] for name, job in listed.items()} == {
        "lint": "test", "unit-tests": "test", **dict.fromkeys(shards, "test"), "synthesis": "test", EXAMPLE_JOB: "test",
        "report": "report", "pages": "report"}
    assert preview["acceptance"]["parallel"] == SHARDS
    assert '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' in " ".join(preview["acceptance"]["script"])
    # the report is built also when a shard failed, from every shard's runs and the pytest proofs of requirements
    assert listed["report"]["when"] == "always"
    # ... and the generated API tests' run (docs/synthesis.md)
    assert listed["report"]["needs"] == [{"job": "acceptance", "artifacts": True, "optional": False},
                                         {"job": "unit-tests", "artifacts": True, "optional": False},
                                         {"job": "synthesis", "artifacts": True, "optional": False}]
    assert preview["synthesis"]["artifacts"]["paths"] == ["reports/runs/", "reports/pytest-synthesis.xml",
                                                          "reports/pytest-synthesis-requirements.json"]
    assert [need["job"] for need in listed["pages"]["needs"]] == ["report"]


def test_every_job_that_starts_the_stack_stops_it_in_after_script(preview: dict[str, Any]) -> None:
    jobs = {name: job for name, job in preview.items() if isinstance(job, dict) and "script" in job}
    starting = sorted(name for name, job in jobs.items() if any(line.startswith(STARTS_STACK) for line in script(job)))
    assert starting == ["acceptance", EXAMPLE_JOB, "synthesis", "unit-tests"]
    for name in starting:
        assert any("./jump stack:down" in line for line in jobs[name].get("after_script", [])), name


def test_artifacts_hold_the_shards_runs_the_merged_report_and_the_junit_gitlab_reads(preview: dict[str, Any]) -> None:
    acceptance, report, unit = preview["acceptance"]["artifacts"], preview["report"]["artifacts"], preview["unit-tests"]["artifacts"]
    assert acceptance["when"] == "always" and acceptance["paths"] == ["reports/runs/"]
    assert report["when"] == "always" and report["paths"] == ["reports/"]
    # the JUnit file GitLab reads is the one the report job writes ...
    junit_line = next(line for line in preview["report"]["script"] if "--format junit" in line)
    words = shlex.split(junit_line)
    assert report["reports"]["junit"] == words[words.index("--output") + 1]
    # ... and the one pytest writes (pytest.ini), also kept as a plain artifact
    pytest_ini = configparser.ConfigParser()
    pytest_ini.read(ROOT / "pytest.ini")
    junitxml = re.search(r"--junitxml=(\S+)", pytest_ini["pytest"]["addopts"])
    assert junitxml and unit["reports"]["junit"] == junitxml.group(1)
    assert unit["when"] == "always" and junitxml.group(1) in unit["paths"]
    # the synthesis job runs the long synthesis tests that runs without -m synthesis leave out (so unit-tests does not),
    # into a JUnit file of its own
    words = next(shlex.split(line) for line in preview["synthesis"]["script"] if " pytest " in line)
    assert names_synthesis(words[words.index("-m", words.index("pytest")) + 1])
    assert "-m" not in shlex.split(pytest_ini["pytest"]["addopts"]) and "pytest -m" not in " ".join(script(preview["unit-tests"]))
    own = next(word.partition("=")[2] for word in words if word.startswith("--junitxml="))
    assert own != junitxml.group(1) and preview["synthesis"]["artifacts"]["reports"]["junit"] == own
    # every file that pytest line writes is kept (its requirement proofs too, not only the JUnit)
    written = [word.partition("=")[2] for word in words if word.startswith(("--junitxml=", "--requirements-json="))]
    assert len(written) == 2 and set(written) <= set(preview["synthesis"]["artifacts"]["paths"])


def test_every_jump_command_and_flag_of_the_pipeline_exists(preview: dict[str, Any]) -> None:
    lines = [line for job in preview.values() if isinstance(job, dict) and "script" in job
             for line in [*script(job), *job.get("after_script", [])]]
    flags: dict[str, set[str]] = {}
    for words in (shlex.split(line[line.index("./jump "):]) for line in lines if "./jump " in line):
        flags.setdefault(words[1], set()).update(word.split("=")[0] for word in words[2:] if word.startswith("--"))
    assert sorted(flags) == ["stack:down", "stack:up", "test:report", "test:run", "test:synthesize"]
    for command, used in flags.items():
        helped = subprocess.run([str(ROOT / "jump"), command, "--help"], cwd=ROOT, capture_output=True, text=True,
                                timeout=60, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
        assert helped.returncode == 0, f"{command}: {helped.stderr}"
        for flag in sorted(used):
            assert re.search(rf"(^|[\s,]){re.escape(flag)}\b", helped.stdout, re.M), f"{command} has no {flag}"


def test_the_example_job_runs_what_make_test_runs_for_the_second_target(preview: dict[str, Any]) -> None:
    """The same command line as the Makefile's (its environment file, folder, workers, rerun), and its
    results published: the run folder (Allure results and site, coverage) and its JUnit file for GitLab."""
    job = preview[EXAMPLE_JOB]
    makefile = (ROOT / "Makefile").read_text()
    made = next(line.split("#")[0].strip() for line in makefile.splitlines() if EXAMPLE_RUN in line)
    assert job["script"] == [made]
    assert "examples/postgraphile/features" in made and (ROOT / "support/config/environments/postgraphile.toml").is_file()
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always" and artifacts["paths"] == ["reports/runs/"]
    assert artifacts["reports"]["junit"] == "reports/runs/*/junit.xml"  # test:run writes junit.xml into its run folder
    # the merged report is the Jump suite's alone: the example's run folder is not handed to it
    assert EXAMPLE_JOB not in [need["job"] for need in preview["report"]["needs"]]
