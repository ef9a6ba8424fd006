"""Runs isolated and settings resolved once: every run writes under its own folder, two runs in one
checkout never mix, and workers get the parent's settings in their environment, never in argv."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.config import load_settings, resolve_auto
from support.config import snapshot as settings_snapshot
from support.config.snapshot import resolve_secrets
from support.run import events as ev
from support.run import run_folder
from support.run.behave_runner import REPO, BehaveRun, WorkerJob
from support.run.selection import list_scenarios
from support.stack.lifecycle import LocalStack


def results_in(folder: Path) -> list[ev.ScenarioFinished]:
    """The scenarios a run's stream reports."""
    return [e for e in ev.read_all(folder / ev.EVENTS_FILE) if isinstance(e, ev.ScenarioFinished)]


@pytest.mark.req("CI-001.2")
def test_two_runs_at_once_in_one_checkout_never_mix(local_stack: LocalStack, tmp_path: Path) -> None:
    """./jump test:run (pricing, 5 scenarios) and a plain behave run (discovery, 3) overlap in time and
    share one reports folder: each ends with its own run folder holding exactly its own results."""
    env = {**os.environ, "JUMP_REPORTING__REPORTS_DIR": str(tmp_path), "JUMP_ENV": "local"}
    env.pop(run_folder.RUN_DIR_ENV, None)
    jump = subprocess.Popen([sys.executable, "-m", "support.run.cli", "test:run", "--flow", "pricing", "--no-report",
                             "--no-history", "--parallel", "2"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    behave = subprocess.Popen([sys.executable, "-m", "behave", "--no-capture", "features/discovery"],
                              cwd=REPO, env={**env, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    overlapped = False
    deadline = time.monotonic() + 300
    while (jump.poll() is None or behave.poll() is None) and time.monotonic() < deadline:
        runs = list((tmp_path / "runs").glob("*")) if (tmp_path / "runs").is_dir() else []
        overlapped |= jump.poll() is None and behave.poll() is None and len(runs) == 2
        time.sleep(0.05)
    jump_out, jump_err = jump.communicate(timeout=60)
    behave_out, behave_err = behave.communicate(timeout=60)
    assert jump.returncode == 0, jump_out + jump_err
    assert behave.returncode == 0, behave_out + behave_err
    assert overlapped, "the two runs never ran at the same time: this proves nothing about mixing"
    folders = sorted((tmp_path / "runs").iterdir())
    assert len(folders) == 2
    found = sorted((len(results_in(f)), sorted({r.feature for r in results_in(f)})) for f in folders)
    expected = sorted((len(refs), sorted({r.feature for r in refs}))
                      for refs in (list_scenarios([f"features/{area}"], [], REPO) for area in ("pricing", "discovery")))
    assert found == expected  # each folder: exactly its own run's scenarios
    assert [f.name.endswith("-behave") for f in folders].count(True) == 1      # the plain run's folder says so
    assert (tmp_path / "latest").resolve() in [f.resolve() for f in folders]
    assert not (tmp_path / "allure-results").exists()  # nothing in the old shared folder


def test_a_plain_behave_run_leaves_latest_on_the_last_full_run(tmp_path: Path, monkeypatch) -> None:
    """``behave --tags @checkout`` after a full ./jump test:run: test:report (latest) still describes the full run."""
    monkeypatch.delenv(run_folder.RUN_DIR_ENV, raising=False)
    full = run_folder.create(tmp_path, "20260101-000000-aaaaaa")
    plain = run_folder.adopt(tmp_path, repoint=False)
    assert plain != full and plain.name.endswith("-behave") and run_folder.latest(tmp_path) == full.resolve()
    monkeypatch.delenv(run_folder.RUN_DIR_ENV)
    first = run_folder.adopt(tmp_path / "fresh", repoint=False)   # no run yet: the plain run is the latest one
    assert run_folder.latest(tmp_path / "fresh") == first.resolve()


def test_test_report_reads_the_latest_run_only(tmp_path: Path) -> None:
    older = run_folder.create(tmp_path, "20260101-000000-aaaaaa")
    newer = run_folder.create(tmp_path, "20260101-000001-bbbbbb")
    assert run_folder.latest(tmp_path) == newer.resolve() and older.is_dir()
    assert os.readlink(tmp_path / "latest") == "runs/20260101-000001-bbbbbb"  # relative: a copied reports/ still works


@pytest.mark.req("CI-001.3")
def test_merge_runs_gathers_every_shard_into_one_new_run(tmp_path: Path) -> None:
    shards = [run_folder.create(tmp_path, f"2026010{i}-000000-shard{i}") for i in (1, 2)]
    for number, shard in enumerate(shards):
        ev.append(shard / ev.EVENTS_FILE, ev.RunStarted(run_id=shard.name, environment="local", shard=f"{number + 1}/2"))
        ev.append(shard / ev.EVENTS_FILE, ev.ScenarioFinished(location=f"features/x.feature:{number}", feature="X",
                                                              name=f"S{number}", status="passed"))
        (shard / "attachments").mkdir()
        (shard / "attachments" / f"{number}-attachment.txt").write_text("log")
    merged = run_folder.merge(tmp_path, shards)
    events = ev.read_all(merged / ev.EVENTS_FILE)
    assert [e.kind for e in events] == ["run_started", "scenario_finished"] * 2
    assert sorted(p.name for p in (merged / "attachments").iterdir()) == ["0-attachment.txt", "1-attachment.txt"]
    assert run_folder.latest(tmp_path) == merged.resolve()


@pytest.mark.req("CFG-001.4", "SEC-001.3")
def test_workers_get_the_resolved_settings_in_their_environment_never_in_argv(local_stack: LocalStack, tmp_path: Path) -> None:
    settings = resolve_secrets(resolve_auto(load_settings("local", {"run.retry.max_attempts": "7",
                                                                    "auth.credentials.fan.password": "jump-fan-local"})))
    job = WorkerJob(worker="w0", namespace="jt-test-w0", locations=["features/pricing"],
                    run=BehaveRun(env="local", reports_dir=tmp_path, settings=settings))
    argv = " ".join(job.argv())
    assert "jump-fan-local" not in argv and "max_attempts" not in argv and "-D run." not in argv
    handed = settings_snapshot.take(job.environ())
    assert handed is not None
    assert handed.run.retry.max_attempts == 7
    assert handed.auth.credentials["fan"].password.get_secret_value() == "jump-fan-local"
    assert handed.source_of("run.retry.max_attempts") == settings.source_of("run.retry.max_attempts")


@pytest.mark.req("SEC-001.3")
def test_ps_during_a_run_shows_no_secret_given_with_set(local_stack: LocalStack, tmp_path: Path) -> None:
    """The parent's own argv is the caller's; what it starts (the workers) must not carry the value."""
    secret = "jump-fan-local"  # the local fan password: the run must still log in with it
    env = {**os.environ, "JUMP_REPORTING__REPORTS_DIR": str(tmp_path)}
    parent = subprocess.Popen([sys.executable, "-m", "support.run.cli", "test:run", "--flow", "pricing", "--no-report",
                               "--no-history", "--parallel", "2", "--set", f"auth.credentials.fan.password={secret}"],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: dict[int, str] = {}
    while parent.poll() is None:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "support.run.behave_runner" in cmdline and str(tmp_path) in cmdline:
                workers[int(proc.name)] = cmdline
        time.sleep(0.05)
    out, err = parent.communicate()
    assert parent.returncode == 0, out + err
    assert workers, "no worker was seen while the run went on: nothing was checked"
    assert not [cmd for cmd in workers.values() if secret in cmd]
