"""Allure labels and links derived from a scenario's folder and tags; failure categories."""

import json
import re

import pytest

from support.reporting.categories import CATEGORIES, CONTRACT_DRIFT, ENVIRONMENT, FLAKY, PRODUCT, TEST, classify, write_categories
from support.reporting.labels import area_of, scenario_labels, scenario_links, severity_of


@pytest.mark.req("CFG-001.2")
@pytest.mark.parametrize("path, area", [
    ("features/checkout/buying_tickets.feature", "checkout"),
    ("/abs/repo/features/inventory/holds/fair_sale.feature", "inventory"),
    ("features/top_level.feature", "features"),
    ("<string>", "(none)"),
    (None, "(none)"),
])
def test_the_business_area_is_the_folder_under_features(path, area):
    assert area_of(path) == area


def test_severity_comes_from_tags_and_defaults_to_normal():
    assert severity_of(["checkout", "critical"]) == "critical"
    assert severity_of(["minor", "blocker"]) == "blocker"
    assert severity_of(["req:FT-001.1"]) == "normal"


def test_labels_name_area_feature_story_severity_and_owner():
    labels = scenario_labels("features/pricing/x.feature", "Itemised price", "Fees are itemised", ["minor"], "pricing-team")
    assert labels == {"epic": "pricing", "feature": "Itemised price", "story": "Fees are itemised", "severity": "minor",
                      "owner": "pricing-team", "parentSuite": "pricing", "suite": "Itemised price"}
    assert "owner" not in scenario_labels("features/pricing/x.feature", "f", "s", [], "")


def test_requirement_and_issue_tags_become_links_through_the_configured_patterns():
    links = scenario_links(["req:FT-001.1", "req:API-001.3", "issue:JUMP-42", "checkout"],
                           "https://srs.example/#{}", "https://tracker.example/issues/{}")
    assert [(link.kind, link.name, link.url) for link in links] == [
        ("tms", "API-001.3", "https://srs.example/#API-001.3"),
        ("tms", "FT-001.1", "https://srs.example/#FT-001.1"),
        ("issue", "JUMP-42", "https://tracker.example/issues/JUMP-42"),
        ("link", "requirement coverage", "coverage/index.html"),
    ]


MESSAGES = {
    "Contract drift: 1 breaking, 0 warning(s) between the pinned contracts (support/contracts/) and the live platform\n"
    "breaking  REST RESPONSE_REMOVED: GET /v1/events -> 200 is no longer declared\n": ("failed", CONTRACT_DRIFT),
    "Contract drift: 0 breaking, 1 warning(s) between the pinned contracts (support/contracts/) and the live platform\n"
    "dangerous REST RESPONSE_REMOVED: GET /v1/events -> 503 is no longer declared\n": ("passed", CONTRACT_DRIFT),
    "support.assertions.ExpectationFailed: order total: expected '$118.00', got '$120.00'\n": ("failed", PRODUCT),
    "AssertionError: 3 != 4\n": ("failed", PRODUCT),
    "support.errors.DataSetupError: could not create a venue\n": ("broken", TEST),
    "KeyError: 'seat'\n": ("broken", TEST),
    "support.errors.PlatformUnreachable: rest unreachable at http://127.0.0.1:1: ConnectionError\n": ("broken", ENVIRONMENT),
    "support.errors.ProblemError: GET http://x/v1/events -> 503 SERVICE_UNAVAILABLE: try later\n": ("broken", ENVIRONMENT),
    "requests.exceptions.ReadTimeout: read timed out\n": ("broken", ENVIRONMENT),
    "support.assertions.ExpectationFailed: the platform refused; the platform answered: GET /v1/x -> 502 BAD_GATEWAY\n": ("failed", ENVIRONMENT),
}


@pytest.mark.req("ERR-001.2")
@pytest.mark.parametrize("message", list(MESSAGES))
def test_python_and_allure_file_a_failure_under_exactly_one_category(message):
    status, expected = MESSAGES[message]
    assert classify(status, message) == expected
    # Allure (Java) applies categories.json with Matcher.matches(): a full match, like re.fullmatch
    matching = [c.name for c in CATEGORIES if not c.flaky and status in c.matchedStatuses
                and re.fullmatch(c.messageRegex or ".*", message)]
    assert matching == [expected]


def test_passed_and_skipped_have_no_category_and_flaky_wins():
    assert classify("passed", "") is None
    assert classify("skipped", "") is None
    assert classify("passed", "", flaky=True) == FLAKY


def test_categories_json_is_what_allure_reads(tmp_path):
    written = json.loads(write_categories(tmp_path).read_text())
    assert [c["name"] for c in written] == [ENVIRONMENT, PRODUCT, TEST, CONTRACT_DRIFT, FLAKY]
    assert written[-1]["flaky"] is True and "messageRegex" not in written[-1]
