"""Saved values: which step keeps a value from a response under a name and which later steps use it.

A step keeps a value with the generic API step ``I keep "{path}" as "{name}"`` (steps/api_steps.py);
a step uses one through a ``{name}`` placeholder in its text, doc string or table
(support/gherkin/interpolation.py: the same pattern, so ``{{name}}`` and JSON braces are not uses).
The background runs before every scenario, so what it keeps is there for all of them.
"""

from __future__ import annotations

from pydantic import BaseModel

from support.flows.model import Flow, Scenario, Step
from support.gherkin.interpolation import BUILT_INS, PLACEHOLDER

# steps that keep a value of their own under a fixed name (their journey function says which);
# a test validates every feature file, so a new one shows up there until it is listed here
FIXED_PRODUCERS: dict[str, str] = {"a database transaction": "transaction_event_id"}  # support/journeys/database.py


class StepRef(BaseModel):
    scenario: int                  # -1: the background
    step: int


class ValueUse(BaseModel):
    """One saved value in one scenario: the step that keeps it and the steps that use it."""

    name: str
    scenario: int
    producer: StepRef | None = None
    consumers: list[StepRef] = []
    early: list[StepRef] = []      # uses before the producer, or with no producer at all


def kept_name(step: Step) -> str | None:
    """The name a step saves under (``And I keep "id" as "venue_id"`` -> venue_id), or None."""
    text = step.text
    if text in FIXED_PRODUCERS:
        return FIXED_PRODUCERS[text]
    if text.startswith('I keep "') and '" as "' in text and text.endswith('"'):
        return text.rsplit('" as "', 1)[1][:-1] or None
    return None


def used_names(step: Step) -> list[str]:
    """The ``{name}`` placeholders of a step (text, doc string, table), built-ins left out, in order."""
    parts = [step.text]
    if step.doc_string is not None:
        parts.append(step.doc_string.content)
    if step.table is not None:
        parts += [cell for row in [step.table.headings, *step.table.rows] for cell in row]
    names: list[str] = []
    for part in parts:
        for match in PLACEHOLDER.finditer(part):
            name = match.group(2)
            if name and name not in BUILT_INS and name not in names:
                names.append(name)
    return names


def _walk(scenario: Scenario, index: int, uses: dict[str, ValueUse], scenario_index: int) -> None:
    for position, step in enumerate(scenario.steps):
        ref = StepRef(scenario=index, step=position)
        for name in used_names(step):
            use = uses.setdefault(name, ValueUse(name=name, scenario=scenario_index))
            use.consumers.append(ref)
            if use.producer is None:
                use.early.append(ref)
        name = kept_name(step)
        if name and (name not in uses or uses[name].producer is None):
            uses.setdefault(name, ValueUse(name=name, scenario=scenario_index)).producer = ref


def value_uses(flow: Flow) -> list[ValueUse]:
    """Per scenario, every saved value with its producer and consumers (the background's count for all)."""
    found: list[ValueUse] = []
    for index, scenario in enumerate(flow.scenarios):
        uses: dict[str, ValueUse] = {}
        if flow.background is not None:
            _walk(flow.background, -1, uses, index)
        _walk(scenario, index, uses, index)
        found += uses.values()
    if not flow.scenarios and flow.background is not None:
        uses = {}
        _walk(flow.background, -1, uses, -1)
        found += uses.values()
    return found
