"""A scenario's steps as the builder shows them: Given/When/Then lanes of step cards.

A lane is a run of steps of one type, so a scenario written When, Then, When, Then keeps its order
(four lanes) and is saved back unchanged; a new scenario starts with an empty Given, When and Then lane.
Each card knows its catalog step and parameter values when behave's matchers recognise the text.
"""

from __future__ import annotations

from pydantic import BaseModel

from support.flows.catalog import CatalogStep, StepCatalog
from support.flows.model import Step, StepType

ORDER: tuple[StepType, ...] = ("given", "when", "then")


class Card(BaseModel):
    step: Step
    catalog: CatalogStep | None = None     # None: a text no single definition matches (shown as free text)
    values: dict[str, str] = {}


class Lane(BaseModel):
    step_type: StepType
    cards: list[Card] = []


def card_of(step: Step, catalog: StepCatalog) -> Card:
    matched = catalog.matches(step.step_type, step.text)
    if len(matched) != 1:
        return Card(step=step)
    return Card(step=step, catalog=matched[0].step, values=matched[0].values)


def lanes_of(steps: list[Step], catalog: StepCatalog) -> list[Lane]:
    """Runs of one step type, with empty lanes added so that Given, When and Then are always there in order."""
    lanes: list[Lane] = []
    for step in steps:
        if not lanes or lanes[-1].step_type != step.step_type:
            lanes.append(Lane(step_type=step.step_type))
        lanes[-1].cards.append(card_of(step, catalog))
    if not lanes or lanes[0].step_type != "given":
        lanes.insert(0, Lane(step_type="given"))
    if all(lane.step_type != "when" for lane in lanes):
        lanes.insert(1 if lanes[-1].step_type == "then" and len(lanes) > 1 else len(lanes), Lane(step_type="when"))
    if lanes[-1].step_type != "then":
        lanes.append(Lane(step_type="then"))
    return lanes
