"""Every documented error case (docs/cli.md): one line on stderr, the documented exit code, no traceback.

Each test runs the real command line (``python -m support.run.cli``) in a subprocess. Vault cannot
run here: ``tests/stubs/vault.py`` is a STUB speaking Vault's real KV v2 HTTP API on loopback, and
hvac talks to it over a socket exactly as to Vault. Platforms that answer 404 or 503 are loopback
HTTP stubs too (``tests/stubs/http.py``); everything else is the real local stack.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
import requests

from support.config import load_settings, resolve_auto
from support.config.snapshot import resolve_secrets
from support.contracts import pins
from support.errors import PlatformUnreachable
from support.run import preflight
from support.run.behave_runner import REPO, BehaveRun
from support.run.engine import Engine
from support.run.exit_codes import ExitCode
from support.run.selection import list_scenarios
from support.stack.lifecycle import LocalStack
from support.stack.postgres import free_port
from tests.stubs.http import serving
from tests.stubs.vault import running_vault

INTEGRATION = "support/config/environments/integration.toml"


def jump(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """The CLI with a clean environment: no JUMP_*, VAULT_* or CI_* variable of the caller leaks in."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUMP_", "VAULT_", "CI_"))}
    base["JUMP_CONFIG_DIR"] = str(cwd / ".jump-test-no-overrides")  # no personal override file
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=cwd, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def one_line(proc: subprocess.CompletedProcess[str], code: int) -> str:
    """Asserts the exit code, exactly one line on stderr and no traceback; returns the line."""
    assert proc.returncode == code, f"exit {proc.returncode}\nstdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


# -- the command line's own usage errors --------------------------------------------------------------
@pytest.mark.req("ERR-001.1")
@pytest.mark.parametrize(("args", "expected"), [
    (["test:run", "--bogus"], "usage error: jump test:run: No such option: --bogus"),
    (["test:run", "--parallel", "abc"], "usage error: jump test:run: Invalid value for '--parallel' / '-p': Input should be a valid integer"),
    (["test:history", "--limit", "0"], "usage error: jump test:history: Invalid value for '--limit': Input should be greater than or equal to 1"),
    (["test:rnu"], "usage error: jump: No such command 'test:rnu'. Did you mean 'test:run'"),
])
def test_a_mistyped_option_value_or_command_is_one_line_and_exit_2(args: list[str], expected: str) -> None:
    """Not typer's five-line box: one line naming the command and the problem, and where the options are listed."""
    line = one_line(jump(*args), 2)
    assert line.startswith(expected) and line.endswith("--help lists them)"), line


def test_help_and_a_bare_command_line_still_show_the_commands() -> None:
    helped, bare = jump("--help"), jump()
    assert helped.returncode == 0 and "test:run" in helped.stdout
    assert bare.returncode == 2 and "test:run" in bare.stdout + bare.stderr and "Traceback" not in bare.stderr


# -- Vault (a stub: see the module docstring) --------------------------------------------------------
@pytest.mark.req("ERR-001.1")
def test_vault_down_is_exit_3_naming_vault() -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    line = one_line(jump("db:check", "--env", "integration", env={"JUMP_VAULT__URL": closed, "VAULT_TOKEN": "t"}), 3)
    assert line == (f"error: Vault unreachable at {closed} (ConnectionError) while reading databases.password: "
                    "check vault.url and that Vault is up")


def test_vault_answering_403_for_an_expired_token_is_exit_2() -> None:
    with running_vault("current-token", {("secret", "jump/integration/database"): {"password": "x"}}) as vault:
        proc = jump("db:check", "--env", "integration", env={"JUMP_VAULT__URL": vault.url, "VAULT_TOKEN": "expired-token"})
    assert one_line(proc, 2) == (
        f"config error: databases.password = 'vault:secret/jump/integration/database#password' in {INTEGRATION}: "
        f"Vault at {vault.url} denied access (403: the token expired or lacks read on secret/jump/integration/database): "
        "renew the token in vault.token")
    assert "expired-token" not in proc.stderr


def test_vault_answering_404_is_exit_2_naming_the_path() -> None:
    with running_vault("t0ken", {}) as vault:
        proc = jump("db:check", "--env", "integration", env={"JUMP_VAULT__URL": vault.url, "VAULT_TOKEN": "t0ken"})
    assert one_line(proc, 2) == (
        f"config error: databases.password = 'vault:secret/jump/integration/database#password' in {INTEGRATION}: "
        "Vault has no secret at secret/jump/integration/database (404): check the path in the reference")


def test_a_vault_problem_stops_test_run_before_any_worker(tmp_path: Path) -> None:
    """Secrets are resolved once, in the parent: no worker ever talks to Vault, none starts."""
    with running_vault("current-token", {}) as vault:
        proc = jump("test:run", "--env", "integration", "--flow", "pricing", "--no-report", "--no-history",
                    env={"JUMP_VAULT__URL": vault.url, "VAULT_TOKEN": "expired-token", "JUMP_REPORTING__REPORTS_DIR": str(tmp_path)})
    assert re.fullmatch(r"config error: auth\.credentials\.admin\.password = .* denied access \(403: .*", one_line(proc, 2))
    assert not (tmp_path / "runs").exists()


COMMANDS = [("db:check",), ("test:history",), ("test:generate", "--schema", "events", "--table", "event", "--dry-run")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_vault_token_unset_is_exit_2(command: tuple[str, ...]) -> None:
    assert one_line(jump(*command, "--env", "staging"), 2) == (
        "config error: vault.token = 'env:VAULT_TOKEN' in support/config/environments/staging.toml: "
        "environment variable VAULT_TOKEN is not set: export it")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_database_password_variable_unset_is_exit_2(command: tuple[str, ...]) -> None:
    assert one_line(jump(*command, "--env", "production"), 2) == (
        "config error: databases.password = 'env:JUMP_PROD_DB_PASSWORD' in support/config/environments/production.toml: "
        "environment variable JUMP_PROD_DB_PASSWORD is not set: export it")


@pytest.mark.req("ERR-001.1")
@pytest.mark.parametrize("how", [("--debug",), ()], ids=["--debug", "JUMP_DEBUG=1"])
def test_debug_shows_the_traceback_then_the_line(how: tuple[str, ...]) -> None:
    proc = jump(*how, "db:check", "--env", "production", env={} if how else {"JUMP_DEBUG": "1"})
    assert proc.returncode == 2
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert proc.stderr.strip().splitlines()[-1].startswith("config error: databases.password = ")


# -- the reports folder ------------------------------------------------------------------------------
@pytest.mark.req("ERR-001.1")
def test_reports_being_a_file_is_exit_2(local_stack: LocalStack, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.write_text("not a folder")
    proc = jump("test:run", "--flow", "pricing", "--no-history", env={"JUMP_REPORTING__REPORTS_DIR": str(reports)})
    assert one_line(proc, 2) == (f"error: the reports folder {reports} is a file, not a folder: remove it or set "
                                 "reporting.reports_dir to another folder")


def test_reports_not_writable_is_exit_2(local_stack: LocalStack, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes through permission bits: /sys refuses new folders even to root
        reports, reason = Path("/sys/jump-test-reports"), "Operation not permitted"
    else:
        (tmp_path / "locked").mkdir(mode=0o500)
        reports, reason = tmp_path / "locked" / "reports", "Permission denied"
    proc = jump("test:run", "--flow", "pricing", "--no-history", env={"JUMP_REPORTING__REPORTS_DIR": str(reports)})
    assert one_line(proc, 2) == (f"error: the reports folder {reports} is not writable ({reason}): fix its permissions "
                                 "or set reporting.reports_dir to another folder")


# -- the local stack ---------------------------------------------------------------------------------
@pytest.fixture()
def stale_stack_home(tmp_path: Path) -> Iterator[Path]:
    """A .jump/stack.json left by a stack that is gone, whose PostgreSQL port another process now holds."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    dead = subprocess.Popen(["true"])
    dead.wait()
    home = tmp_path / "stack"
    home.mkdir()
    port = holder.getsockname()[1]
    (home / "stack.json").write_text(json.dumps({
        "pg_port": port, "pg_root": str(home / "pg"), "platform_port": free_port(), "platform_pid": dead.pid,
        "options": {}, "ca_file": None, "started_at": "2026-01-01T00:00:00Z"}))
    try:
        yield home
    finally:
        holder.close()


@pytest.mark.parametrize("command", [("db:check",), ("test:history",)], ids=lambda c: c[0])
def test_a_stale_stack_file_whose_port_is_taken_is_exit_3(stale_stack_home: Path, command: tuple[str, ...]) -> None:
    line = one_line(jump(*command, env={"JUMP_STACK_HOME": str(stale_stack_home)}), 3)
    assert re.fullmatch(r"error: platform\.graphql_url is 'auto' \(support/config/environments/local\.toml\) but the "
                        r"local stack is not running: start it with \./jump stack:up", line)


def test_stack_status_does_not_take_a_foreign_port_for_our_postgresql(stale_stack_home: Path) -> None:
    status = LocalStack(home=stale_stack_home).status()
    assert not status.postgres_running and not status.up


# -- selection, shards, steps and Gherkin --------------------------------------------------------------
@pytest.mark.req("CI-001.5")
def test_a_ci_shard_beyond_the_total_is_exit_2() -> None:
    proc = jump("test:run", "--dry-run", env={"CI_NODE_INDEX": "5", "CI_NODE_TOTAL": "3"})
    assert one_line(proc, 2) == ("config error: ci.node_index = 5 in CI_NODE_INDEX: shard 5 of 3 does not exist: "
                                 "fix the job's parallel: N or pass --shard I/N")


AMBIGUOUS = '''from behave import given


@given('an on-sale event "{title:Text}" with {seats:d} seats in section "{section:Text}" at {price:Money}')
def the_same_phrase_again(context, title, seats, section, price):
    """Given an on-sale event "Gala" with 5 seats in section "A" at 10.00 EUR"""
'''
AMBIGUOUS_LINE = (r"error: ambiguous step definition @given\('an on-sale event .*'\) at steps/zz_duplicate_steps\.py:4: the same "
                  r"text is already matched by the step at steps/event_steps\.py:\d+; rename or remove one of them")


def test_steps_list_with_an_ambiguous_step_is_exit_2(tmp_path: Path) -> None:
    shutil.copytree(REPO / "steps", tmp_path / "steps", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "steps" / "zz_duplicate_steps.py").write_text(AMBIGUOUS)
    assert re.fullmatch(AMBIGUOUS_LINE, one_line(jump("steps:list", "--steps-dir", str(tmp_path / "steps")), 2))


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the framework with only the pricing features, to break on purpose (never the checkout)."""
    root = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("support", "steps", "data_factories"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    shutil.copytree(REPO / "features" / "pricing", root / "features" / "pricing", ignore=ignore)
    for data in (p for p in (REPO / "features").rglob("*") if p.is_file() and p.suffix != ".feature"):
        # data files step modules read when imported (features/security/access_matrix.csv)
        (root / data.relative_to(REPO)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data, root / data.relative_to(REPO))
    for name in ("behave.ini", "environment.py"):
        shutil.copy(REPO / name, root / name)
    return root


def scratch_run(root: Path) -> subprocess.CompletedProcess[str]:
    # run.manage_local_stack=false: a regression past the check would fail, never start a stack in the copy
    return jump("test:run", "--no-report", "--no-history", cwd=root,
                env={"PYTHONPATH": str(root), "JUMP_RUN__MANAGE_LOCAL_STACK": "false"})


def test_an_ambiguous_step_stops_test_run_once_not_per_scenario(scratch_project: Path) -> None:
    (scratch_project / "steps" / "zz_duplicate_steps.py").write_text(AMBIGUOUS)
    proc = scratch_run(scratch_project)
    assert re.fullmatch(AMBIGUOUS_LINE, one_line(proc, 2))
    assert "failed" not in proc.stdout


@pytest.mark.req("ERR-001.3")
def test_a_gherkin_syntax_error_names_file_line_and_what(scratch_project: Path) -> None:
    (scratch_project / "features" / "pricing" / "broken.feature").write_text(
        "Feature: Broken\n\n  Scenario: fine\n    Given a step\n\n  Scenari: misspelt\n    Given another\n")
    assert one_line(scratch_run(scratch_project), 2) == (
        'error: features/pricing/broken.feature:6: Gherkin syntax error: unexpected "Scenari: misspelt" '
        "(while reading steps): fix the feature file")


# -- the platform: health, transient faults, credentials, workers ---------------------------------------
def answering(status: int, body: object = None, content_type: str = "application/json"):  # noqa: ANN201
    def respond(method: str, path: str, headers: Message, payload: bytes) -> tuple[int, str, bytes]:
        return status, content_type, json.dumps(body if body is not None else {"detail": "Not Found"}).encode()
    return respond


@pytest.mark.parametrize(("status", "body", "said"), [
    (404, None, "HTTP 404"), (401, {"detail": "login first"}, "HTTP 401"), (200, {"status": "degraded"}, "HTTP 200, status 'degraded'"),
])
def test_preflight_takes_only_a_healthy_answer_as_up(status: int, body: object, said: str) -> None:
    with serving(answering(status, body)) as url:
        with pytest.raises(PlatformUnreachable) as caught:
            preflight.check_health(url, verify=True, timeout_s=5)
    assert str(caught.value) == (f"platform unreachable at {url}/health: not healthy ({said}): "
                                 "check platform.rest_url and the platform's log")


def test_preflight_passes_the_real_platform(base_url: str) -> None:
    preflight.check_health(base_url, verify=True, timeout_s=5)


def test_a_url_answering_404_to_everything_stops_test_run_with_exit_3(local_stack: LocalStack, tmp_path: Path) -> None:
    with serving(answering(404)) as url:
        proc = jump("test:run", "--flow", "pricing", "--no-history", "--set", f"platform.rest_url={url}",
                    "--set", f"platform.graphql_url={url}/graphql", env={"JUMP_REPORTING__REPORTS_DIR": str(tmp_path)})
    assert one_line(proc, 3) == (f"error: platform unreachable at {url}/health: not healthy (HTTP 404): "
                                 "check platform.rest_url and the platform's log")
    assert "passed" not in proc.stdout


def test_a_transient_503_on_the_openapi_document_is_retried() -> None:
    calls: list[str] = []
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}

    def respond(method: str, path: str, headers: Message, payload: bytes) -> tuple[int, str, bytes]:
        calls.append(path)
        if len(calls) == 1:
            return 503, "application/problem+json", b'{"title": "Service Unavailable"}'
        return 200, "application/json", json.dumps(document).encode()

    with serving(respond) as url:
        fetched = pins.fetch_openapi(url)  # the contract gate's fetch; clients validate against the pin
    assert fetched == document and calls == ["/openapi.json", "/openapi.json"]


def test_an_openapi_document_that_stays_unavailable_is_unreachable() -> None:
    with serving(answering(503, {"title": "down"})) as url:
        with pytest.raises(PlatformUnreachable, match=r"/openapi\.json: HTTP 503 after 3 attempts$"):
            pins.fetch_openapi(url)


def test_a_url_serving_no_openapi_document_stops_test_run_at_the_contract_gate(local_stack: LocalStack, tmp_path: Path) -> None:
    """/health and GraphQL answer (the real platform behind a proxy) but /openapi.json is 404: exit 2,
    one line naming platform.rest_url, before any worker starts."""
    target = local_stack.load_state().rest_url

    def respond(method: str, path: str, headers: Message, payload: bytes) -> tuple[int, str, bytes]:
        if path == "/openapi.json":
            return 404, "application/json", b'{"detail": "Not Found"}'
        upstream = requests.request(method, target + path, data=payload, headers={"Content-Type": "application/json"}, timeout=30)
        return upstream.status_code, upstream.headers.get("content-type", "application/json"), upstream.content

    with serving(respond) as url:
        proc = jump("test:run", "--flow", "pricing", "--no-history", "--set", f"platform.rest_url={url}",
                    "--set", f"platform.graphql_url={url}/graphql", env={"JUMP_REPORTING__REPORTS_DIR": str(tmp_path)})
    assert one_line(proc, 2) == (f"config error: platform.rest_url: GET {url}/openapi.json answered HTTP 404, "
                                 "not an OpenAPI document: check platform.rest_url and contracts.openapi_path "
                                 "(contracts.openapi = false when the API has no OpenAPI document)")
    assert not list(tmp_path.glob("runs/*/workers/*"))


def test_a_wrong_admin_password_is_one_error_not_a_failure_per_scenario(local_stack: LocalStack, tmp_path: Path) -> None:
    proc = jump("test:run", "--flow", "pricing", "--no-history",
                env={"JUMP_AUTH__CREDENTIALS__ADMIN__PASSWORD": "not-the-password", "JUMP_REPORTING__REPORTS_DIR": str(tmp_path)})
    assert one_line(proc, 2) == (
        "config error: auth.credentials.admin.password in JUMP_AUTH__CREDENTIALS__ADMIN__PASSWORD: the platform refused "
        "the admin account 'admin' (POST /v1/auth/token -> HTTP 401): fix the password")
    assert "not-the-password" not in proc.stdout + proc.stderr
    assert not (tmp_path / "runs").exists()


@pytest.mark.req("ERR-001.4")
def test_a_worker_that_cannot_start_ends_the_run_with_its_reason(local_stack: LocalStack, tmp_path: Path) -> None:
    """Past the preflight (engine only): each worker's start-up fails (the results database, which
    holds the test-data ledger, refuses connections); the run ends with that line and exit 3, never as "0 passed 0 failed" or a fake
    "no result" failure per scenario. (Workers no longer fetch the OpenAPI document: they validate
    against the pin, and the contract gate fetches the live one once, before them.)"""
    refs = list_scenarios(["features/pricing"], [], REPO)
    closed = f"postgresql://postgres@127.0.0.1:{free_port()}/jump_results"
    settings = resolve_secrets(resolve_auto(load_settings("local", {"databases.results": closed})))
    run = BehaveRun(env="local", reports_dir=tmp_path / "run", settings=settings, quiet=True)
    run.work_dir.mkdir(parents=True)
    result = Engine(run, parallel=2).execute(refs)
    port = closed.split(":")[2].split("/")[0]
    assert result.stopped is not None and result.stopped[:2] == (ExitCode.UNREACHABLE, f'error: database results unreachable: connection to server at "127.0.0.1", '
                                                    f"port {port} failed: Connection refused: check databases.results and that PostgreSQL runs")
    assert {result.final(ref, REPO) for ref in refs} == {"skipped"}


@pytest.mark.req("SEC-001.3")
def test_test_config_set_refuses_a_literal_secret_and_keeps_references_private(tmp_path: Path) -> None:
    env = {"JUMP_CONFIG_DIR": str(tmp_path)}
    proc = jump("test:config", "--set", "auth.credentials.admin.password=hunter2", env=env)
    assert one_line(proc, 2) == (
        "config error: auth.credentials.admin.password: test:config --set refuses to write a literal secret; store a "
        "reference such as env:NAME or vault:<mount>/<path>#<key> (e.g. --set auth.credentials.admin.password=env:MY_PASSWORD)")
    assert "hunter2" not in proc.stdout + proc.stderr and not (tmp_path / "config.local.toml").exists()
    proc = jump("test:config", "--set", "auth.credentials.admin.password=env:MY_ADMIN_PASSWORD", env=env)
    assert proc.returncode == 0, proc.stderr
    written = tmp_path / "config.local.toml"
    assert 'password = "env:MY_ADMIN_PASSWORD"' in written.read_text()
    assert written.stat().st_mode & 0o777 == 0o600
