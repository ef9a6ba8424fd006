"""Checking a flow as ``behave --dry-run`` would, before it is saved or run: every step matched
against the step registry (undefined ones with the nearest phrases, as ./jump test:run names them;
a text more than one definition matches is ambiguous), each Scenario Outline once per example row,
and no saved value used before the step that keeps it."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from support.flows.catalog import StepCatalog
from support.flows.dataflow import value_uses
from support.flows.model import Flow, Scenario, Step
from support.gherkin.undefined import catalog_phrases, nearest_phrases

OUTLINE_PARAMETER = re.compile(r"<([^<>]+)>")


class Issue(BaseModel):
    kind: Literal["undefined", "ambiguous", "early-use", "empty"]
    scenario: int                  # -1: the background (or the feature for "empty")
    step: int = -1
    message: str
    nearest: list[str] = Field(default_factory=list)


def _rows(scenario: Scenario) -> list[dict[str, str]]:
    """The example rows of an outline (one empty row for a plain scenario)."""
    rows = [dict(zip(e.table.headings, row, strict=False)) for e in scenario.examples for row in e.table.rows]
    return rows or [{}]


def _expand(text: str, row: dict[str, str]) -> str:
    return OUTLINE_PARAMETER.sub(lambda m: row.get(m.group(1), m.group(0)), text)


def _check_step(catalog: StepCatalog, phrases: list[str], scenario: Scenario, index: int, position: int, step: Step) -> Issue | None:
    for row_number, row in enumerate(_rows(scenario), start=1):
        text = _expand(step.text, row)
        matched = catalog.matches(step.step_type, text)
        where = f" (example row {row_number})" if row else ""
        if not matched:
            return Issue(kind="undefined", scenario=index, step=position, nearest=nearest_phrases(text, phrases),
                         message=f'undefined step{where}: "{text}"')
        if len(matched) > 1:
            return Issue(kind="ambiguous", scenario=index, step=position, nearest=[m.step.phrase for m in matched],
                         message=f'ambiguous step{where}: "{text}" matches {len(matched)} definitions; behave would run the first')
    return None


def validate(flow: Flow, catalog: StepCatalog) -> list[Issue]:
    """Every problem of the flow, in file order; an empty list is a flow behave would accept."""
    phrases = catalog_phrases(catalog.registry)
    issues: list[Issue] = []
    if not flow.scenarios:
        issues.append(Issue(kind="empty", scenario=-1, message="the flow has no scenario yet"))
    parts = ([(-1, flow.background)] if flow.background else []) + list(enumerate(flow.scenarios))
    for index, scenario in parts:
        if index >= 0 and not scenario.steps:
            issues.append(Issue(kind="empty", scenario=index, message=f'scenario "{scenario.name}" has no steps'))
        for position, step in enumerate(scenario.steps):
            issue = _check_step(catalog, phrases, scenario, index, position, step)
            if issue is not None:
                issues.append(issue)
    seen: set[tuple[int, int, str]] = set()
    for use in value_uses(flow):
        for ref in use.early:
            if (ref.scenario, ref.step, use.name) in seen:
                continue
            seen.add((ref.scenario, ref.step, use.name))
            producer = (f"the step that keeps it comes later (step {use.producer.step + 1})" if use.producer
                        else f'no step keeps it (add: I keep "<path>" as "{use.name}")')
            issues.append(Issue(kind="early-use", scenario=ref.scenario, step=ref.step,
                                message=f"{{{use.name}}} is used before it is saved: {producer}"))
    return sorted(issues, key=lambda i: (i.scenario, i.step))
