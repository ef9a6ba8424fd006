"""The flow builder's server side (support/flows/): every feature file of the repo opens and saves back
byte for byte; flows render to Gherkin behave reads back; the catalog is the steps:list catalog with typed
fields; validation finds undefined, ambiguous and early-used steps; saving stays inside features/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from behave.parser import parse_feature
from graphql import parse
from graphql import validate as validate_document

from support.contracts.graphql_diff import schema_of
from support.contracts.pins import PINNED_GRAPHQL, PINNED_OPENAPI, load
from support.errors import OutputError
from support.flows.catalog import StepCatalog
from support.flows.dataflow import value_uses
from support.flows.gherkin_io import parse_flow, render
from support.flows.model import DocString, Flow, Scenario, Step, Table
from support.flows.operations import graphql_operations, picker_of, rest_operations
from support.flows.store import feature_path, open_flow, save_flow
from support.flows.validate import validate
from support.gherkin.catalog import collect

REPO = Path(__file__).resolve().parents[2]
FEATURES = sorted((REPO / "features").rglob("*.feature"))


@pytest.fixture(scope="module")
def catalog() -> StepCatalog:
    return StepCatalog(REPO / "steps")


def test_the_repo_has_feature_files_to_round_trip() -> None:
    assert len(FEATURES) >= 40


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.relative_to(REPO / "features").as_posix())
def test_every_feature_file_opens_and_saves_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert render(parse_flow(text, path.relative_to(REPO).as_posix())) == text


def test_editing_one_step_changes_only_its_line() -> None:
    path = REPO / "features" / "checkout" / "buying_tickets.feature"
    text = path.read_text(encoding="utf-8")
    flow = parse_flow(text, "features/checkout/buying_tickets.feature")
    flow.scenarios[0].steps[0].text = "Maya has reserved 3 seats in section \"A\""
    changed = [(a, b) for a, b in zip(text.splitlines(), render(flow).splitlines(), strict=True) if a != b]
    assert changed == [('    Given Maya has reserved 2 seats in section "A"', '    Given Maya has reserved 3 seats in section "A"')]


def _new_flow() -> Flow:
    steps = [Step(step_type="given", text='fan "Maya" is registered'),
             Step(step_type="given", text='an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00'),
             Step(step_type="when", text='I send a POST request to "/v1/venues" as "admin" with:',
                  doc_string=DocString(content='{"name": "Hall {namespace}",\n  "capacity": 500}')),
             Step(step_type="when", text='I keep "id" as "venue_id"'),
             Step(step_type="then", text="the query returns:", table=Table(headings=["status", "seats"], rows=[["SOLD", "2"], ["AVAILABLE", "18"]]))]
    return Flow(area="checkout", name="new_flow", feature="A new flow", tags=["checkout"],
                scenarios=[Scenario(name="A fan buys", tags=["req:FT-001.1"], steps=steps)])


def test_a_new_flow_renders_canonical_gherkin_that_behave_reads_back() -> None:
    text = render(_new_flow())
    assert text == ('@checkout\nFeature: A new flow\n  @req:FT-001.1\n  Scenario: A fan buys\n'
                    '    Given fan "Maya" is registered\n'
                    '    And an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00\n'
                    '    When I send a POST request to "/v1/venues" as "admin" with:\n'
                    '      """\n      {"name": "Hall {namespace}",\n        "capacity": 500}\n      """\n'
                    '    And I keep "id" as "venue_id"\n'
                    '    Then the query returns:\n      | status    | seats |\n      | SOLD      | 2     |\n      | AVAILABLE | 18    |\n')
    feature = parse_feature(text, filename="new.feature")
    assert [s.step_type for s in feature.scenarios[0].steps] == ["given", "given", "when", "when", "then"]
    again = parse_flow(text, "features/checkout/new_flow.feature")
    assert render(again) == text and again.scenarios[0].steps[2].doc_string == _new_flow().scenarios[0].steps[2].doc_string


def test_a_step_dragged_into_another_lane_gets_that_lanes_keyword() -> None:
    flow = parse_flow("Feature: F\n  Scenario: S\n    Given a\n    And b\n    When c\n    Then d\n    But e\n")
    steps = flow.scenarios[0].steps
    moved = steps.pop(1)                                   # "And b" dragged to the end of the When lane
    steps.insert(2, moved.model_copy(update={"step_type": "when"}))
    steps.insert(0, Step(step_type="given", text="z"))     # a new first step; the builder clears the keywords of
    steps[1].keyword = ""                                  # the lanes a drag touched ("Given a" is second now)
    assert render(flow) == "Feature: F\n  Scenario: S\n    Given z\n    And a\n    When c\n    And b\n    Then d\n    But e\n"


def test_a_feature_file_behave_cannot_parse_is_one_line() -> None:
    with pytest.raises(Exception) as caught:
        parse_flow("Feature: F\n  Scenario: S\n    Given a\n      | x |\n    this is not gherkin\n", "features/x/broken.feature")
    assert str(caught.value).startswith("features/x/broken.feature:") and "\n" not in str(caught.value)


def test_the_catalog_is_the_steps_list_catalog_grouped_by_area_with_typed_fields(catalog: StepCatalog) -> None:
    assert [(s.keyword, s.phrase) for s in catalog.steps] == [(e.keyword, e.phrase) for e in collect(REPO / "steps")]
    groups = catalog.by_area()
    assert {"api", "checkout", "db"} <= set(groups) and sum(len(g) for g in groups.values()) == len(catalog.steps)
    event = next(s for s in catalog.steps if s.phrase.startswith('an on-sale event "{title:Text}" with {seats:d} seats'))
    kinds = {f.name: f.kind for f in event.fields}
    assert kinds["seats"] == "integer" and "money" in kinds.values()
    rest = next(s for s in catalog.steps if s.phrase == 'I send a {method:Method} request to "{path}" {caller:Caller} with:')
    assert rest.fields[0].kind == "enum" and rest.fields[0].choices == ["DELETE", "GET", "PATCH", "POST", "PUT"]
    assert rest.doc_string and not rest.table and rest.area == "api"
    assert rest.fill({"method": "GET", "path": "/v1/venues", "caller": 'as "admin"'}) == 'I send a GET request to "/v1/venues" as "admin" with:'
    assert set(catalog.by_area("keep as")) == {"api"}


def test_a_step_text_matches_back_to_its_entry_and_values(catalog: StepCatalog) -> None:
    [matched] = catalog.matches("given", 'an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00')
    assert matched.values["seats"] == "20" and "$50.00" in matched.values.values()
    assert matched.step.fill(matched.values) == 'an on-sale event "Summer Nights" with 20 seats in section "A" at $50.00'


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.relative_to(REPO / "features").as_posix())
def test_every_feature_file_validates_clean(catalog: StepCatalog, path: Path) -> None:
    assert validate(parse_flow(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix()), catalog) == []


def test_a_mistyped_step_is_undefined_with_the_nearest_phrases(catalog: StepCatalog) -> None:
    flow = _new_flow()
    flow.scenarios[0].steps[0].text = 'fan "Maya" is registred'
    [issue] = validate(flow, catalog)
    assert issue.kind == "undefined" and (issue.scenario, issue.step) == (0, 0)
    assert issue.nearest[0] == 'fan "{name:Name}" is registered'


def test_an_outline_is_checked_per_example_row(catalog: StepCatalog) -> None:
    text = ("Feature: F\n  Scenario Outline: S\n    Given fan \"<who>\" is registered\n\n    Examples:\n"
            "      | who  |\n      | Maya |\n      | maya |\n")
    [issue] = validate(parse_flow(text), catalog)
    assert issue.kind == "undefined" and "example row 2" in issue.message   # {name:Name} wants a capital letter


def test_two_definitions_matching_one_text_are_ambiguous(tmp_path: Path) -> None:
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "two_steps.py").write_text(
        "from behave import given\n\n@given('a {thing} ticket')\ndef one(context, thing):\n    pass\n\n"
        "@given('a cheap {x}')\ndef two(context, x):\n    pass\n", encoding="utf-8")
    flow = parse_flow("Feature: F\n  Scenario: S\n    Given a cheap ticket\n    Given a VIP ticket\n")
    [issue] = validate(flow, StepCatalog(tmp_path / "steps"))
    assert issue.kind == "ambiguous" and issue.step == 0 and issue.nearest == ["a {thing} ticket", "a cheap {x}"]


def test_a_saved_value_used_before_its_producer_is_refused(catalog: StepCatalog) -> None:
    flow = _new_flow()
    steps = flow.scenarios[0].steps
    steps.append(Step(step_type="then", text='the response field "id" equals "{venue_id}"'))
    [use] = [u for u in value_uses(flow) if u.name == "venue_id"]
    assert (use.producer.scenario, use.producer.step) == (0, 3) and [c.step for c in use.consumers] == [5] and not use.early
    assert validate(flow, catalog) == []
    steps.insert(0, steps.pop(5).model_copy(update={"step_type": "given", "text": 'the fan "{venue_id}" exists'}))
    issues = validate(flow, catalog)
    assert [i.kind for i in issues] == ["undefined", "early-use"] and "comes later (step 5)" in issues[1].message
    flow.scenarios[0].steps = [s for s in steps if s.text != 'I keep "id" as "venue_id"']
    assert "no step keeps it" in validate(flow, catalog)[-1].message


def test_saving_stays_inside_features_and_never_overwrites_unasked(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    for area, name in (("..", "x"), ("checkout", "../x"), ("Checkout", "x"), ("a/b", "x"), ("checkout", "")):
        with pytest.raises(OutputError):
            feature_path(features, area, name)
    os.symlink(tmp_path, features / "elsewhere")
    with pytest.raises(OutputError, match="outside"):
        feature_path(features, "elsewhere", "x")
    flow = _new_flow().model_copy(update={"tags": ["req:FT-001.1"]})
    path = save_flow(features, flow)
    assert path == features / "checkout" / "new_flow.feature" and path.read_text().startswith("@checkout @req:FT-001.1\n")
    with pytest.raises(OutputError, match="exists already"):
        save_flow(features, flow)
    opened = open_flow(features, "checkout", "new_flow")
    assert save_flow(features, opened, overwrite=True) == path and render(opened) == path.read_text()


def test_request_steps_pick_operations_from_the_pinned_contracts(catalog: StepCatalog) -> None:
    pickers = {s.phrase: picker_of(s.phrase) for s in catalog.steps if picker_of(s.phrase)}
    assert pickers == {'I send a {method:Method} request to "{path}" {caller:Caller}': "rest",
                       'I send a {method:Method} request to "{path}" {caller:Caller} with:': "rest-body",
                       "I send this GraphQL request {caller:Caller}:": "graphql"}
    rest = {(o.method, o.path): o for o in rest_operations(PINNED_OPENAPI)}
    pinned = load(PINNED_OPENAPI)["paths"]
    assert len(rest) == sum(1 for item in pinned.values() for m in ("get", "post", "put", "patch", "delete") if m in item)
    assert rest[("POST", "/v1/venues")].body and "201" in rest[("POST", "/v1/venues")].statuses
    assert not rest[("GET", "/v1/venues/{id}")].body
    schema = schema_of(load(PINNED_GRAPHQL))
    operations = graphql_operations(PINNED_GRAPHQL)
    assert {o.kind for o in operations} == {"query", "mutation"} and len(operations) >= 10
    for operation in operations:  # every starting document is valid against the pinned schema
        assert validate_document(schema, parse(operation.document)) == [], operation.document


@pytest.mark.parametrize("change", [
    {"feature": "F\n  Scenario: smuggled"}, {"tags": ["a b"]}, {"trailing": ["  Scenario: smuggled"]},
    {"scenarios": [{"name": "S\n    Given smuggled", "steps": []}]},
    {"scenarios": [{"name": "S", "steps": [{"step_type": "given", "text": "a", "keyword": "Scenario:"}]}]},
    {"scenarios": [{"name": "S", "steps": [{"step_type": "given", "text": "a:", "doc_string": {"content": 'x\n"""\n  Scenario: y'}}]}]},
], ids=["title", "tag", "trailing", "name", "keyword", "doc-string"])
def test_a_posted_flow_cannot_write_gherkin_it_does_not_declare(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Flow.model_validate({"feature": "F"} | change)
