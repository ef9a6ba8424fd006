"""Targets as configuration: an environment file points the framework at any API (issue 14).

Any environment name (a file or a path), base URLs without the other API, no OpenAPI contract
without a fetch, databases under any names in any PostgreSQL schemas, and a local run whose
addresses were overridden that never starts a stack without saying so. The database tests run on a
throw-away database of their own (the example library, examples/postgraphile/library.sql) on the
local PostgreSQL, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from data_factories import Registry
from data_factories.errors import CleanupError
from data_factories.generator import build_plan, generate, loader
from data_factories.generator.loader import catalogs_of, generated_namespaces, insert_dataset
from support.config import ConfigError, ensure_local_stack, load_settings, resolve_auto
from support.config.local import HINT_SOURCE
from support.contracts import gate
from support.db.catalog import clear_cache, load_catalog
from support.db.pool import Databases
from support.errors import GenerationError, JumpError
from support.journeys import api
from support.session import PlatformSession
from support.stack.lifecycle import StackStatus
from support.stack.state import StackState
from support.state import ScenarioState

REPO = Path(__file__).resolve().parents[2]
LIBRARY_SQL = REPO / "examples" / "postgraphile" / "library.sql"


def _env_file(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture()
def library_dsn(stack_state: StackState) -> Iterator[str]:
    """A database of its own holding the example library in schema ``library``; dropped afterwards."""
    name = f"jt_library_{uuid.uuid4().hex[:10]}"
    admin = stack_state.dsn("postgres")
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        dsn = stack_state.dsn(name)
        with psycopg2.connect(dsn) as library, library.cursor() as cur:
            cur.execute(LIBRARY_SQL.read_text(encoding="utf-8"))
        library.close()
        yield dsn
    finally:
        clear_cache()
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


# -- any environment -------------------------------------------------------------------------------
def test_an_environment_is_any_file_given_by_path_and_named_after_it(tmp_path: Path) -> None:
    path = _env_file(tmp_path, "library", """
[platform]
graphql_url = "http://127.0.0.1:1/graphql"
[databases.library]
dsn = "postgresql://qa@127.0.0.1:1/library"
schemas = ["library", "public"]
[databases]
results = "postgresql://qa@127.0.0.1:1/results"
[contracts]
dir = "examples/postgraphile/contracts"
openapi = false
""")
    settings = load_settings(str(path), environ={})
    assert settings.environment == "library"
    assert settings.platform.rest_url is None
    assert {name: (db.dsn, db.schemas) for name, db in settings.databases.named().items()} == {
        "library": ("postgresql://qa@127.0.0.1:1/library", ["library", "public"])}
    assert settings.databases.dsn_key("library") == "databases.library.dsn"
    assert settings.source_of("databases.library.schemas") == str(path)


def test_an_unknown_name_lists_the_files_and_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^config error: unknown environment 'nowhere' \(known: local, integration, "
                                          r"staging, production.*; or a path to a \.toml file\)$"):
        load_settings("nowhere", environ={})
    with pytest.raises(ConfigError, match=r"environment file .*/gone\.toml does not exist"):
        load_settings(str(tmp_path / "gone.toml"), environ={})


def test_auto_is_refused_on_a_new_environment_unless_its_file_runs_on_the_local_stack(tmp_path: Path) -> None:
    body = '[platform]\ngraphql_url = "auto"\n[databases]\nresults = "auto"\n'
    with pytest.raises(ConfigError, match=r"platform\.graphql_url = 'auto' in .*: 'auto' reads the local stack and is refused"):
        load_settings(str(_env_file(tmp_path, "theirs", body)), environ={})
    ours = load_settings(str(_env_file(tmp_path, "ours", body + "[run]\nmanage_local_stack = true\n")), environ={})
    assert ours.platform.graphql_url == "auto"
    # a shared environment can never be switched onto the local stack
    with pytest.raises(ConfigError, match=r"run\.manage_local_stack = True .*: the local stack can only be managed in local runs"):
        load_settings("staging", {"run.manage_local_stack": "true"}, environ={})


# -- contracts ------------------------------------------------------------------------------------
def test_no_openapi_contract_means_no_fetch_no_validator_and_one_clear_line(stack_state: StackState, tmp_path: Path) -> None:
    # /nowhere serves no OpenAPI document (404): with the contract switched off it is never asked for
    path = _env_file(tmp_path, "gqlonly", f"""
[platform]
graphql_url = "{stack_state.graphql_url}"
rest_url = "{stack_state.rest_url}/nowhere"
[databases]
results = "{stack_state.dsn('jump_results')}"
[contracts]
openapi = false
""")
    settings = load_settings(str(path), environ={})
    result = gate.check_settings(settings)
    assert result.changes == [] and result.openapi_url == ""
    assert gate.console_lines(result) == ["contracts: the live GraphQL schema matches the pinned one"]
    assert [step["status"] for step in gate.allure_result(result)["steps"]] == ["passed", "skipped"]
    with_openapi = load_settings(str(path), {"contracts.openapi": "true"}, environ={})
    with pytest.raises(ConfigError, match=r"contracts\.openapi = false when the API has no OpenAPI document"):
        gate.check_settings(with_openapi)
    session = PlatformSession.open(settings)
    try:
        assert session.rest.validator is None
        assert session.databases.platform() == []
        state = ScenarioState(session=session, registry=None)  # type: ignore[arg-type]
        state.response = api.ApiResponse("rest", "GET /nowhere", 404, {"detail": "Not Found"}, rest=object())  # type: ignore[arg-type]
        with pytest.raises(JumpError, match=r"^this environment has no pinned OpenAPI document .*cannot check REST responses here$"):
            api.schema_problems(state)
    finally:
        session.close()


# -- databases under any names and schemas ---------------------------------------------------------
def test_rows_in_a_non_public_schema_are_registered_and_cleaned_up_children_first(library_dsn: str, stack_state: StackState) -> None:
    public_only = Databases.from_dsns({"library": library_dsn, "results": stack_state.dsn("jump_results")}, maxconn=2)
    registry = Registry.open(public_only)
    try:
        with pytest.raises(Exception, match=r"database library has no table 'author'"):
            registry.register("library", "author", 1)
        with pytest.raises(CleanupError, match=r"rows of database 'events' cannot be registered \(this environment's databases: library\)"):
            registry.register("events", "venue", 1)
    finally:
        registry.close()
        public_only.close()
    databases = Databases.from_dsns({"library": library_dsn, "results": stack_state.dsn("jump_results")}, maxconn=2,
                                    schemas={"library": ["library"]})
    assert sorted(load_catalog(databases["library"]).tables) == ["author", "book"]
    registry = Registry.open(databases)
    try:
        with databases["library"].transaction() as conn, conn.cursor() as cur:  # as an API would create them
            cur.execute("INSERT INTO author (name) VALUES ('Jump QA') RETURNING id")
            author = cur.fetchone()[0]
            cur.execute("INSERT INTO book (author_id, title) VALUES (%s, 'Cleaned up') RETURNING id", (author,))
        registry.scoped("scenario-x").register("library", "author", author)
        report = registry.cleanup("scenario-x")
        assert sorted((ref.table, len(ref.pk)) for ref in report.deleted) == [("author", 1), ("book", 1)]
        with databases["library"].connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM author WHERE id = %s", (author,))
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT count(*) FROM book")
            assert cur.fetchone()[0] == 3  # the reference books stay
    finally:
        registry.cleanup_all()
        registry.close()
        databases.close()


def test_generated_keys_colliding_with_existing_rows_are_refused_and_nothing_is_deleted(
        library_dsn: str, stack_state: StackState, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serial keys: generated ids 1..5 meet the library's own authors 1 and 2. The load is refused before
    anything is written or registered, so no cleanup can take those authors (and their books) for its own."""
    databases = Databases.from_dsns({"library": library_dsn, "results": stack_state.dsn("jump_results")}, maxconn=2,
                                    schemas={"library": ["library"]})

    def reference_rows() -> list[tuple[str, int]]:
        with databases["library"].connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT 'author', id FROM author UNION ALL SELECT 'book', id FROM book ORDER BY 1, 2")
            return cur.fetchall()

    try:
        before, namespaces = reference_rows(), generated_namespaces(databases)
        dataset = generate(build_plan(catalogs_of(databases), "library", "author", 5), seed=1)
        with pytest.raises(GenerationError, match=r"^library\.author: 2 generated key\(s\) already exist \(id=1, id=2\)"):
            insert_dataset(databases, dataset)
        assert reference_rows() == before and len(before) == 5
        assert generated_namespaces(databases) == namespaces  # nothing left in the ledger either
        # without the check the COPY fails on the duplicate key: the rolled-back keys leave the ledger unused
        monkeypatch.setattr(loader, "refuse_existing_keys", lambda *args: None)
        with pytest.raises(psycopg2.errors.UniqueViolation):
            insert_dataset(databases, dataset)
        assert reference_rows() == before
        assert generated_namespaces(databases) == namespaces
    finally:
        databases.close()


def test_an_unknown_database_name_says_which_the_environment_has(library_dsn: str) -> None:
    databases = Databases.from_dsns({"library": library_dsn}, maxconn=1)
    with pytest.raises(Exception, match=r"^this environment has no database 'events' \(its databases: library\)$"):
        databases.events  # noqa: B018 - the property is the behaviour under test
    with pytest.raises(Exception, match=r"^environment \S+ has no results database \(databases\.results\): "):
        databases.results  # noqa: B018
    databases.close()


# -- local runs with overridden addresses ---------------------------------------------------------
class _DownStack:
    def __init__(self) -> None:
        self.started = False

    def status(self) -> StackStatus:
        return StackStatus(None, False, None)

    def up(self) -> tuple[None, bool]:
        self.started = True
        return None, True


def test_local_with_every_address_overridden_starts_no_stack_and_says_why_when_one_is_needed() -> None:
    overrides = {"platform.graphql_url": "http://127.0.0.1:9/graphql", "platform.rest_url": "http://127.0.0.1:9",
                 "databases.events": "postgresql://qa@127.0.0.1:9/e", "databases.inventory": "postgresql://qa@127.0.0.1:9/i",
                 "databases.results": "postgresql://qa@127.0.0.1:9/r"}
    down = _DownStack()
    said: list[str] = []
    settings = load_settings("local", overrides, environ={})
    assert not ensure_local_stack(settings, stack=down, say=said.append)  # type: ignore[arg-type]
    assert not down.started and said == []
    resolved = resolve_auto(settings, stack=down)  # type: ignore[arg-type]
    assert resolved.platform.short_lock_ttl_graphql_url is None and resolved.platform.ca_file is None
    assert resolved.source_of("platform.lock_ttl_seconds_hint") == HINT_SOURCE
    # the results store left on 'auto': the stack starts, and the run is told why
    del overrides["databases.results"]
    assert ensure_local_stack(load_settings("local", overrides, environ={}), stack=down, say=said.append)  # type: ignore[arg-type]
    assert down.started
    assert said == ["starting the local stack (PostgreSQL and the Jump sandbox): databases.results is 'auto'; "
                    "give addresses instead, or run.manage_local_stack=false"]



def test_a_step_for_an_api_the_target_does_not_have_is_one_line(stack_state: StackState, tmp_path: Path) -> None:
    path = _env_file(tmp_path, "graphqlonly", f"""
[platform]
graphql_url = "{stack_state.graphql_url}"
[databases]
results = "{stack_state.dsn('jump_results')}"
[contracts]
graphql = false
""")
    session = PlatformSession.open(load_settings(str(path), environ={}))
    try:
        state = ScenarioState(session=session, registry=None)  # type: ignore[arg-type]
        with pytest.raises(JumpError, match=r"^environment graphqlonly has no REST API \(platform\.rest_url is not set\): "
                                            r"a REST step cannot run against it$"):
            api.send_rest(state, "GET", "/v1/venues", api.Caller("anonymous"))
    finally:
        session.close()
