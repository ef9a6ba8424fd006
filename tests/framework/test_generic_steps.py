"""The generic steps' building blocks: interpolation, JSON paths, typed tables, parameter types,
and the GraphQL contract check (pinned schema; no network)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import parse
import pytest

from support.gherkin import vocabulary
from support.gherkin.interpolation import UnknownVariable, interpolate
from support.gherkin.json_paths import PathNotFound, is_number_equal, parse_path, resolve
from support.gherkin.tables import TableError, as_table, cell_matches, compare_rows, nested_variables, parse_cell
from support.journeys.api import Caller
from support.journeys.api_schema import graphql_problems

# -- interpolation ------------------------------------------------------------------------


def test_placeholders_are_filled_and_json_braces_left_alone() -> None:
    text = '{"venueId": "{venue_id}", "seats": {count}, "vip": {vip}, "note": null}'
    assert interpolate(text, {"venue_id": "v-1", "count": 3, "vip": True}) == '{"venueId": "v-1", "seats": 3, "vip": true, "note": null}'
    assert interpolate("query { event(id: $id) { id name } }", {}) == "query { event(id: $id) { id name } }"
    assert interpolate("literal {{id}}", {"id": "x"}) == "literal {id}"


def test_built_ins_give_the_namespace_and_a_fresh_uuid_each_time() -> None:
    text = interpolate("{namespace}/{uuid}/{uuid}", {}, namespace="jump-ab12")
    namespace, first, second = text.split("/")
    assert namespace == "jump-ab12" and uuid.UUID(first) and uuid.UUID(second) and first != second


def test_an_unknown_variable_is_named_with_the_known_ones() -> None:
    with pytest.raises(UnknownVariable) as caught:
        interpolate("/v1/orders/{order_idd}", {"order_id": "1", "venue_id": "2"})
    message = str(caught.value)
    assert "{order_idd}" in message and "order_id, venue_id" in message and caught.value.name == "order_idd"


# -- JSON paths ---------------------------------------------------------------------------

DOCUMENT = {"data": {"reserveSeats": {"seats": [{"section": "A", "seat": 1}, {"section": "B", "seat": 7}], "total": 0}}}


@pytest.mark.parametrize("path, expected", [
    ("data.reserveSeats.seats[0].section", "A"),
    ("data.reserveSeats.seats[-1].seat", 7),
    ("$.data.reserveSeats.total", 0),
    ("data.reserveSeats.seats", DOCUMENT["data"]["reserveSeats"]["seats"]),
])
def test_paths_resolve(path: str, expected: object) -> None:
    assert resolve(DOCUMENT, path) == expected


def test_a_root_list_can_be_indexed() -> None:
    assert parse_path("[1].id") == [1, "id"] and resolve([{"id": 1}, {"id": 2}], "[1].id") == 2


@pytest.mark.parametrize("path, says", [
    ("data.reserveSeats.seat[0]", "$.data.reserveSeats has no 'seat' (seats, total)"),
    ("data.reserveSeats.seats[2]", "$.data.reserveSeats.seats is a list of 2, no index [2]"),
    ("data.reserveSeats.total.cents", "$.data.reserveSeats.total has no 'cents' (a int: 0)"),
    ("data..x", "is not a JSON path"),
])
def test_a_wrong_path_says_how_far_it_got(path: str, says: str) -> None:
    with pytest.raises(PathNotFound) as caught:
        resolve(DOCUMENT, path)
    assert says in str(caught.value)


# -- tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, value", [
    ("null", None), ("true", True), ("false", False), ("42", 42), ("-3", -3), ("4.50", Decimal("4.50")),
    ('"42"', "42"), ("A", "A"), ('{"a": 1}', {"a": 1}), ("[1, 2]", [1, 2]), ("1-2", "1-2"), ("{venue", "{venue"),
])
def test_cells_are_typed_like_a_person_writes_them(cell: str, value: object) -> None:
    parsed = parse_cell(cell)
    assert parsed == value and type(parsed) is type(value)


def test_dotted_variable_names_nest() -> None:
    rows = [["input.eventId", "e-1"], ["input.quantity", "2"], ["input.price.cents", "4.5"], ["dryRun", "false"]]
    assert nested_variables(rows) == {"input": {"eventId": "e-1", "quantity": 2, "price": {"cents": 4.5}}, "dryRun": False}
    with pytest.raises(TableError, match="already holds a value"):
        nested_variables([["input", "1"], ["input.x", "2"]])


@pytest.mark.parametrize("actual, cell, matches", [
    (Decimal("50.00"), "50", True), (50, "50.0", True), (50, "51", False), ("50", "50", True),
    (None, "null", True), ("null", "null", False), (True, "true", True), (1, "true", False),
    (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001", True),
    (dt.date(2030, 6, 1), "2030-06-01", True), ({"vip": True}, '{"vip": true}', True), ("007", '"007"', True),
])
def test_database_values_compare_by_meaning(actual: object, cell: str, matches: bool) -> None:
    assert cell_matches(actual, cell) is matches


def test_rows_compare_in_order_over_the_named_columns_only() -> None:
    rows = [{"status": "AVAILABLE", "seats": 18, "event_id": "x"}, {"status": "LOCKED", "seats": 2, "event_id": "x"}]
    assert compare_rows(rows, ["status", "seats"], [["AVAILABLE", "18"], ["LOCKED", "2"]]) == []
    assert compare_rows(rows, ["seats"], [["18"], ["3"]]) == ["row 2: seats: expected 3, got 2"]
    assert compare_rows(rows, ["seats"], [["18"]]) == ["expected 1 row(s), got 2"]
    with pytest.raises(TableError, match="no column price"):
        compare_rows(rows, ["price"], [["1"]])
    assert as_table(rows, ["status", "seats"]).splitlines()[1] == "| AVAILABLE | 18    |"


# -- parameter types ----------------------------------------------------------------------


def _parsed(pattern: str, text: str) -> object:
    result = parse.parse(pattern, text, extra_types={"Caller": vocabulary.parse_caller, "RowCase": vocabulary.parse_row_case})
    return result["x"] if result else None


@pytest.mark.parametrize("text, caller", [
    ('as "admin"', Caller("role", "admin")), ("as an anonymous caller", Caller("anonymous")),
    ("with an expired token", Caller("expired")), ("with a tampered token", Caller("tampered")),
])
def test_callers(text: str, caller: Caller) -> None:
    assert _parsed("I send it {x:Caller}:", f"I send it {text}:") == caller
    assert str(caller) == text


def test_row_cases_are_an_exact_list() -> None:
    assert _parsed("I try to store {x:RowCase}", "I try to store a seat numbered 0") == "a seat numbered 0"
    assert _parsed("I try to store {x:RowCase}", "I try to store a seat numbered 7") is None


# -- the GraphQL contract -----------------------------------------------------------------

QUERY = "query Event($id: ID!) { event(id: $id) { id name status venue { city } } }"


def test_a_response_of_the_right_shape_has_no_problems() -> None:
    data = {"event": {"id": "1", "name": "Jazz", "status": "ON_SALE", "venue": {"city": "Austin"}}}
    assert graphql_problems(QUERY, {"id": "1"}, {"data": data}) == []
    assert graphql_problems(QUERY, {"id": "1"}, {"data": {"event": None}}) == []  # event is nullable


def test_wrong_shapes_are_named_by_their_path() -> None:
    missing = {"event": {"id": "1", "status": "ON_SALE", "venue": {"city": "Austin"}}}
    assert graphql_problems(QUERY, {"id": "1"}, {"data": missing}) == [
        "data.event.name: Cannot return null for non-nullable field Event.name."]
    unknown_enum = {"event": {"id": "1", "name": "Jazz", "status": "PARTY", "venue": {"city": "Austin"}}}
    assert "data.event.status" in graphql_problems(QUERY, {"id": "1"}, {"data": unknown_enum})[0]


def test_an_operation_outside_the_schema_is_a_problem_even_when_refused() -> None:
    problems = graphql_problems("query { event(id: 1) { ticketColour } }", {}, {"data": None, "errors": [{"message": "x"}]})
    assert problems and "ticketColour" in problems[0]


@pytest.mark.parametrize("value, matches", [(20, True), (20.0, True), ("20", False), (True, False), (21, False), (None, False)])
def test_a_json_number_equals_by_value_not_by_spelling(value: object, matches: bool) -> None:
    assert is_number_equal(value, Decimal("20")) is matches


# -- issue 14: nested JSON, typed kept values, GraphQL error parts ------------------------------
def test_nested_json_keeps_its_closing_braces_and_only_double_braced_names_are_escaped() -> None:
    text = '{"input": {"book": {"authorId": {author_id}, "tags": {}}}}'
    assert interpolate(text, {"author_id": 7}) == '{"input": {"book": {"authorId": 7, "tags": {}}}}'
    assert interpolate("mutation { deleteAuthorById(input: {id: {author_id}}) { deletedAuthorId } }", {"author_id": 7}) \
        == "mutation { deleteAuthorById(input: {id: 7}) { deletedAuthorId } }"
    assert interpolate("{{author_id}} and {{ not a name }}", {"author_id": 7}) == "{author_id} and {{ not a name }}"


def _state_with(body: dict[str, object], variables: dict[str, object] | None = None) -> object:
    from support.journeys.api import ApiResponse
    from support.state import ScenarioState

    class _Registry:
        namespace = "jt-test"

    state = ScenarioState(session=None, registry=_Registry())  # type: ignore[arg-type]
    state.variables.update(variables or {})
    state.response = ApiResponse("graphql", "GraphQL AddBook", 200, body)
    return state


def test_a_field_equals_a_kept_value_of_any_json_type_by_value() -> None:
    from support.journeys.api import field_equals

    state = _state_with({"data": {"book": {"authorId": 2, "price": 9.5, "ok": True, "name": "2", "tags": ["a"]}}},
                        {"author_id": 2, "price": Decimal("9.50"), "ok": True, "text_two": "2", "tags": ["a"]})
    assert field_equals(state, "data.book.authorId", "{author_id}")[2]  # type: ignore[arg-type]
    assert field_equals(state, "data.book.price", "{price}")[2]  # type: ignore[arg-type]
    assert field_equals(state, "data.book.ok", "{ok}")[2]  # type: ignore[arg-type]
    assert field_equals(state, "data.book.tags", "{tags}")[2]  # type: ignore[arg-type]
    assert field_equals(state, "data.book.name", "{text_two}")[2]  # type: ignore[arg-type]
    # a number is not its text, and text around a placeholder compares as text
    assert field_equals(state, "data.book.authorId", "{text_two}")[:3] == (2, "2", False)  # type: ignore[arg-type]
    assert field_equals(state, "data.book.name", "{author_id}")[2] is False  # type: ignore[arg-type]
    assert field_equals(state, "data.book.name", "#{author_id}")[:3] == ("2", "#2", False)  # type: ignore[arg-type]


def test_graphql_error_steps_read_the_message_the_path_and_any_extension_key() -> None:
    from support.journeys.api import graphql_error_code, graphql_error_part

    body = {"data": None, "errors": [{"message": "permission denied for table book", "path": ["createBook", "book", 0],
                                      "extensions": {"code": "42501", "exception": {"hint": "grant it"}}}]}
    state = _state_with(body)
    assert graphql_error_part(state, "message") == "permission denied for table book"  # type: ignore[arg-type]
    assert graphql_error_part(state, "path") == "createBook.book.0"  # type: ignore[arg-type]
    assert graphql_error_part(state, "extension", "exception.hint") == "grant it"  # type: ignore[arg-type]
    assert graphql_error_part(state, "extension", "nope") is None  # type: ignore[arg-type]
    assert graphql_error_code(state) == "42501"  # type: ignore[arg-type]
    assert graphql_error_part(_state_with({"data": {"x": 1}}), "message") is None  # type: ignore[arg-type]
