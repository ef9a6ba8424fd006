"""The builder's step catalog: the entries of ``./jump steps:list`` (support/gherkin/catalog.py, read
from behave's registry) grouped by area, each parameter as a typed field, and matching a step's
text back to its entry and parameter values with behave's own matchers."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from behave.matchers import ParseMatcher
from behave.step_registry import StepRegistry
from pydantic import BaseModel, Field

from support.flows.model import Step
from support.gherkin.catalog import CHOICES, FIELD, StepEntry, entries_of, load_registry, split_docstring

FieldKind = Literal["integer", "number", "money", "percent", "name", "enum", "word", "text"]
KIND_OF_TYPE: dict[str, FieldKind] = {"d": "integer", "n": "integer", "f": "number", "w": "word", "Number": "number",
                                      "Money": "money", "Percent": "percent", "Name": "name"}
PLACEHOLDERS: dict[str, str] = {"money": "$50.00", "percent": "8.25%", "name": "Maya", "integer": "2", "number": "2",
                                "Caller": 'as "admin"', "Database": "inventory"}   # by kind, or by type name


class ParamField(BaseModel):
    name: str
    type_name: str                 # as in the phrase: Money, d, Section ... ("" for plain text)
    kind: FieldKind
    choices: list[str] = Field(default_factory=list)   # kind enum: the closed list of phrases
    description: str = ""
    placeholder: str = ""


class Segment(BaseModel):
    text: str = ""                 # literal text of the phrase ...
    field: int | None = None       # ... or the index of a parameter field


class CatalogStep(BaseModel):
    id: str
    keyword: Literal["given", "when", "then", "step"]
    phrase: str
    area: str                      # steps/api_steps.py -> api
    module: str
    fields: list[ParamField]
    segments: list[Segment]
    explanation: str
    example: str
    doc_string: bool               # the phrase ends with ":" and its example gives a doc string ...
    table: bool                    # ... or a table

    def new_step(self) -> Step:
        """The step a card of this entry starts as (an any-keyword step starts in the When lane)."""
        return Step(step_type=self.keyword if self.keyword != "step" else "when", text=self.fill({}))

    def fill(self, values: dict[str, str]) -> str:
        """The step text with the parameter values in place (a missing value leaves the placeholder)."""
        return "".join(s.text if s.field is None else values.get(self.fields[s.field].name, "{" + self.fields[s.field].name + "}")
                       for s in self.segments)


class Matched(BaseModel):
    step: CatalogStep
    values: dict[str, str]         # parameter name -> the text written in the step


def _field(name: str, type_name: str) -> ParamField:
    converter = ParseMatcher.TYPE_REGISTRY.get(type_name) if type_name else None
    pattern = str(getattr(converter, "pattern", "")).replace("\\", "")
    doc = ((getattr(converter, "__doc__", "") or "").strip().splitlines() or [""])[0]
    if converter is not None and CHOICES.fullmatch(pattern):
        return ParamField(name=name, type_name=type_name, kind="enum", choices=sorted(pattern.split("|")), description=doc)
    kind = KIND_OF_TYPE.get(type_name, "text")
    return ParamField(name=name, type_name=type_name, kind=kind, description=doc, placeholder=PLACEHOLDERS.get(type_name, PLACEHOLDERS.get(kind, "")))


def _segments(phrase: str) -> list[Segment]:
    segments, at, index = [], 0, 0
    for match in FIELD.finditer(phrase):
        if match.start() > at:
            segments.append(Segment(text=phrase[at:match.start()]))
        segments.append(Segment(field=index))
        index, at = index + 1, match.end()
    if at < len(phrase):
        segments.append(Segment(text=phrase[at:]))
    return segments


def catalog_step(entry: StepEntry) -> CatalogStep:
    explanation, example = split_docstring(entry.example)
    area = Path(entry.module).stem.removesuffix("_steps")
    ends_open = entry.phrase.endswith(":")
    return CatalogStep(id=hashlib.sha1(f"{entry.keyword} {entry.phrase}".encode()).hexdigest()[:10], keyword=entry.keyword,
                       phrase=entry.phrase, area=area, module=entry.module,
                       fields=[_field(name, kind or "") for name, kind in FIELD.findall(entry.phrase)],
                       segments=_segments(entry.phrase), explanation=explanation, example=example,
                       doc_string=ends_open and ('"""' in example or "```" in example),
                       table=ends_open and bool(re.search(r"^\s*\|", example, re.M)))


class StepCatalog:
    """Loaded once per dashboard: behave's registry of steps/ and the typed entries."""

    def __init__(self, steps_dir: Path) -> None:
        self.registry: StepRegistry = load_registry(steps_dir)
        self.steps = [catalog_step(e) for e in entries_of(self.registry, steps_dir)]
        self._by_id = {s.id: s for s in self.steps}
        self._by_pattern = {(s.keyword, s.phrase): s for s in self.steps}

    def get(self, step_id: str) -> CatalogStep | None:
        return self._by_id.get(step_id)

    def by_area(self, query: str = "") -> dict[str, list[CatalogStep]]:
        """The steps whose phrase, area or example contains every word of ``query``, grouped by area."""
        words = query.lower().split()
        groups: dict[str, list[CatalogStep]] = {}
        for step in self.steps:
            haystack = f"{step.phrase} {step.area} {step.example}".lower()
            if all(w in haystack for w in words):
                groups.setdefault(step.area, []).append(step)
        return dict(sorted(groups.items()))

    def matches(self, step_type: str, text: str) -> list[Matched]:
        """Every definition that matches ``text`` as behave looks them up (the keyword's, then any-keyword
        steps); behave runs the first, so more than one is ambiguous."""
        found = []
        for keyword in (step_type, "step"):
            for matcher in self.registry.steps.get(keyword, []):
                result = matcher.match(text)
                if result:
                    step = self._by_pattern[(keyword, matcher.pattern)]
                    found.append(Matched(step=step, values={a.name: a.original for a in result.arguments if a.name}))
        return found
