"""JUnit: reads behave's files into a run summary, and writes one merged file from the Allure results."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pydantic import BaseModel, Field

from support.reporting.results import ScenarioResult


class CaseResult(BaseModel):
    feature: str
    scenario: str
    status: str  # passed | failed | skipped
    duration_s: float
    message: str = ""


class RunSummary(BaseModel):
    cases: list[CaseResult] = Field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.cases if c.status == status)

    @property
    def passed(self) -> int:
        return self.count("passed")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def duration_s(self) -> float:
        return sum(c.duration_s for c in self.cases)


def read_junit(folder: Path) -> RunSummary:
    summary = RunSummary()
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for suite in suites:
            for case in suite.findall("testcase"):
                failure = case.find("failure")
                error = case.find("error")
                if failure is not None or error is not None:
                    node = failure if failure is not None else error
                    status, message = "failed", (node.get("message") or "").strip()  # type: ignore[union-attr]
                elif case.find("skipped") is not None:
                    status, message = "skipped", ""
                else:
                    status, message = "passed", ""
                summary.cases.append(CaseResult(
                    feature=case.get("classname", suite.get("name", "")), scenario=case.get("name", ""),
                    status=status, duration_s=float(case.get("time", "0") or 0), message=message[:500],
                ))
    return summary


def write_junit(results: list[ScenarioResult], path: Path) -> Path:
    """One JUnit XML for GitLab from the merged Allure results (all workers, latest attempt each).

    Why not behave's own files: with parallel workers and reruns behave writes one file per
    process and attempt; this is the single, deduplicated view the Allure report shows too.
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
            first = case.message.strip().splitlines()[0] if case.message.strip() else case.status
            if case.status in ("failed", "broken"):
                child = ET.SubElement(node, "failure" if case.status == "failed" else "error", message=first[:500])
                child.text = case.message + ("\n" + case.trace if case.trace else "")
            elif case.status == "skipped":
                ET.SubElement(node, "skipped", message=first[:500])
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
