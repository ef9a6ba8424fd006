"""The personal data table drives its generated feature and classifies every personal field of the contract."""

import json
import shutil
import subprocess
import sys
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


def test_a_bad_cell_is_one_line_naming_row_viewer_and_value(tmp_path: Path) -> None:
    broken = tmp_path / "personal_data.csv"
    broken.write_text("data,field,admin,ops,analyst,own fan,other fan,anonymous,why\n"
                      "phone number,phone,shown,visible,hidden,shown,hidden,hidden,\n")
    with pytest.raises(ValueError) as raised:
        personal_data.load_table(broken)
    assert str(raised.value) == ("personal_data.csv: 'phone number', ops: 'visible': "
                                 "Input should be 'shown', 'masked' or 'hidden'")


def test_the_regeneration_command_refuses_a_bad_table_with_one_line(tmp_path: Path) -> None:
    """python -m support.personal_data (what the CSV's header tells the reviewer to run) on a bad cell."""
    (tmp_path / "support").mkdir()  # the module finds its table beside it: a scratch copy with a bad cell
    for name in ("__init__.py", "personal_data.py", "review_tables.py"):
        shutil.copy(REPO / "support" / name, tmp_path / "support" / name)
    table = tmp_path / "features" / "security" / "personal_data.csv"
    table.parent.mkdir(parents=True)
    table.write_text(personal_data.TABLE_FILE.read_text(encoding="utf-8").replace(
        "phone number,phone,shown,masked,", "phone number,phone,shown,visible,"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "support.personal_data"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("usage error: personal_data.csv: 'phone number', ops: 'visible': "
                           "Input should be 'shown', 'masked' or 'hidden'\n")
    assert not table.with_suffix(".feature").exists()


def test_masks_keep_what_the_contract_says() -> None:
    assert expected_value("maya.lopez@example.test", "email", "masked") == "m***@example.test"
    assert expected_value("+1-555-123-4567", "phone", "masked") == "+*-***-***-**67"
    assert expected_value({"fanClub": "gold"}, "attributes", "hidden") == {}
    with pytest.raises(ValueError, match="cannot be masked"):
        expected_value("Maya", "firstName", "masked")
