"""The personal data table drives its generated feature and classifies every personal field of the contract."""

import json
from pathlib import Path

import pytest

from support import personal_data
from support.journeys.security_personal_data import expected_value

REPO = Path(__file__).resolve().parents[2]
NOT_PERSONAL = {"id", "erasedAt", "createdAt", "updatedAt"}  # identifiers and times, no data about the person


def test_the_feature_is_generated_from_the_table() -> None:
    expected = personal_data.render_feature(personal_data.load_table())
    actual = personal_data.FEATURE_FILE.read_text(encoding="utf-8")
    assert actual == expected, "personal_data.feature is stale: run python -m support.personal_data"
    assert expected.count("\n      | ") - 1 == len(personal_data.load_table()) * len(personal_data.VIEWERS)


def test_every_personal_field_of_the_contract_has_a_row() -> None:
    """A new field on a fan in either pinned contract, without a row, fails here (nothing unclassified)."""
    table = {row.field for row in personal_data.load_table().values()}
    openapi = json.loads((REPO / "support" / "contracts" / "openapi.json").read_text())
    rest = set(openapi["components"]["schemas"]["FanRead"]["properties"]) - NOT_PERSONAL
    graphql = json.loads((REPO / "support" / "contracts" / "graphql.json").read_text())
    fan = next(t for t in graphql["data"]["__schema"]["types"] if t["name"] == "Fan")
    assert rest == table
    assert {f["name"] for f in fan["fields"]} - NOT_PERSONAL == table


def test_a_viewer_without_a_rule_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "personal_data.csv"
    broken.write_text("data,field,admin,ops,analyst,own fan,other fan,anonymous,why\n"
                      "e-mail address,email,shown,shown,masked,shown,hidden,,\n")
    with pytest.raises(ValueError, match="'e-mail address' has no rule for anonymous"):
        personal_data.load_table(broken)


def test_masks_keep_what_the_contract_says() -> None:
    assert expected_value("maya.lopez@example.test", "email", "masked") == "m***@example.test"
    assert expected_value("+1-555-123-4567", "phone", "masked") == "+*-***-***-**67"
    assert expected_value({"fanClub": "gold"}, "attributes", "hidden") == {}
    with pytest.raises(ValueError, match="cannot be masked"):
        expected_value("Maya", "firstName", "masked")
