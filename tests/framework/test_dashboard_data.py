"""The data generator page: the rules of ./jump test:generate (same plan and rows per seed; inserted
rows in the ledger and removed by clean-up; a read-only environment refuses), for runners only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg2
import pytest

from tests.dashboard_support import RunningDashboard, running_dashboard


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str]) -> Iterator[RunningDashboard]:
    with running_dashboard(dsns["results"]) as running:
        yield running


def _post(dash: RunningDashboard, who: str, **form: str):  # type: ignore[no-untyped-def]
    http = dash.sign_in(who)
    return http.post(f"{dash.url}/data", data={"csrf": dash.csrf(http, "/data" if who != "viewer" else "/")} | form, timeout=60)


def test_a_viewer_cannot_generate(dash: RunningDashboard) -> None:
    http = dash.sign_in("viewer")
    assert http.get(f"{dash.url}/data", timeout=10).status_code == 403
    assert _post(dash, "viewer", target="events.event", count="3", seed="7", action="insert").status_code == 403


def test_a_preview_shows_the_rows_with_their_parents_and_is_the_same_for_a_seed(dash: RunningDashboard) -> None:
    first = _post(dash, "runner", target="inventory.inventory_item", count="3", seed="7").text
    assert "events.venue: 1 row(s)" in first and "inventory.inventory_item: 3 row(s)" in first
    assert first.index("<h2>events.venue") < first.index("<h2>inventory.inventory_item")  # parents first
    again = _post(dash, "runner", target="inventory.inventory_item", count="3", seed="7").text
    other = _post(dash, "runner", target="inventory.inventory_item", count="3", seed="8").text

    def rows(page: str) -> list[str]:
        return re.findall(r"<tr>(<td>.*?)</tr>", page.split("<h2>inventory.inventory_item")[1])

    assert rows(first) == rows(again) and rows(first) != rows(other) and len(rows(first)) == 3


def test_bad_input_is_one_line(dash: RunningDashboard) -> None:
    answer = _post(dash, "runner", target="inventory.no_such_table", count="3", seed="1")
    assert answer.status_code == 400 and "no_such_table" in answer.text
    answer = _post(dash, "runner", target="events.event", count="lots", seed="1")
    assert answer.status_code == 400 and "count:" in answer.text


def test_insert_then_clean_up(dash: RunningDashboard, dsns: dict[str, str]) -> None:
    def generated_events() -> int:
        with psycopg2.connect(dsns["events"]) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM event WHERE name LIKE %s", ("%",))
            return int(cur.fetchone()[0])

    before = generated_events()
    answer = _post(dash, "runner", target="events.event", count="4", seed="11", action="insert")
    assert answer.status_code == 200 and "Inserted 5 row(s)" in answer.text  # 4 events and their venue
    assert generated_events() == before + 4
    http = dash.sign_in("runner")
    cleaned = http.post(f"{dash.url}/data/cleanup", data={"csrf": dash.csrf(http, "/data")}, timeout=60)
    assert "Removed 5 row(s)" in cleaned.text and generated_events() == before
    audit = dash.sign_in("admin").get(f"{dash.url}/audit", timeout=10).text
    assert "inserted generated data" in audit and "cleaned up generated data" in audit


def test_a_read_only_environment_refuses_to_insert(dsns: dict[str, str]) -> None:
    with running_dashboard(dsns["results"], overrides={"run.read_only": "true"}) as dash:
        page = dash.sign_in("runner").get(f"{dash.url}/data", timeout=10).text
        assert "is read-only: it refuses inserts" in page
        answer = _post(dash, "runner", target="events.event", count="2", seed="3", action="insert")
        assert answer.status_code == 400 and "read-only" in answer.text
