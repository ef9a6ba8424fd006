"""Listing scenarios the way behave selects them: outline rows expanded, tag expressions honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.errors import SelectionError
from support.run.selection import list_scenarios

FEATURE = """\
@shop
Feature: Shop

  Scenario: Plain
    Given a step

  @slow
  Scenario: Slow one
    Given a step

  Scenario Outline: Priced <n>
    Given a step <n>

    Examples:
      | n |
      | 1 |
      | 2 |

    @edge
    Examples: edges
      | n |
      | 0 |
"""

SERIAL = """\
@serial
Feature: Alone
  Scenario: Exclusive
    Given a step
"""


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "features" / "area").mkdir(parents=True)
    (tmp_path / "features" / "area" / "shop.feature").write_text(FEATURE)
    (tmp_path / "features" / "alone.feature").write_text(SERIAL)
    return tmp_path


def names(root: Path, *tags: str) -> list[str]:
    return [ref.name for ref in list_scenarios(["features"], list(tags), root)]


@pytest.mark.req("CFG-001.2")
def test_outline_rows_are_scenarios_of_their_own(root: Path) -> None:
    listed = list_scenarios(["features/area"], [], root)
    assert len(listed) == 5
    rows = [ref for ref in listed if ref.name.startswith("Priced")]
    assert [ref.name.split(" -- ")[0] for ref in rows] == ["Priced 1", "Priced 2", "Priced 0"]
    assert len({ref.location for ref in listed}) == 5
    assert all(ref.location.startswith("features/area/shop.feature:") for ref in listed)


@pytest.mark.req("CFG-001.2")
def test_tag_expressions_select_like_behave(root: Path) -> None:
    assert names(root, "@slow") == ["Slow one"]
    assert len(names(root, "@shop and not @slow")) == 4
    assert names(root, "@edge") == ["Priced 0 -- @2.1 edges"]
    assert len(names(root, "@shop", "not @edge")) == 4          # several --tags are ANDed
    assert names(root, "@nothing") == []


def test_serial_comes_from_the_feature_tag(root: Path) -> None:
    listed = list_scenarios(["features"], [], root)
    assert [ref.name for ref in listed if ref.serial] == ["Exclusive"]


def test_a_missing_path_is_an_error(root: Path) -> None:
    with pytest.raises(SelectionError, match=r"^usage error: no feature file or folder at features/nope: check the path"):
        list_scenarios(["features/nope"], [], root)


def test_behave_ini_default_tags_apply_only_without_tags(tmp_path: Path) -> None:
    (tmp_path / "behave.ini").write_text("[behave]\ndefault_tags = not @wip\n")
    (tmp_path / "wip.feature").write_text("Feature: W\n  Scenario: Done\n    Given a step\n\n"
                                          "  @wip\n  Scenario: Unfinished\n    Given a step\n")
    assert [s.name for s in list_scenarios(["wip.feature"], [], tmp_path)] == ["Done"]
    assert [s.name for s in list_scenarios(["wip.feature"], ["@wip"], tmp_path)] == ["Unfinished"]


def test_a_read_only_environment_keeps_only_production_safe_scenarios_and_says_why_the_rest_left() -> None:
    from support.config import load_settings
    from support.run.selection import runnable

    repo = Path(__file__).resolve().parents[2]
    refs = list_scenarios(["features"], [], repo)
    environ = {"JUMP_PROD_ANALYST_PASSWORD": "x-analyst-pw", "JUMP_PROD_FAN_PASSWORD": "x-fan-pw"}
    production = load_settings("production", environ=environ)
    kept, left_out = runnable(refs, production)
    assert kept and all("production-safe" in ref.tags for ref in kept)
    assert {ref.location.split(":")[0] for ref in kept} == {"features/smoke/production_smoke.feature"}
    assert left_out == {"production is read-only: only @production-safe scenarios run": len(refs) - len(kept)}
    # the same selection on another environment leaves nothing out for being unsafe
    staging = load_settings("staging", environ={"VAULT_TOKEN": "x"})
    assert not any("read-only" in reason for reason in runnable(refs, staging)[1])
