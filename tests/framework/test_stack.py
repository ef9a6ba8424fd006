"""The local stack's life: up (idempotent), status --json, down leaves nothing listening."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from support.stack import platform
from support.stack.lifecycle import LocalStack
from support.stack.postgres import port_is_open
from support.stack.state import SHORT_LOCK_TTL_S, PlatformOptions

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_separate_stack_up_is_idempotent_and_down_stops_everything(tmp_path: Path) -> None:
    stack = LocalStack(home=tmp_path / "stack")
    try:
        status, started = stack.up(PlatformOptions(lock_ttl_seconds=5))
        assert started and status.up
        state = status.state
        assert state is not None
        assert requests.get(f"{state.rest_url}/health", timeout=5).json()["status"] == "ok"
        assert state.short_ttl_port is not None and state.short_ttl_pid is not None
        assert requests.get(f"http://127.0.0.1:{state.short_ttl_port}/health", timeout=5).json()["status"] == "ok"

        again, started_again = stack.up()
        assert not started_again and again.state is not None
        assert again.state.platform_pid == state.platform_pid
        extra_pid = _extra_platform_of_a_killed_run(stack.home)
    finally:
        stack.down()
    assert not port_is_open(state.pg_port)
    assert not port_is_open(state.platform_port)
    assert not platform.pid_alive(state.platform_pid)
    assert not port_is_open(state.short_ttl_port) and not platform.pid_alive(state.short_ttl_pid)
    assert not platform.pid_alive(extra_pid), "stack:down left the second platform of a killed run running"
    assert not stack.status().up


def _extra_platform_of_a_killed_run(home: Path) -> int:
    """A process starts a second platform (as @needs-local-stack scenarios do) and is killed with it running."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from support.stack.lifecycle import LocalStack\n"
        "from support.stack.state import PlatformOptions\n"
        "with LocalStack(Path(sys.argv[1])).extra_platform(PlatformOptions()) as url:\n"
        "    print(url, flush=True)\n"
        "    time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(home)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    proc.kill()  # SIGKILL: no finally runs, the second platform (its own session) keeps running
    proc.wait(timeout=30)
    state = LocalStack(home).load_state()
    assert state is not None and len(state.extra_platform_pids) == 1, state
    pid = state.extra_platform_pids[0]
    assert platform.pid_alive(pid) and requests.get(f"{url}/health", timeout=5).status_code == 200
    return pid


def test_status_json_names_urls_health_and_databases(local_stack: LocalStack) -> None:
    proc = subprocess.run([str(REPO / "jump"), "stack:status", "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    status = json.loads(proc.stdout)
    assert status["health"]["status"] == "ok"
    assert status["graphql_url"].endswith("/graphql") and status["rest_url"].startswith("http://127.0.0.1:")
    assert set(status["databases"]) >= {"events", "inventory"}
    assert all(dsn.startswith("postgresql://") for dsn in status["databases"].values())


def test_status_of_a_stack_that_never_started_exits_3(tmp_path: Path) -> None:
    env = {"JUMP_STACK_HOME": str(tmp_path / "none"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([str(REPO / "jump"), "stack:status"], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 3
    assert "not running" in proc.stdout


def test_the_short_lifetime_platform_holds_reservations_briefly_on_the_same_databases(local_stack: LocalStack) -> None:
    """The expiry scenarios' platform: a reservation made there lives SHORT_LOCK_TTL_S, not the main TTL."""
    from tests.sandbox.seed import FAN_PASSWORD, Seeder

    state = local_stack.load_state()
    assert state is not None and state.short_ttl_graphql_url is not None
    seeder = Seeder(state.databases)
    try:
        sale = seeder.sale_event(seats=2)
        fan = seeder.fan()
        token = requests.post(f"{state.rest_url}/v1/auth/token", json={"username": fan.email, "password": FAN_PASSWORD},
                              timeout=30).json()["access_token"]  # issued by the main platform, accepted by both
        reserve = {"query": "mutation($i: ReserveSeatsInput!) { reserveSeats(input: $i) { expiresAt } }",
                   "variables": {"i": {"eventId": str(sale.event_id), "quantity": 1, "priceType": "ADULT"}}}
        answer = requests.post(state.short_ttl_graphql_url, json=reserve, headers={"Authorization": f"Bearer {token}"},
                               timeout=30).json()
        expires_at = dt.datetime.fromisoformat(answer["data"]["reserveSeats"]["expiresAt"])
        lifetime = (expires_at - dt.datetime.now(dt.UTC)).total_seconds()
        assert 0 < lifetime <= SHORT_LOCK_TTL_S < state.options.lock_ttl_seconds, answer
    finally:
        seeder.cleanup()


@pytest.mark.slow
def test_a_platform_started_from_other_sandbox_code_is_restarted_by_the_next_up(tmp_path: Path) -> None:
    """A pull or an edit of sandbox/ while the stack runs: the next run must not test the old code."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "sandbox", repo / "sandbox", ignore=shutil.ignore_patterns("__pycache__"))
    stack = LocalStack(home=tmp_path / "stack", repo=repo)
    try:
        first, _ = stack.up()
        assert first.state is not None and not stack.platform_is_stale(first.state)
        with (repo / "sandbox" / "app.py").open("a") as app:
            app.write("\n# an edit after the platform started\n")
        assert stack.platform_is_stale(stack.load_state())
        second, restarted = stack.up()
        assert restarted and second.up and second.state is not None
        assert second.state.platform_pid != first.state.platform_pid
        assert second.state.pg_port == first.state.pg_port  # same databases, only the platform restarted
        assert not stack.platform_is_stale(second.state)
        assert stack.up()[1] is False  # unchanged code: nothing restarts
    finally:
        stack.down()
