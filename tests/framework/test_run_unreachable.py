"""PostgreSQL stopped in the middle of a run: the run stops within seconds with exit 3 and one
line naming what is unreachable, instead of every scenario waiting for its own timeout.

Uses a stack of its own (JUMP_STACK_HOME in a temp folder); the shared stack is never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.run.behave_runner import REPO
from support.stack.lifecycle import LocalStack
from support.stack.postgres import free_port

STOP_WITHIN_S = 20.0


@pytest.fixture()
def own_stack(tmp_path: Path) -> Iterator[LocalStack]:
    stack = LocalStack(home=tmp_path / "stack")
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


def jump(*args: str, home: Path, reports: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, JUMP_STACK_HOME=str(home), JUMP_ENV="local")
    return subprocess.Popen([sys.executable, "-m", "support.run.cli", *args, "--set", f"reporting.reports_dir={reports}"],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def reported(reports: Path) -> int:
    return sum(len(p.read_text().splitlines()) for p in reports.glob("runs/*/workers/*/events.jsonl"))


@pytest.mark.req("ERR-001.4")
@pytest.mark.slow
def test_postgresql_stopped_mid_run_gives_exit_3_within_seconds(own_stack: LocalStack, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    proc = jump("test:run", "--quiet", "--no-report", "--parallel", "2", home=own_stack.home, reports=reports)
    deadline = time.monotonic() + 120
    while reported(reports) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, f"the run ended before PostgreSQL was stopped: {proc.communicate()}"
    state = own_stack.load_state()
    assert state is not None
    own_stack._postgres(state.pg_root).stop()
    stopped = time.monotonic()
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    took = time.monotonic() - stopped
    assert proc.returncode == 3, f"exit {proc.returncode}\nstdout:\n{out[-3000:]}\nstderr:\n{err[-3000:]}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "unreachable" in lines[0], err
    assert took < STOP_WITHIN_S, f"took {took:.1f}s to stop"
    print(f"run stopped {took:.1f}s after PostgreSQL went down: {lines[0]}")


def test_a_platform_that_is_down_before_the_run_is_exit_3_at_once(local_stack: LocalStack, tmp_path: Path) -> None:
    """The preflight check: nothing listens at the platform URL, so no worker is even started."""
    closed = f"http://127.0.0.1:{free_port()}"
    proc = jump("test:run", "--no-report", "--no-history", "--set", f"platform.rest_url={closed}",
                home=local_stack.home, reports=tmp_path / "reports")
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 3, (out, err)
    assert err.strip() == f"error: platform unreachable at {closed}/health: no connection (ConnectionError): check platform.rest_url and that the platform runs"
    assert not (tmp_path / "reports" / "runs").exists()  # no run folder, no worker
