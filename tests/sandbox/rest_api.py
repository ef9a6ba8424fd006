"""REST test client, data builders and fixtures shared by the test_rest_* modules.

Test modules import the fixtures explicitly (``from tests.sandbox.rest_api import ...``), as the
GraphQL tests do with ``tests.sandbox.gql``. Everything a test creates goes through the API and is
registered for deletion; the teardown deletes it newest first and then checks it is gone, so the
shared databases hold the same rows after the session as before. Names carry a random tag.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg2
import psycopg2.extras
import pytest
import requests

from tests.conftest import LOCAL_CREDENTIALS

psycopg2.extras.register_uuid()
PROBLEM = "application/problem+json"
SOON = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=30)


TAG_PATTERN = "rt-[0-9a-f]{10}"  # in the name (or email) of every row these tests create
CREATED_EVENTS: set[str] = set()  # every event created in this session, for the leftover check


def tag() -> str:
    return f"rt-{uuid.uuid4().hex[:10]}"


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


@dataclass
class Api:
    """requests with a base URL and a bearer token; never accepts a 5xx it was not told to expect.

    A 429 is retried after its Retry-After (as any client must): the tests share one rate limit
    per token and a busy test can outrun it; the rate limit itself is tested with raw requests.
    """

    base_url: str
    token: str | None
    cleanup: list[tuple[str, str]] = field(default_factory=list)  # (method, path) undoing a creation
    session: requests.Session = field(default_factory=requests.Session)

    def call(self, method: str, path: str, *, expect_5xx: bool = False, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.token}"
        for _ in range(5):
            response = self.session.request(method, f"{self.base_url}{path}", headers=headers, timeout=30, **kwargs)
            if response.status_code != 429:
                break
            time.sleep(float(response.headers.get("Retry-After", "1")))
        if not expect_5xx:
            assert response.status_code < 500, f"{method} {path} -> {response.status_code}: {response.text[:500]}"
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, json=body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.call("PATCH", path, json=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)

    def as_token(self, token: str | None) -> Api:
        """The same client acting with another token (or none); it shares the cleanup list."""
        return Api(self.base_url, token, self.cleanup, self.session)

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:500]}"
        return response.json() if response.content else None

    def create(self, path: str, body: dict[str, Any], *, delete: str | None = None) -> dict[str, Any]:
        """POSTs, expects 201, and registers the new row's DELETE (default ``path/{id}``)."""
        created = self.ok(self.post(path, body), 201)
        self.cleanup.append(("DELETE", delete or f"{path}/{created['id']}"))
        return created

    def remove_all(self) -> None:
        """Deletes what was registered, newest first, and checks each is gone (trying all before failing)."""
        failures = []
        while self.cleanup:
            method, path = self.cleanup.pop()
            response = self.call(method, path)
            if method == "POST":  # a state change (cancel) that may already have happened
                if response.status_code not in (200, 409):
                    failures.append(f"POST {path} -> {response.status_code}: {response.text[:300]}")
            elif response.status_code not in (204, 404):
                failures.append(f"DELETE {path} -> {response.status_code}: {response.text[:300]}")
            elif self.delete(path).status_code != 404:
                failures.append(f"{path} still exists after its DELETE")
        assert not failures, "cleanup failed:\n" + "\n".join(failures)


def problem(response: requests.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The problem document of an error response, after checking its status, media type and shape."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["status"] == status and body["type"].startswith("https://") and body["title"] and body["detail"]
    if code:
        assert body["code"] == code, body
    return body


def fields(body: dict[str, Any]) -> set[str]:
    """The fields a validation problem names."""
    return {error["field"] for error in body.get("errors", [])}


@dataclass
class Builder:
    """Valid resources with unique names, created through the API (and so cleaned up with it)."""

    api: Api
    tag: str = field(default_factory=tag)

    def venue(self, **overrides: Any) -> dict[str, Any]:
        body = {"name": f"Venue {self.tag}", "city": "Austin", "country": "US", "capacity": 500, **overrides}
        return self.api.create("/v1/venues", body)

    def performer(self, **overrides: Any) -> dict[str, Any]:
        return self.api.create("/v1/performers", {"name": f"Performer {self.tag}", "genre": "jazz", **overrides})

    def season(self, **overrides: Any) -> dict[str, Any]:
        body = {"name": f"Season {self.tag}", "startsOn": "2027-01-01", "endsOn": "2027-12-31", **overrides}
        return self.api.create("/v1/seasons", body)

    def event(self, venue_id: str | None = None, **overrides: Any) -> dict[str, Any]:
        body = {"name": f"Event {self.tag}", "venueId": venue_id or self.venue()["id"], "startsAt": iso(SOON), **overrides}
        event = self.api.create("/v1/events", body)
        CREATED_EVENTS.add(event["id"])
        return event

    def seat_map(self, event_id: str, *sections: dict[str, Any]) -> dict[str, Any]:
        """Seats for ``event_id`` (default: section A, rows 1-2 of 5 seats at STD), removed at cleanup."""
        sections = sections or ({"section": "A", "priceCode": "STD", "rows": [{"row": r, "seats": 5} for r in ("1", "2")]},)
        created = self.api.ok(self.api.post(f"/v1/events/{event_id}/inventory", {"sections": list(sections)}), 201)
        self.api.cleanup.append(("DELETE", f"/v1/events/{event_id}/inventory"))
        return created

    def publish(self, event_id: str) -> dict[str, Any]:
        """Puts the event on sale; cleanup cancels it first, as only then can its seats go."""
        published = self.api.ok(self.api.post(f"/v1/events/{event_id}/publish"))
        self.api.cleanup.append(("POST", f"/v1/events/{event_id}/cancel"))
        return published

    def seats(self, event_id: str, **filters: Any) -> list[dict[str, Any]]:
        return self.api.ok(self.api.get(f"/v1/events/{event_id}/seats", params={"limit": 200, **filters}))["items"]

    def group(self, *event_ids: str) -> dict[str, Any]:
        return self.api.create("/v1/event-groups", {"name": f"Group {self.tag}", "eventIds": list(event_ids)})

    def offer(self, *group_ids: str, **overrides: Any) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        body = {"name": f"Offer {self.tag}", "startsAt": iso(now - dt.timedelta(days=1)),
                "endsAt": iso(now + dt.timedelta(days=1)), "eventGroupIds": list(group_ids), **overrides}
        return self.api.create("/v1/offers", body)

    def fan(self, **overrides: Any) -> dict[str, Any]:
        body = {"email": f"fan.{self.tag}.{tag()}@example.com", "firstName": "Maya", "lastName": "Lopez",
                "password": "correct horse", **overrides}
        return self.api.create("/v1/fans", body)


@pytest.fixture
def token_request(base_url: str) -> Callable[..., requests.Response]:
    """POST /v1/auth/token with any body."""

    def _login(username: str, password: str, **extra: Any) -> requests.Response:
        return requests.post(f"{base_url}/v1/auth/token", json={"username": username, "password": password, **extra}, timeout=30)

    return _login


def fresh_token(base_url: str, role: str, **extra: Any) -> str:
    """A token of its own (so its own rate-limit bucket) for one of the stack's accounts."""
    username, password = LOCAL_CREDENTIALS[role]
    body = {"username": username, "password": password, **extra}
    for _ in range(5):
        response = requests.post(f"{base_url}/v1/auth/token", json=body, timeout=30)
        if response.status_code != 429:
            break
        time.sleep(float(response.headers.get("Retry-After", "1")))
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def api(base_url: str) -> Iterator[Api]:
    """An admin client whose creations are deleted after the test."""
    client = Api(base_url, fresh_token(base_url, "admin"))
    try:
        yield client
    finally:
        client.remove_all()


@pytest.fixture
def build(api: Api) -> Builder:
    return Builder(api)


@pytest.fixture
def sql(dsns: dict[str, str]) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
    """Runs SQL on a database ("events" or "inventory"), autocommit; for what the API does not expose."""
    connections = {name: psycopg2.connect(dsns[name]) for name in ("events", "inventory")}
    for conn in connections.values():
        conn.autocommit = True

    def run(database: str, statement: str, *args: Any) -> list[tuple[Any, ...]]:
        with connections[database].cursor() as cur:
            cur.execute(statement, args)
            return cur.fetchall() if cur.description else []

    try:
        yield run
    finally:
        for conn in connections.values():
            conn.close()


NAMED_ROWS = {
    "events": ("venue.name", "season.name", "performer.name", "event.name", "event_group.name"),
    "inventory": ("offer.name", "fan.email", "app_user.username"),
}
EVENT_ROWS = ("inventory_block", "inventory_item", "price_point", "entitlement_template", "reservation_lock", '"order"')


@pytest.fixture(scope="session", autouse=True)
def no_leftovers(dsns: dict[str, str]) -> Iterator[None]:
    """After the session: no row these tests created is left in either database."""
    yield
    leftovers = []
    for database, columns in NAMED_ROWS.items():
        conn = psycopg2.connect(dsns[database])
        try:
            with conn.cursor() as cur:
                for column in columns:
                    table = column.split(".")[0]
                    cur.execute(f"SELECT count(*) FROM {table} WHERE {column} ~ %s", (TAG_PATTERN,))
                    leftovers += [f"{table}: {count}" for (count,) in cur.fetchall() if count]
                if database == "inventory" and CREATED_EVENTS:
                    for table in EVENT_ROWS:
                        cur.execute(f"SELECT count(*) FROM {table} WHERE event_id = ANY(%s::uuid[])", (list(CREATED_EVENTS),))
                        leftovers += [f"{table}: {count}" for (count,) in cur.fetchall() if count]
        finally:
            conn.close()
    assert not leftovers, f"rows left behind by the REST tests: {leftovers}"
