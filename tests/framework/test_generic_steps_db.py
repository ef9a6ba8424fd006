"""The database vocabulary against the real local databases: rows tried or stored in a scenario
transaction never become visible, refusals name their constraint, watched diffs stay on the
scenario's own events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest

from data_factories import EventFactory, Registry, seat_map
from data_factories.session import FactorySession
from support.db.pool import Databases
from support.errors import JumpError
from support.journeys import database
from support.journeys.row_cases import ROW_CASES
from support.state import ScenarioState


@pytest.fixture()
def on_end() -> Iterator[Callable[[Callable[[], None]], None]]:
    """behave's context.add_cleanup, for tests: what is handed over runs after the test, last first."""
    cleanups: list[Callable[[], None]] = []
    yield cleanups.append
    for cleanup in reversed(cleanups):
        cleanup()


@pytest.fixture()
def state(databases: Databases, registry: Registry) -> ScenarioState:
    """A scenario state on the real databases (the database journeys need no HTTP session)."""
    return ScenarioState(session=SimpleNamespace(databases=databases),  # type: ignore[arg-type]
                         registry=registry.scoped("scenario-under-test"))


def _seats_of(state: ScenarioState, *, inside: bool) -> list[dict[str, object]]:
    sql = "SELECT seat_number FROM inventory_item WHERE event_id = '{transaction_event_id}'"
    return database.query(state, "inventory", sql, in_transaction=inside)


def test_a_scenario_transaction_is_seen_inside_only_and_rolled_back(state: ScenarioState, on_end: Callable[..., None]) -> None:
    database.open_transaction(state, on_scenario_end=on_end)
    database.try_store(state, "a seat numbered 1", must_succeed=True)
    assert _seats_of(state, inside=True) == [{"seat_number": 1}]
    assert _seats_of(state, inside=False) == []
    database.rollback(state)
    assert _seats_of(state, inside=False) == []


def test_a_refused_row_names_its_constraint_and_keeps_the_transaction_usable(state: ScenarioState, on_end: Callable[..., None]) -> None:
    database.open_transaction(state, on_scenario_end=on_end)
    database.try_store(state, "a seat numbered 1", must_succeed=True)
    refused = database.try_store(state, "a seat numbered 0")
    assert refused.refusal is not None and refused.refusal.reason == "inventory_item_seat_number_check"
    assert "seat_number_check" in refused.refusal.message
    assert _seats_of(state, inside=True) == [{"seat_number": 1}]
    with pytest.raises(JumpError, match="could not store the same seat twice"):
        database.try_store(state, "the same seat twice", must_succeed=True)


def test_every_row_case_is_either_refused_or_accepted_without_a_trace(state: ScenarioState) -> None:
    outcomes = {case: database.try_store(state, case).refusal for case in ROW_CASES}
    accepted = sorted(case for case, refusal in outcomes.items() if refusal is None)
    assert accepted == ["a seat numbered 1", "a sold seat without a ticket", "an order whose total disagrees with its items"]
    assert database.query(state, "inventory", "SELECT count(*) AS n FROM fan WHERE email LIKE 'integrity.%'") == [{"n": 0}]


def test_in_transaction_checks_see_only_the_transactions_made_up_event(state: ScenarioState, on_end: Callable[..., None]) -> None:
    database.open_transaction(state, on_scenario_end=on_end)
    database.try_store(state, "an order whose total disagrees with its items", must_succeed=True)
    findings = database.transaction_findings(state, "order_total")
    assert [(f.table, f.message) for f in findings] == [("order", "total_cents=6000 but its items sum to 5000")]
    assert database.transaction_findings(state, "sold_without_entitlement") == []
    with pytest.raises(JumpError, match="unknown in-transaction check 'orphan_reference'"):
        database.transaction_findings(state, "orphan_reference")


def test_query_cells_may_use_variables_and_differences_show_the_rows(state: ScenarioState) -> None:
    state.variables["wanted"] = "ADULT"
    database.query(state, "inventory", "SELECT code FROM price_type WHERE code = '{wanted}'")
    assert database.query_differences(state, ["code"], [["{wanted}"]]) == []
    problems = database.query_differences(state, ["code"], [["CHILD"]])
    assert problems == ["row 1: code: expected CHILD, got ADULT", "actual rows:\n| code  |\n| ADULT |"]


def test_writing_sql_is_refused_even_inside_the_transaction(state: ScenarioState, on_end: Callable[..., None]) -> None:
    database.open_transaction(state, on_scenario_end=on_end)
    with pytest.raises(JumpError, match="only a SELECT or WITH"):
        database.query(state, "inventory", "DELETE FROM fan", in_transaction=True)


def test_a_watch_diffs_only_the_scenarios_events(state: ScenarioState, factories: FactorySession) -> None:
    ours, theirs = EventFactory(), EventFactory()  # the factories record both in the run scope
    state.registry.register("events", "event", ours.id)  # only ours in the scenario's scope
    database.watch(state, "inventory", ["inventory_item", "inventory_block"])
    seat_map(ours, "A", rows=1, seats_per_row=3, price_code="STD")
    seat_map(theirs, "A", rows=1, seats_per_row=5, price_code="STD")  # another run's work, at the same moment
    assert database.change_counts(state, "inventory", ["inventory_item"]) == {
        "inventory_block": (1, 0, 0), "inventory_item": (3, 0, 0)}
