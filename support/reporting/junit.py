"""JUnit: the run's one file, from the stream's results (GitLab reads it under artifacts:reports:junit)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from support.reporting.results import ScenarioResult


def write_junit(results: list[ScenarioResult], path: Path) -> Path:
    """One JUnit XML: one testcase per scenario, its final attempt (all workers and shards).

    Why not behave's own files: with parallel workers and reruns behave writes one file per
    process and attempt; this is the single, deduplicated view the Allure report shows too.
    A scenario that passed on a rerun (flaky) carries the property flaky=true.
    """
    suites: dict[str, list[ScenarioResult]] = {}
    for result in results:
        suites.setdefault(f"{result.area}.{result.feature}", []).append(result)
    root = ET.Element("testsuites", name="jump")
    for name, cases in sorted(suites.items()):
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(cases)),
                              failures=str(sum(c.status == "failed" for c in cases)),
                              errors=str(sum(c.status == "broken" for c in cases)),
                              skipped=str(sum(c.status == "skipped" for c in cases)))
        for case in cases:
            node = ET.SubElement(suite, "testcase", classname=name, name=case.name,
                                 time=f"{max(case.stop - case.start, 0) / 1000:.3f}")
            if case.flaky:
                ET.SubElement(ET.SubElement(node, "properties"), "property", name="flaky", value="true")
            first = case.message.strip().splitlines()[0] if case.message.strip() else case.status
            if case.status in ("failed", "broken"):
                child = ET.SubElement(node, "failure" if case.status == "failed" else "error", message=first[:500])
                child.text = case.message + ("\n" + case.trace if case.trace else "")
            elif case.status == "skipped":
                ET.SubElement(node, "skipped", message=first[:500])
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
