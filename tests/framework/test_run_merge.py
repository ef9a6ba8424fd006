"""The Allure folder after the workers: stand-ins gone, real skips kept once, flaky labelled."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from support.run.merge import tidy_allure


def result(folder: Path, name: str, status: str, *, stop: int = 1, message: str | None = None) -> Path:
    path = folder / f"{uuid.uuid4()}-result.json"
    data = {"name": name, "status": status, "stop": stop, "labels": [{"name": "feature", "value": "Shop"}]}
    if message:
        data["statusDetails"] = {"message": message}
    path.write_text(json.dumps(data))
    return path


def test_stand_ins_go_real_skips_stay_once_and_flaky_reruns_are_labelled(tmp_path: Path) -> None:
    ran = result(tmp_path, "Ran", "passed")
    stand_in_of_ran = result(tmp_path, "Ran", "skipped")
    other_shard = result(tmp_path, "Another shard's", "skipped")           # not selected in this run
    skipped_a = result(tmp_path, "Read-only skip", "skipped")
    skipped_b = result(tmp_path, "Read-only skip", "skipped", message="staging is read-only")
    failed_first = result(tmp_path, "Wobbly", "failed", stop=1)
    passed_rerun = result(tmp_path, "Wobbly", "passed", stop=2)
    selected = {("Shop", "Ran"), ("Shop", "Read-only skip"), ("Shop", "Wobbly")}

    removed = tidy_allure(tmp_path, selected, flaky={("Shop", "Wobbly")})

    assert removed == 3
    assert ran.exists() and skipped_b.exists() and failed_first.exists() and passed_rerun.exists()
    assert not stand_in_of_ran.exists() and not other_shard.exists() and not skipped_a.exists()
    labelled = json.loads(passed_rerun.read_text())
    assert {"name": "tag", "value": "flaky"} in labelled["labels"] and labelled["statusDetails"]["flaky"] is True
    assert "flaky" not in json.loads(failed_first.read_text()).get("statusDetails", {})
