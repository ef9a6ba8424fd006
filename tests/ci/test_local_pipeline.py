"""`make pipeline` (.ci/local-pipeline) fails when a job fails or leaves a process running.

Each test runs the real script and the real gitlab-ci-local on a scratch git project holding a tiny
.gitlab-ci.yml, so the script's own exit code is what is checked, in seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JOBS = """
passes:
  script: [echo fine]
fails:
  script: [echo broken; exit 3]
leaves-a-process:
  script: ["nohup sleep 300 >/dev/null 2>&1 &"]
"""
# what a job receives from the ones before it: a clean checkout and the artifacts of its needs
STAGED = """
stages: [build, use]
producer:
  stage: build
  script: [mkdir -p out, echo made > out/a, echo stray > stray.txt]
  artifacts: {paths: [out/]}
bystander:
  stage: build
  script: [echo mine > mine.txt]
consumer:
  stage: use
  needs: [producer]
  script: [test -f out/a, test ! -e stray.txt, test ! -e mine.txt, echo received]
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "local-pipeline", project / ".ci")
    (project / "tools").mkdir()
    (project / "tools" / "node_modules").symlink_to((ROOT / "tools" / "node_modules").resolve())
    (project / ".gitlab-ci.yml").write_text(JOBS)
    (project / ".gitignore").write_text("tools/node_modules\n.gitlab-ci-local/\n")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "scratch"], check=True)
    return project


def local_pipeline(project: Path, *jobs: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITLAB_"))}
    env.update(TMPDIR=str(project.parent), NO_COLOR="1")
    return subprocess.run([str(project / ".ci" / "local-pipeline"), *jobs], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def checkouts_left(project: Path) -> list[Path]:
    worktrees = subprocess.run(["git", "-C", str(project), "worktree", "list"], capture_output=True, text=True).stdout
    return [*project.parent.glob("jump-pipeline.*"), *([Path(worktrees)] if worktrees.count("\n") > 1 else [])]


def test_a_failing_job_fails_the_pipeline_and_every_job_leaves_its_log(project: Path) -> None:
    proc = local_pipeline(project, "passes", "fails")
    assert proc.returncode != 0, proc.stdout
    assert re.search(r"PASS.*passes", proc.stdout) and re.search(r"FAIL.*fails", proc.stdout), proc.stdout
    logs = project / ".gitlab-ci-local/pipeline/output"
    assert "fine" in (logs / "passes.log").read_text() and "broken" in (logs / "fails.log").read_text()
    assert checkouts_left(project) == []


def test_a_process_left_behind_fails_the_pipeline_and_is_stopped(project: Path) -> None:
    proc = local_pipeline(project, "leaves-a-process")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "left processes running" in proc.stderr
    pids = re.findall(r"^  (\d+) sleep 300", proc.stderr, re.M)
    assert pids, proc.stderr
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)
    assert checkouts_left(project) == []


def test_each_job_gets_a_clean_checkout_and_the_artifacts_of_its_needs(project: Path) -> None:
    (project / ".gitlab-ci.yml").write_text(STAGED)   # uncommitted: the pipeline runs the working tree's file
    proc = local_pipeline(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"PASS.*consumer", proc.stdout), proc.stdout
    assert "received" in (project / ".gitlab-ci-local/pipeline/output/consumer.log").read_text()
