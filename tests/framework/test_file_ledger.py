"""The file ledger (an environment without a results database): the same record as the database's,
as fsync'd JSON lines, and claims that the kernel drops when their process dies (a real process, killed)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from data_factories.ledger import ApiRequest, RowRef, Target
from data_factories.ledger_file import FileLedger
from data_factories.ledger_store import PostgresLedger, ledger_for
from support.db.pool import Databases

REPO = Path(__file__).resolve().parents[2]
TARGET = Target("library-file", "abc123")
HOLD_CLAIM = """
import sys, time
from pathlib import Path
from data_factories.ledger_file import FileLedger
claim = FileLedger(Path(sys.argv[1])).claim(sys.argv[2])
print(claim.acquire(), flush=True)
time.sleep(120)
"""


def test_rows_and_requests_are_recorded_read_by_target_and_removed(tmp_path: Path) -> None:
    store = FileLedger(tmp_path / "library-file.jsonl")
    store.record("ns1", "scenario-a", [RowRef.of("library", "author", {"id": 7}), RowRef.of("library", "book", {"id": 9})],
                 target=TARGET)
    request = ApiRequest(kind="graphql", role="writer", document="mutation { deleteAuthorById(input: {id: 7}) { deletedAuthorId } }")
    entry = store.record_request("ns1", "scenario-a", request, target=TARGET)
    store.record("ns1", "scenario-a", [RowRef.of("library", "author", {"id": 8})], target=Target("other-env", "abc123"))

    assert [e.ref for e in store.entries("ns1", target=TARGET)] == [RowRef.of("library", "author", {"id": 7}),
                                                                   RowRef.of("library", "book", {"id": 9})]
    assert [r.request for r in store.requests("ns1", "scenario-a", target=TARGET)] == [request]
    assert store.requests("ns1", "scenario-b", target=TARGET) == []
    [state] = store.namespaces(TARGET)  # the other environment's entry is not this target's
    assert (state.namespace, state.rows) == ("ns1", 3)
    # on disk: the role, never a token; every line a complete JSON document
    lines = [json.loads(line) for line in (tmp_path / "library-file.jsonl").read_text().splitlines()]
    assert [line["op"] for line in lines] == ["row", "row", "request", "row"]
    assert lines[2]["request"]["role"] == "writer" and "token" not in json.dumps(lines[2]).lower()

    assert store.remove_refs("ns1", [RowRef.of("library", "book", {"id": 9})]) == 1
    assert store.remove([entry]) == 1
    assert [e.ref.table for e in store.entries("ns1", target=TARGET)] == ["author"]
    store.remove([e.id for e in store.entries("ns1")])
    assert not (tmp_path / "library-file.jsonl").exists()  # nothing live: the file goes


def test_a_heartbeat_moves_the_namespaces_last_sign_of_life(tmp_path: Path) -> None:
    store = FileLedger(tmp_path / "x.jsonl")
    store.record("ns1", "run", [RowRef.of("library", "author", {"id": 1})], target=TARGET)
    before = store.namespaces(TARGET)[0].last_heartbeat
    store.touch("ns1")
    assert store.namespaces(TARGET)[0].last_heartbeat > before


def test_a_claim_is_held_until_its_process_is_killed(tmp_path: Path) -> None:
    store = FileLedger(tmp_path / "x.jsonl")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_CLAIM, str(tmp_path / "x.jsonl"), "ns-live"], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert not store.claim("ns-live").acquire()  # the owner is alive
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    claim = store.claim("ns-live")
    assert claim.acquire() and claim.held  # the kernel dropped the dead owner's lock
    assert not store.claim("ns-live").acquire()  # and ours excludes the next one, in this process too
    claim.release()
    assert store.claim("ns-live").acquire()


def test_an_environment_without_a_results_database_gets_the_file_ledger(tmp_path: Path, dsns: dict[str, str]) -> None:
    without = Databases.from_dsns({"events": dsns["events"]}, environment="no-results")
    with_results = Databases.from_dsns({"events": dsns["events"], "results": dsns["results"]}, environment="local")
    try:
        chosen = ledger_for(without, directory=tmp_path)
        assert isinstance(chosen, FileLedger) and chosen.path == tmp_path / "no-results.jsonl"
        assert isinstance(ledger_for(with_results), PostgresLedger)
    finally:
        without.close()
        with_results.close()


def test_a_rest_delete_registered_by_a_step_is_recorded_without_a_token_and_sent_by_the_cleanup(local_stack: object) -> None:
    """Jump's sandbox, the results-database ledger: the REST form of the after-scenario delete. The
    in-memory request is dropped (as a killed run loses it); the namespace's cleanup, which the next
    run's sweep calls, sends the recorded one as "admin", logging in anew."""
    from data_factories.cleanup import clean_namespace
    from data_factories.registry import Registry
    from support.config import load_settings, resolve_auto
    from support.journeys import api
    from support.session import PlatformSession
    from support.state import ScenarioState

    session = PlatformSession.open(resolve_auto(load_settings("local")))
    registry = Registry.open(session.databases)
    try:
        created = session.rest.call("POST", "/v1/venues", role="admin", validate=False,
                                    json={"name": f"Ledger hall {registry.namespace}", "city": "Austin", "country": "US", "capacity": 10})
        venue_id = created.body["id"]
        state = ScenarioState(session=session, registry=registry.scoped("scenario-rest"))
        state.variables["venue_id"] = venue_id
        api.send_rest_after_scenario(state, "DELETE", "/v1/venues/{venue_id}", api.Caller("role", "admin"))
        [recorded] = registry.ledger.requests(registry.namespace, "scenario-rest")
        assert recorded.request == ApiRequest(kind="rest", role="admin", method="DELETE", path=f"/v1/venues/{venue_id}")
        state.after_scenario.clear()  # killed: the scenario's end never came
        session.auth.forget("admin")  # the sweeper has no token of the dead run: it must log in itself

        report = clean_namespace(session.databases, registry.namespace, send=lambda r: api.send_recorded(session, r))

        assert report.requests_sent == 1 and registry.ledger.requests(registry.namespace) == []
        assert session.rest.call("GET", f"/v1/venues/{venue_id}", role="admin", validate=False).status == 404
    finally:
        registry.cleanup_all()
        registry.close()
        session.close()
