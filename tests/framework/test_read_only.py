"""Read-only is enforced where requests and queries leave the framework, whatever a scenario is tagged.

The transport is checked against a real HTTP server that records what reaches it (a refused
request must never arrive); the database layer against the local stack's PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message

import psycopg2.errors
import pytest

from data_factories import Registry, VenueFactory, session
from data_factories.cleanup import delete_rows
from data_factories.ledger import RowRef
from data_factories.sweep import survey
from support.clients.read_only import ALLOWED_WRITES, ReadOnlyGuard, operation_of
from support.clients.transport import HttpTransport, TransportOptions
from support.db.pool import Databases
from support.db.queries import execute, fetch_value
from support.errors import ReadOnlyRefused
from support.run.retry_policy import RetryPolicy
from tests.stubs.http import serving

RESERVE = 'mutation Reserve { reserveSeats(input: {eventId: "e", quantity: 1}) { id } }'


@pytest.mark.parametrize(("document", "name", "expected"), [
    ("{ events(first: 1) { totalCount } }", None, ("query", ["events"])),
    ("query Events { events { totalCount } }", None, ("query", ["events"])),
    (RESERVE, None, ("mutation", ["reserveSeats"])),
    ("# query { events }\nmutation { checkout(input: {}) { id } }", None, ("mutation", ["checkout"])),
    ("query A { events { totalCount } }\nmutation B { checkout(input: {}) { id } }", "A", ("query", ["events"])),
    ("query A { events { totalCount } }\nmutation B { checkout(input: {}) { id } }", "B", ("mutation", ["checkout"])),
    ("query A { events { totalCount } }\nmutation B { checkout(input: {}) { id } }", None, ("mutation", ["checkout"])),
    ("fragment F on Query { events { totalCount } } mutation { cancelOrder(id: 1) { id } }", None, ("mutation", ["cancelOrder"])),
    ("subscription { seatChanged { id } }", None, ("subscription", ["seatChanged"])),
    ("mutation {", None, ("unparseable document", [])),
])
def test_the_operation_type_comes_from_graphql_cores_syntax_tree(document: str, name: str | None, expected: tuple[str, list[str]]) -> None:
    assert operation_of(document, name) == expected


@pytest.fixture()
def witness() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A real server on loopback that records every request that reaches it."""
    seen: list[tuple[str, str]] = []

    def respond(method: str, path: str, headers: Message, body: bytes) -> tuple[int, str, bytes]:
        seen.append((method, path))
        return 200, "application/json", b'{"data": {}}'

    with serving(respond) as url:
        yield url, seen


def _transport(service: str, url: str, *, read_only: bool) -> HttpTransport:
    guard = ReadOnlyGuard("production", url, f"{url}/graphql") if read_only else None
    return HttpTransport(service, url if service == "rest" else f"{url}/graphql", retry=RetryPolicy(max_attempts=1),
                         options=TransportOptions(read_only=guard))


@pytest.mark.parametrize(("method", "path"), [("POST", "/v1/venues"), ("PUT", "/v1/venues/1"), ("PATCH", "/v1/events/7"),
                                               ("DELETE", "/v1/holds/3"), ("POST", "/v1/auth/token/extra")])
def test_a_mutating_rest_request_is_refused_before_it_is_sent(witness: tuple[str, list[tuple[str, str]]], method: str, path: str) -> None:
    url, seen = witness
    with pytest.raises(ReadOnlyRefused) as refused:
        _transport("rest", url, read_only=True).send(method, f"{path}?x=1", operation=f"{method} {path}", json={"name": "x"})
    assert str(refused.value) == f"environment production is read-only: refused {method} {path}"
    assert seen == []


def test_reads_and_the_allow_listed_login_are_sent(witness: tuple[str, list[tuple[str, str]]]) -> None:
    url, seen = witness
    rest = _transport("rest", url, read_only=True)
    for method, path in [("GET", "/v1/venues"), *ALLOWED_WRITES]:
        assert rest.send(method, path, operation="probe")[0].status_code == 200
    assert seen == [("GET", "/v1/venues"), ("POST", "/v1/auth/token")]
    for method in ("HEAD", "OPTIONS"):  # safe methods (RFC 9110) pass the guard too
        ReadOnlyGuard("production", url, f"{url}/graphql").check(method, f"{url}/v1/events", None)
    # the allow-list is for the platform's own token endpoint, not the same path on another host
    with pytest.raises(ReadOnlyRefused):
        rest.send("POST", "http://login.example.test/v1/auth/token", operation="elsewhere")


def test_graphql_mutations_are_refused_and_queries_sent(witness: tuple[str, list[tuple[str, str]]]) -> None:
    url, seen = witness
    graphql = _transport("graphql", url, read_only=True)
    graphql.send("POST", "", operation="Events", json={"query": "query Events { events { totalCount } }"})
    for body in ({"query": RESERVE}, {"query": "mutation {"}, {"variables": {}},
                 [{"query": "{ events { totalCount } }"}, {"query": RESERVE}]):
        with pytest.raises(ReadOnlyRefused) as refused:
            graphql.send("POST", "", operation="write", json=body)
        assert str(refused.value).startswith("environment production is read-only: refused ")
    assert seen == [("POST", "/graphql")]
    with pytest.raises(ReadOnlyRefused, match=r"refused GraphQL mutation reserveSeats \(POST /graphql\)$"):
        graphql.send("POST", "", operation="Reserve", json={"query": RESERVE})


def test_without_the_guard_the_same_requests_are_sent(witness: tuple[str, list[tuple[str, str]]]) -> None:
    """The control: the refusals above come from the guard, not from the stub."""
    url, seen = witness
    _transport("rest", url, read_only=False).send("POST", "/v1/venues", operation="POST /v1/venues", json={})
    _transport("graphql", url, read_only=False).send("POST", "", operation="Reserve", json={"query": RESERVE})
    assert seen == [("POST", "/v1/venues"), ("POST", "/graphql")]


@pytest.fixture()
def read_only_databases(dsns: dict[str, str]) -> Iterator[Databases]:
    dbs = Databases.from_dsns(dsns, maxconn=2, environment="production", read_only=True)
    yield dbs
    dbs.close()


def test_platform_databases_open_read_only_sessions(read_only_databases: Databases) -> None:
    for db in read_only_databases.platform():
        assert fetch_value(db, "SHOW default_transaction_read_only") == "on"
        assert fetch_value(db, "SELECT count(*) >= 0 FROM pg_class") is True  # reads work
    with pytest.raises(ReadOnlyRefused, match=r"^environment production is read-only: refused a write to database events: "
                                              r"cannot execute INSERT in a read-only transaction$"):
        execute(read_only_databases.events, "INSERT INTO venue (id, name, city, country, capacity)"
                                            " VALUES (gen_random_uuid(), 'x', 'y', 'NL', 1)")
    with read_only_databases.inventory.connection() as conn, conn.cursor() as cur:  # a raw connection: PostgreSQL refuses
        with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
            cur.execute("DELETE FROM price_type WHERE false")
    assert fetch_value(read_only_databases.results, "SHOW default_transaction_read_only") == "off"  # the framework's own store


def test_factories_cleanup_and_sweep_refuse_in_a_read_only_environment(read_only_databases: Databases) -> None:
    registry = Registry.open(read_only_databases)
    try:
        with session.bound(read_only_databases, registry), pytest.raises(
                ReadOnlyRefused, match=r"refused creating test data in events\.venue"):
            VenueFactory()
        assert registry.entries(all_scopes=True) == []  # nothing reached the ledger either
        with pytest.raises(ReadOnlyRefused, match=r"refused deleting 1 test-data row\(s\)"):
            delete_rows(read_only_databases, [RowRef.of("events", "venue", {"id": "00000000-0000-4000-8000-000000000000"})])
        with pytest.raises(ReadOnlyRefused, match=r"refused the sweep of test data left by interrupted runs"):
            survey(read_only_databases)
        assert isinstance(survey(read_only_databases, dry_run=True), list)  # looking is allowed
    finally:
        registry.close()
