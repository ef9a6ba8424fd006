"""Allure labels and links of a scenario, derived from where its feature lives and its tags.

The Allure results are written from the run's event stream (support/reporting/allure_results.py);
these functions turn a ScenarioFinished's feature file and tags into the labels and links, so
every attempt, shard and replay of a scenario carries the same ones.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import NamedTuple

SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
COVERAGE_PAGE = "coverage/index.html"  # relative to the report's root, where the pipeline copies it


class ReportLink(NamedTuple):
    kind: str  # "link" | "issue" | "tms"
    name: str
    url: str


def area_of(feature_file: str | None) -> str:
    """The business area is the folder under features/: features/checkout/x.feature -> checkout."""
    if not feature_file or feature_file == "<string>":
        return "(none)"
    parts = PurePath(feature_file).parts
    if "features" in parts:
        rest = parts[parts.index("features") + 1:-1]
        if rest:
            return rest[0]
    return PurePath(feature_file).parent.name or "(none)"


def severity_of(tags: list[str] | set[str]) -> str:
    """The most severe severity tag wins; untagged scenarios are normal."""
    for severity in SEVERITIES:
        if severity in tags:
            return severity
    return "normal"


def tag_values(tags: list[str] | set[str], prefix: str) -> list[str]:
    """``req:FT-001.1`` -> ``FT-001.1`` for prefix ``req``; sorted and unique."""
    return sorted({t.split(":", 1)[1] for t in tags if t.startswith(prefix + ":") and t.split(":", 1)[1]})


def scenario_links(tags: list[str] | set[str], requirement_url: str, issue_url: str) -> list[ReportLink]:
    links = [ReportLink("tms", req, requirement_url.format(req)) for req in tag_values(tags, "req")]
    links += [ReportLink("issue", issue, issue_url.format(issue)) for issue in tag_values(tags, "issue")]
    return links + [ReportLink("link", "requirement coverage", COVERAGE_PAGE)]


def scenario_labels(feature_file: str | None, feature: str, scenario: str, tags: list[str] | set[str],
                    owner: str) -> dict[str, str]:
    area = area_of(feature_file)
    # epic/feature/story drive the Behaviors tab; parentSuite/suite give the Suites tab the same tree
    labels = {"epic": area, "feature": feature, "story": scenario, "severity": severity_of(tags),
              "parentSuite": area, "suite": feature}
    if owner:
        labels["owner"] = owner
    return labels
