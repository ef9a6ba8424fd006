"""Production pointed at the local stack: every command and every scenario leaves both platform
databases as they were and sends no mutating request.

The production environment file is used as it is; only where it points is overridden (JUMP_*
variables): the platform is the local stack's, served over HTTPS by a second platform process,
reached through a recording HTTPS proxy that witnesses every request that really goes over the
wire. The data a production smoke check looks at (an event on sale, the smoke accounts) is
created first, as it would already exist on production; row counts are taken after that.
The platform's own audit log is the one table that grows: it records the smoke accounts'
sign-ins and reads by design (sandbox/README.md), which is the platform writing, not the framework.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from psycopg2 import sql

from data_factories import AppUserFactory, EventFactory, FanFactory, PricePointFactory, Registry, VenueFactory, seat_map, session
from support.clients.read_only import ALLOWED_WRITES, SAFE_METHODS, operation_of
from support.db.pool import Databases
from support.run.behave_runner import REPO
from support.stack.lifecycle import LocalStack
from support.stack.state import PlatformOptions, StackState
from tests.framework.db_support import platform_snapshots
from tests.stubs.recording_proxy import Recorded, Witness, recording_proxy

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # eleven commands, two of them whole runs
RESULTS_DATABASE = "jump_results_production_check"  # production names its own results database; so does this test
WRITING_FEATURE = REPO / "tests" / "acceptance_fixtures" / "writes_in_production.feature"


@dataclass
class Production:
    env: dict[str, str]
    witness: Witness
    reports: Path


def _admin(stack_state: StackState, statement: sql.Composable) -> None:
    conn = psycopg2.connect(host="127.0.0.1", port=stack_state.pg_port, user="postgres", dbname="postgres", connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def _drop_results(stack_state: StackState) -> None:
    _admin(stack_state, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(RESULTS_DATABASE)))


@pytest.fixture(scope="module")
def production(local_stack: LocalStack, stack_state: StackState, databases: Databases,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    reports = tmp_path_factory.mktemp("production-reports")
    _drop_results(stack_state)
    _admin(stack_state, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(RESULTS_DATABASE)))
    registry = Registry.open(databases)
    try:
        with session.bound(databases, registry):  # what production already holds
            event = EventFactory(venue_id=VenueFactory().id, status="ON_SALE")
            seating = seat_map(event, "A", rows=1, seats_per_row=4, price_code="STD")
            PricePointFactory(event_id=event.id, price_code_id=seating.block.price_code_id, price_type="ADULT", base_cents=4200)
            analyst, fan = AppUserFactory(role="analyst"), FanFactory()
        with local_stack.extra_platform(PlatformOptions(tls=True)) as upstream:
            tls = local_stack.home / f"tls-{upstream.rsplit(':', 1)[1]}"
            with recording_proxy(upstream, cert=tls / "server.pem", key=tls / "server.key", ca_file=tls / "ca.pem") as witness:
                dsns = {name: stack_state.dsn(f"jump_{name}") for name in ("events", "inventory")}
                env = {k: v for k, v in os.environ.items() if not k.startswith(("JUMP_", "CI_"))}
                env.update(
                    PYTHONPATH=str(REPO),
                    JUMP_PLATFORM__REST_URL=witness.url, JUMP_PLATFORM__GRAPHQL_URL=f"{witness.url}/graphql",
                    JUMP_PLATFORM__CA_FILE=str(tls / "ca.pem"),
                    JUMP_DATABASES__EVENTS=dsns["events"], JUMP_DATABASES__INVENTORY=dsns["inventory"],
                    JUMP_DATABASES__RESULTS=stack_state.dsn(RESULTS_DATABASE),
                    JUMP_PROD_DB_PASSWORD="not-needed-on-loopback",
                    JUMP_AUTH__CREDENTIALS__ANALYST__USERNAME=analyst.username, JUMP_PROD_ANALYST_PASSWORD=analyst.password,
                    JUMP_AUTH__CREDENTIALS__FAN__USERNAME=fan.username, JUMP_PROD_FAN_PASSWORD=fan.password,
                    JUMP_REPORTING__REPORTS_DIR=str(reports),
                )
                yield Production(env, witness, reports)
    finally:
        registry.cleanup_all()
        registry.close()
        _drop_results(stack_state)


def _jump(production: Production, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, env=production.env,
                          capture_output=True, text=True, timeout=600)


AUDIT_TABLE = "audit_event"
AUDITED_READS = {"SIGN_IN", "PERSONAL_DATA_READ", "ACCESS_DENIED"}  # what reading production may leave in its log


def _row_counts(databases: Databases) -> dict[str, dict[str, int]]:
    """Rows per table of both platform databases, but the audit log's (see the module docstring)."""
    return {name: {table: n for table, n in snap.row_counts().items() if table != AUDIT_TABLE}
            for name, snap in platform_snapshots(databases).items()}


def _audit_actions(databases: Databases) -> dict[Any, str]:
    """The audit log's actions by entry key."""
    return {key: row["action"] for key, row in platform_snapshots(databases)["inventory"].tables[AUDIT_TABLE].rows.items()}


def _writes(requests: list[Recorded]) -> list[str]:
    """Every recorded request that could have changed the platform (none may reach it)."""
    found = []
    for r in requests:
        path = r.path.split("?", 1)[0]
        if r.method in SAFE_METHODS or (r.method, path) in ALLOWED_WRITES:
            continue
        if r.method == "POST" and path == "/graphql":
            body = json.loads(r.body)
            kinds = {operation_of(b["query"], b.get("operationName"))[0] for b in (body if isinstance(body, list) else [body])}
            if kinds == {"query"}:
                continue
        found.append(f"{r.method} {r.path} {r.body[:200]!r}")
    return found


# (arguments, exit code, the one line on stderr when the command refuses)
COMMANDS: list[tuple[list[str], int | tuple[int, ...], str | None]] = [
    (["test:run", "--env", "production", "--parallel", "2", "--no-report"], 0, None),
    (["test:run", "--env", "production", "--flow", "checkout", "--no-report"], 1,
     "error: no runnable scenario: {n} selected, none can run in production"),
    (["test:generate", "--env", "production", "--schema", "events", "--table", "venue", "--count", "50", "--insert"], 2,
     "error: environment production is read-only: refused test:generate --insert (50 events.venue row(s))"),
    (["test:generate", "--env", "production", "--cleanup"], 2,
     "error: environment production is read-only: refused test:generate --cleanup (it deletes generated rows)"),
    (["test:generate", "--env", "production", "--schema", "events", "--table", "venue", "--count", "5", "--dry-run"], 0, None),
    (["data:sweep", "--env", "production"], 2,
     "error: environment production is read-only: refused the sweep of test data left by interrupted runs (it deletes rows)"
     " (./jump data:sweep --dry-run shows it)"),
    (["data:sweep", "--env", "production", "--dry-run"], 0, None),
    (["db:check", "--env", "production"], (0, 1), None),
    (["schema:check", "--env", "production"], 0, None),
    (["test:history", "--env", "production"], 0, None),
    (["test:config", "--env", "production"], 0, None),
]


def test_every_command_leaves_both_databases_as_they_were_and_sends_no_write(production: Production, databases: Databases) -> None:
    before, audited_before = _row_counts(databases), _audit_actions(databases)
    sent_before = len(production.witness.requests)
    for args, code, line in COMMANDS:
        proc = _jump(production, *args)
        codes = code if isinstance(code, tuple) else (code,)
        assert proc.returncode in codes, f"{' '.join(args)} -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        assert "Traceback" not in proc.stderr, f"{' '.join(args)}: {proc.stderr}"
        if line is not None:
            stderr = proc.stderr.strip()
            assert len(stderr.splitlines()) == 1, f"{' '.join(args)}: {stderr}"
            if "{n}" in line:
                prefix, suffix = line.split("{n}")
                assert stderr.startswith(prefix) and stderr.endswith(suffix) and stderr[len(prefix):-len(suffix)].isdigit(), stderr
            else:
                assert stderr == line
        if args[:3] == ["test:run", "--env", "production"] and code == 0:
            assert "left out" in proc.stdout and "only @production-safe scenarios run" in proc.stdout
            assert "12 passed" in proc.stdout and " 0 failed" in proc.stdout, proc.stdout[-3000:]
    assert _row_counts(databases) == before
    audited = _audit_actions(databases)
    assert {action for key, action in audited.items() if key not in audited_before} <= AUDITED_READS
    sent = production.witness.requests[sent_before:]
    assert _writes(sent) == []
    # not vacuous: the commands did talk to the platform, with reads and GraphQL queries
    assert any(r.method == "GET" for r in sent) and any(r.path == "/graphql" for r in sent)
    assert any((r.method, r.path) == ("POST", "/v1/auth/token") for r in sent)


def test_writes_inside_scenarios_are_refused_and_fail_the_scenario(production: Production, databases: Databases,
                                                                    tmp_path: Path) -> None:
    """The tags say production-safe; the boundary disagrees, and each scenario fails naming the write."""
    before = _row_counts(databases)
    sent_before = len(production.witness.requests)
    # cwd without a behave.ini: no Allure/JUnit output that would mix with a real run's reports
    proc = subprocess.run([sys.executable, "-m", "behave", "--no-color", "-f", "plain", "-D", "env=production", str(WRITING_FEATURE)],
                          cwd=tmp_path, env=production.env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-4000:]
    assert "1 scenario passed, 0 failed, 3 error" in out, out[-4000:]  # behave's word for a step that raised
    for refusal in ("environment production is read-only: refused creating test data in events.venue",
                    "environment production is read-only: refused POST /v1/venues",
                    "environment production is read-only: refused GraphQL mutation reserveSeats (POST /graphql)"):
        assert refusal in out, out[-4000:]
    assert _row_counts(databases) == before
    sent = production.witness.requests[sent_before:]
    assert _writes(sent) == [] and any(r.path == "/graphql" for r in sent)


def test_api_test_synthesis_is_refused_before_any_request(production: Production) -> None:
    """Not even its preflight's sign-ins: a production platform audits each of them."""
    sent_before = len(production.witness.requests)
    proc = _jump(production, "test:synthesize", "--env", "production", "--no-report")
    assert proc.returncode == 2, f"{proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert proc.stderr.strip() == ("error: environment production is read-only: refused API test synthesis"
                                   " (it creates test data and calls every write operation)")
    assert production.witness.requests[sent_before:] == []
