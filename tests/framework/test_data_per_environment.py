"""The test-data ledger and the sweep are scoped per environment and target.

Two environments share one results database here (the local stack's), the situation in which a
sweep used to remove another environment's rows. Each "interrupted run" is a namespace whose
owner process is gone and whose rows are still in the platform databases.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_factories import Registry, VenueFactory, ledger, session
from data_factories.sweep import describe, survey
from support.db.pool import Databases
from support.db.queries import execute, fetch_value
from support.run.behave_runner import REPO
from support.stack.state import StackState


def _dead_pid() -> int:
    """The pid of a process that has finished: an owner that is certainly gone."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(proc.stdout)


def _interrupted_run(databases: Databases) -> tuple[str, str]:
    """A venue created under a namespace whose owner died without cleaning up: (namespace, venue id)."""
    registry = Registry.open(databases)
    with session.bound(databases, registry):
        venue = VenueFactory()
    registry.close()  # releases the claim without cleaning up, as a killed process does
    execute(databases.results, f"UPDATE {ledger.TABLE} SET owner_pid = %s WHERE namespace = %s", (_dead_pid(), registry.namespace))
    return registry.namespace, str(venue.id)


def _venue_exists(databases: Databases, venue_id: str) -> bool:
    return bool(fetch_value(databases.events, "SELECT count(*) FROM venue WHERE id = %s", (venue_id,)))


@pytest.fixture()
def environments(dsns: dict[str, str], stack_state: StackState) -> Iterator[dict[str, Databases]]:
    """local, staging (same databases, another environment), and staging pointed at another target."""
    other_target = {name: dsn.replace("127.0.0.1", "localhost") for name, dsn in dsns.items()}  # same server, other identity
    made = {
        "local": Databases.from_dsns(dsns, maxconn=3),
        "staging": Databases.from_dsns(dsns, maxconn=3, environment="staging"),
        "staging elsewhere": Databases.from_dsns(other_target, maxconn=3, environment="staging"),
    }
    yield made
    for dbs in made.values():
        dbs.close()


def test_a_sweep_in_one_environment_never_removes_another_environments_rows(environments: dict[str, Databases]) -> None:
    local, staging, elsewhere = environments["local"], environments["staging"], environments["staging elsewhere"]
    assert staging.target != elsewhere.target and staging.target == local.target
    staging_ns, staging_venue = _interrupted_run(staging)
    elsewhere_ns, elsewhere_venue = _interrupted_run(elsewhere)
    try:
        local_items = survey(local)
        assert {staging_ns, elsewhere_ns}.isdisjoint({i.state.namespace for i in local_items})
        assert _venue_exists(local, staging_venue) and _venue_exists(local, elsewhere_venue)
        assert ledger.entries(local.results, staging_ns) and ledger.entries(local.results, elsewhere_ns)

        # staging against the other target: sees only its own interrupted run and removes it
        removed = [i for i in survey(elsewhere) if i.action == "removed"]
        assert [i.state.namespace for i in removed if i.state.namespace in (staging_ns, elsewhere_ns)] == [elsewhere_ns]
        assert not _venue_exists(local, elsewhere_venue) and _venue_exists(local, staging_venue)

        # and staging against its own target removes the other one, saying so
        items = survey(staging)
        line = describe(items)
        assert line is not None and staging_ns in line and re.search(r"swept test data left by \d+ interrupted run\(s\)", line)
        assert not _venue_exists(local, staging_venue)
        assert ledger.entries(local.results, staging_ns) == []
    finally:  # whatever an assertion left behind
        for dbs in (staging, elsewhere):
            survey(dbs)


def _jump(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_data_sweep_shows_then_removes_what_an_interrupted_run_left(environments: dict[str, Databases]) -> None:
    local = environments["local"]
    namespace, venue_id = _interrupted_run(local)
    staging_ns, staging_venue = _interrupted_run(environments["staging"])
    try:
        dry = _jump("data:sweep", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert re.search(rf"{namespace} \[.*\] would remove: 1 row\(s\) \(events\.venue 1\)", dry.stdout), dry.stdout
        assert staging_ns not in dry.stdout
        assert _venue_exists(local, venue_id)

        done = _jump("data:sweep")
        assert done.returncode == 0, done.stderr
        assert re.search(rf"{namespace} \[.*\] removed: 1 row\(s\) \(events\.venue 1\)", done.stdout), done.stdout
        assert not _venue_exists(local, venue_id) and _venue_exists(local, staging_venue)
    finally:
        survey(local)
        survey(environments["staging"])


def test_the_start_of_run_sweep_says_on_the_console_what_it_removed(environments: dict[str, Databases], tmp_path: Path) -> None:
    local = environments["local"]
    namespace, venue_id = _interrupted_run(local)
    try:
        proc = _jump("test:run", "--flow", "smoke", "--tags", "@req:API-001.1", "--no-report", "--no-history",
                     "--set", f"reporting.reports_dir={tmp_path}")
        assert re.search(rf"swept test data left by \d+ interrupted run\(s\): \d+ row\(s\) removed from .*{namespace} \(1\)",
                         proc.stdout), proc.stdout + proc.stderr
        assert not _venue_exists(local, venue_id)
    finally:
        survey(local)


def test_each_deployed_environment_names_its_own_results_database() -> None:
    from support.config import load_settings

    environ = {"VAULT_TOKEN": "x"}
    results = {env: str(load_settings(env, environ=environ).databases.results) for env in ("integration", "staging", "production")}
    assert len(set(results.values())) == 3, results
