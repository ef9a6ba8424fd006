"""A run against the PostGraphile example is killed mid-scenario; the next run removes what it made.

The scenario (tests/acceptance_fixtures/killed_on_the_library.feature) adds two authors through the
GraphQL API as "writer" (OAuth2 client credentials from the real local provider): one registered
for removal through the database, one for a delete through the API. While it waits, the run is
killed (SIGKILL: no hook, no cleanup). Both registrations must be in the ledger, the request with
its role and no token; the next run's start sweeps them: the row deleted in the database, the
request sent through the API (authenticated anew as "writer").

Twice: with a results database (the ledger in PostgreSQL), and without one (the file ledger under
.jump/test-data/; the run says history is off, records no history, and test:history and the
dashboard say so in one line).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from data_factories.ledger import Target
from data_factories.ledger_file import FileLedger
from data_factories.ledger_store import FILE_LEDGER_DIR, LedgerStore, PostgresLedger
from data_factories.namespace import new_namespace
from support.config import ensure_local_stack, load_settings, resolve_auto
from support.config.models import FrameworkSettings
from support.db.pool import Databases
from support.session import database_dsns
from support.stack.lifecycle import LocalStack

REPO = Path(__file__).resolve().parents[2]
KILLED = REPO / "tests" / "acceptance_fixtures" / "killed_on_the_library.feature"
EXAMPLE = REPO / "support" / "config" / "environments" / "postgraphile.toml"
RESULTS_LINE = re.compile(r"^results = .*$", re.M)


def _environment(tmp_path: Path, name: str, *, results: bool) -> Path:
    """The example's environment file under another name, with or without its results database."""
    text = EXAMPLE.read_text()
    assert RESULTS_LINE.search(text)
    path = tmp_path / f"{name}.toml"
    path.write_text(text if results else RESULTS_LINE.sub("", text))
    return path


def _settings(path: Path) -> FrameworkSettings:
    settings = load_settings(str(path))
    ensure_local_stack(settings)  # the library target beside the stack (idempotent)
    return resolve_auto(settings)


def _env(tmp_path: Path, namespace: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMP_")}
    env.update(PYTHONPATH=str(REPO), JUMP_REPORTING__REPORTS_DIR=str(tmp_path / "reports"))
    return {**env, "JUMP_NAMESPACE": namespace} if namespace else env


def _authors(settings: FrameworkSettings, namespace: str) -> list[str]:
    with psycopg2.connect(settings.databases.named()["library"].dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT name FROM library.author WHERE name LIKE %s ORDER BY name", (f"Killed by % {namespace}",))
        return [r[0] for r in cur.fetchall()]


@pytest.fixture()
def databases_of(local_stack: LocalStack) -> Iterator[list[Databases]]:
    opened: list[Databases] = []
    yield opened
    for databases in opened:
        databases.close()


def _store(settings: FrameworkSettings, opened: list[Databases]) -> tuple[LedgerStore, Target]:
    databases = Databases.from_dsns(database_dsns(settings, None), environment=settings.environment)
    opened.append(databases)
    target = Target.of(databases)
    if databases.has_results:
        return PostgresLedger(databases.results), target
    return FileLedger(FILE_LEDGER_DIR / f"{settings.environment}.jsonl"), target


def _kill_mid_scenario(env_file: Path, tmp_path: Path, namespace: str, store: LedgerStore, target: Target) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "behave", "-D", f"env={env_file}", "--no-color", "-f", "plain",
                             "--no-capture", str(KILLED)], cwd=tmp_path, env=_env(tmp_path, namespace),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while not (store.requests(namespace, target=target) and store.entries(namespace, target=target)):
            assert proc.poll() is None, f"the run ended before it was killed:\n{proc.communicate()[0][-3000:]}"
            assert time.monotonic() < deadline, "the scenario never registered its cleanups"
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.mark.req("TDG-001.4")
@pytest.mark.parametrize("results", [True, False], ids=["results-database", "no-results-database"])
def test_the_next_run_removes_the_rows_and_sends_the_api_deletes_a_killed_run_registered(
        results: bool, tmp_path: Path, databases_of: list[Databases]) -> None:
    name = f"killed-{'db' if results else 'file'}-{os.getpid()}"
    env_file = _environment(tmp_path, name, results=results)
    settings = _settings(env_file)
    store, target = _store(settings, databases_of)
    namespace = new_namespace()

    _kill_mid_scenario(env_file, tmp_path, namespace, store, target)

    assert _authors(settings, namespace) == [f"Killed by API {namespace}", f"Killed by row {namespace}"]
    [row] = store.entries(namespace, target=target)
    [request] = store.requests(namespace, target=target)
    assert row.ref.table == "author" and request.request.role == "writer"
    assert "deleteAuthorById" in (request.request.document or "") and "Bearer" not in request.request.model_dump_json()
    if not results:
        assert isinstance(store, FileLedger) and "eyJ" not in store.path.read_text()  # no JWT written anywhere

    if results:  # the next run is a plain behave run: its worker sweeps at its start
        nxt = subprocess.run([sys.executable, "-m", "behave", "-D", f"env={env_file}", "--no-color", "-f", "plain",
                              str(REPO / "examples/postgraphile/features/library/books.feature"), "--name", "A visitor"],
                             cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    else:  # the next run is ./jump test:run of the whole example: the run's parent sweeps
        nxt = subprocess.run([str(REPO / "jump"), "test:run", "--env", str(env_file), "--quiet", "--parallel", "2",
                              "examples/postgraphile/features"], cwd=REPO, env=_env(tmp_path), capture_output=True, text=True,
                             timeout=600)
    output = nxt.stdout + nxt.stderr
    assert nxt.returncode == 0, output[-4000:]
    assert re.search(rf"swept test data left by \d+ interrupted run\(s\): \d+ row\(s\) removed from .*{namespace} \(1\)"
                     r".*, \d+ API request\(s\) sent", output), output[-4000:]
    assert _authors(settings, namespace) == []  # the API delete went through as "writer", the row through the database
    assert store.entries(namespace, target=target) == [] and store.requests(namespace, target=target) == []
    if not results:
        assert output.count("history off: no results database configured") == 1, output
        assert "history not written" not in output and "Traceback" not in output


@pytest.mark.parametrize("command", [["test:history"], ["dashboard"], ["dashboard:user", "list"]])
def test_the_history_commands_say_in_one_line_that_history_is_off(command: list[str], tmp_path: Path,
                                                                   local_stack: LocalStack) -> None:
    env_file = _environment(tmp_path, "no-history", results=False)
    _settings(env_file)  # the example target runs: its "auto" addresses resolve
    done = subprocess.run([str(REPO / "jump"), *command, "--env", str(env_file)], cwd=REPO, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("config error: history off: environment no-history has no results database (databases.results)")
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""
