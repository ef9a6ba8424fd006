"""After the workers: one JUnit folder and one Allure folder that say what finally happened.

Each worker runs behave on ``path:line`` locations, and behave reports the other scenarios of
those feature files as skipped; a rerun adds a second result for a scenario. Here the JUnit files
keep, per scenario, only the attempt that decided its final status (file names prefixed with the
worker, so they never collide), and the Allure folder loses the skipped stand-ins; the passing
rerun of a flaky scenario is labelled ``flaky`` (tag, and Allure's own statusDetails.flaky).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from support.run.behave_runner import WorkerJob

Key = tuple[str, str]  # (feature name, scenario name)
FLAKY = "flaky"


def _junit_key(classname: str, name: str, features: set[str]) -> Key | None:
    for feature in features:
        if classname == feature or classname.endswith(f".{feature}"):
            return feature, name.strip()
    return None


def merge_junit(jobs: list[WorkerJob], decided_by: Mapping[Key, str], flaky: set[Key], target: Path, prefix: str = "") -> int:
    """Copies each worker's JUnit into ``target``, keeping a testcase only from the worker whose
    attempt decided it (``decided_by``: key -> worker); returns the testcases written. ``prefix``
    (the CI shard, "s2-") keeps file names unique when the report job gathers every shard's files."""
    written = 0
    features = {feature for feature, _ in decided_by}
    for job in jobs:
        for path in sorted(job.junit_dir.glob("*.xml")):
            try:
                tree = ET.parse(path)
            except ET.ParseError:  # cut short: the worker was stopped while writing it
                continue
            root = tree.getroot()
            suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
            kept = 0
            for suite in suites:
                for case in list(suite.findall("testcase")):
                    key = _junit_key(case.get("classname", ""), case.get("name", ""), features)
                    if key is None or decided_by.get(key) != job.worker:
                        suite.remove(case)
                        continue
                    if key in flaky:
                        props = ET.SubElement(case, "properties")
                        ET.SubElement(props, "property", name=FLAKY, value="true")
                    kept += 1
                _recount(suite)
            if kept:
                tree.write(target / f"{prefix}{job.worker}-{path.name}", encoding="utf-8", xml_declaration=True)
                written += kept
    return written


def _recount(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))


def _allure_key(result: dict) -> Key:
    feature = next((label["value"] for label in result.get("labels", []) if label.get("name") == "feature"), "")
    return feature, str(result.get("name", "")).strip()


def tidy_allure(results: Path, selected: set[Key], flaky: set[Key]) -> int:
    """Deletes skipped stand-ins (for scenarios another worker or another CI shard ran, or that were
    not selected at all) and labels flaky reruns; returns the number of files removed."""
    groups: dict[Key, list[tuple[Path, dict]]] = defaultdict(list)
    for path in results.glob("*-result.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # cut short: the worker was stopped while writing it
            continue
        groups[_allure_key(data)].append((path, data))
    removed = 0
    for key, members in groups.items():
        ran = [m for m in members if m[1].get("status") != "skipped"]
        if key not in selected:
            stand_ins = [m for m in members if m[1].get("status") == "skipped"]
        elif ran:
            stand_ins = [m for m in members if m[1].get("status") == "skipped"]
        else:  # skipped for real (e.g. read-only environment): keep the one that says why
            members.sort(key=lambda m: not (m[1].get("statusDetails") or {}).get("message"))
            stand_ins = members[1:]
        for path, _ in stand_ins:
            path.unlink()
            removed += 1
        if key in flaky:
            passed = [m for m in ran if m[1].get("status") == "passed"]
            if passed:
                path, data = max(passed, key=lambda m: m[1].get("stop", 0))
                data.setdefault("labels", []).append({"name": "tag", "value": FLAKY})
                data["statusDetails"] = {**(data.get("statusDetails") or {}), "flaky": True,
                                         "message": "flaky: failed, then passed on a rerun"}
                path.write_text(json.dumps(data), encoding="utf-8")
    return removed
