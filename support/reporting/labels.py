"""Allure labels and links of a scenario, derived from where its feature lives and its tags.

Why at run time (``allure.dynamic``) rather than by rewriting result files afterwards: the
labels are then in every result a worker writes, so merged, rerun and sharded results agree
without a post-processing pass over thousands of files.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, NamedTuple

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


def _running_test() -> Any:
    """The TestResult allure-behave has open, or None (no Allure formatter in this run).

    Why not ``allure.dynamic.label``: allure-behave 2.16 implements no ``add_label`` hook, so
    dynamic labels are silently dropped; its listener's reporter holds the open test directly.
    """
    import allure_commons

    for plugin in allure_commons.plugin_manager.get_plugins():
        reporter = getattr(plugin, "logger", None)
        if hasattr(reporter, "get_test"):
            test = reporter.get_test(None)
            if test is not None:
                return test
    return None


def apply_to_running_test(scenario: Any, reporting: Any) -> None:
    """Adds the labels and links to the Allure test that allure-behave opened for ``scenario``."""
    test = _running_test()
    if test is None:
        return
    from allure_commons.model2 import Label, Link

    tags = list(scenario.effective_tags)
    wanted = scenario_labels(scenario.filename, scenario.feature.name, scenario.name, tags, reporting.owner)
    test.labels = [label for label in test.labels if label.name not in wanted] + [Label(name=k, value=v) for k, v in wanted.items()]
    known = {link.url for link in test.links}
    test.links += [Link(type=link.kind, url=link.url, name=link.name)
                   for link in scenario_links(tags, reporting.requirement_url_pattern, reporting.issue_url_pattern)
                   if link.url not in known]
