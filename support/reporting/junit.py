"""Reads behave's JUnit files into a run summary (counts per status, failing scenarios)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from pydantic import BaseModel, Field


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
