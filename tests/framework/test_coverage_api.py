"""GraphQL documents and REST URLs mapped onto the schema and the OpenAPI document."""

import pytest

from support.reporting.api_coverage import RestMatcher, fields_of_document, load_graphql_schema, root_fields, schema_fields


def test_root_fields_are_the_pinned_schemas_queries_and_mutations():
    roots = root_fields(load_graphql_schema())
    assert "Query.events" in roots and "Mutation.checkout" in roots
    assert all(r.startswith(("Query.", "Mutation.")) for r in roots)
    assert set(roots) <= set(schema_fields(load_graphql_schema()))


@pytest.mark.req("REP-001.2")
def test_fields_through_aliases_fragments_and_nesting():
    document = """
      query Browse { onSale: events { totalCount edges { node { ...EventBits } } } }
      fragment EventBits on Event { id name venue { __typename } }
    """
    assert fields_of_document(document) >= {"Query.events", "EventConnection.totalCount", "EventConnection.edges",
                                             "EventEdge.node", "Event.id", "Event.name", "Event.venue"}
    assert not any(f.endswith("__typename") for f in fields_of_document(document))


def test_mutations_count_and_a_malformed_document_counts_nothing():
    assert "Mutation.checkout" in fields_of_document("mutation Pay($i: CheckoutInput!) { checkout(input: $i) { __typename } }")
    assert fields_of_document("query { events { ") == frozenset()


SPEC = {"paths": {
    "/v1/events": {"get": {}, "post": {}},
    "/v1/events/{id}": {"get": {}, "delete": {}},
    "/v1/events/{id}/publish": {"post": {}},
    "/v1/events/search": {"get": {}},
    "/health": {"get": {}},
}}


@pytest.mark.req("REP-001.2")
def test_urls_match_templates_and_literal_segments_win():
    matcher = RestMatcher(SPEC)
    assert matcher.operation("get", "/v1/events/42") == "GET /v1/events/{id}"
    assert matcher.operation("GET", "/v1/events/search") == "GET /v1/events/search"
    assert matcher.operation("POST", "/v1/events/3f1c2d9e-8b7a/publish") == "POST /v1/events/{id}/publish"
    assert matcher.operation("GET", "/v1/events/") == "GET /v1/events"
    assert matcher.operation("GET", "/v1/venues/1") is None
    assert matcher.operations == sorted(["GET /v1/events", "POST /v1/events", "GET /v1/events/{id}", "DELETE /v1/events/{id}",
                                         "POST /v1/events/{id}/publish", "GET /v1/events/search", "GET /health"])


def test_no_document_means_no_rest_universe():
    assert RestMatcher(None).operations == []
    assert RestMatcher(None).operation("GET", "/v1/events") is None
