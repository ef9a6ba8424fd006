"""Undefined steps, found before a run starts: where, which phrase, the nearest catalog phrases.

behave would run every scenario with a mistyped step, fail it as "undefined" and print a Python
snippet; a QA engineer needs the closest existing phrases instead. ``./jump test:run`` checks the
selected scenarios in the parent, a plain ``behave`` run in ``before_all`` (support/hooks.py); both
stop with one StepDefinitionError line (exit 2) before anything starts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support.errors import StepDefinitionError

STEPS_LIST = "./jump steps:list"
NEAREST = 3


@dataclass(frozen=True)
class UndefinedStep:
    location: str               # features/checkout/buying_tickets.feature:11
    text: str                   # Given the fan by 2 seats
    nearest: tuple[str, ...]    # catalog phrases, closest first

    def line(self) -> str:
        nearest = "; ".join(f'"{p}"' for p in self.nearest) or "none"
        return (f"undefined step at {self.location}: \"{self.text}\"; nearest phrases: {nearest}; "
                f"every phrase: {STEPS_LIST}")


def catalog_phrases(registry: Any) -> list[str]:
    """Every pattern behave's step registry holds (any keyword), sorted, no repeats."""
    return sorted({str(matcher.pattern) for matchers in registry.steps.values() for matcher in matchers})


def nearest_phrases(text: str, phrases: list[str], count: int = NEAREST) -> list[str]:
    """The ``count`` phrases most similar to ``text`` (difflib's ratio; cutoff 0: always the best few)."""
    return difflib.get_close_matches(text, phrases, n=count, cutoff=0.0)


def _where(step: Any, root: Path) -> str:
    filename = Path(str(step.location.filename))
    try:
        shown = filename.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(filename)
    return f"{shown}:{step.location.line}"


def find_undefined(registry: Any, scenarios: Iterable[Any], root: Path) -> list[UndefinedStep]:
    """Steps (background included) that no step definition matches, once per file:line, in file order."""
    phrases = catalog_phrases(registry)
    found: dict[str, UndefinedStep] = {}
    for scenario in scenarios:
        for step in scenario.all_steps:
            where = _where(step, root)
            if where in found or registry.find_match(step) is not None:
                continue
            found[where] = UndefinedStep(where, f"{step.keyword.strip()} {step.name}",
                                         tuple(nearest_phrases(step.name, phrases)))
    return list(found.values())


def check_defined(registry: Any, scenarios: Iterable[Any], root: Path) -> None:
    """Raises one StepDefinitionError line for the first undefined step (and counts the others)."""
    undefined = find_undefined(registry, scenarios, root)
    if undefined:
        more = f" ({len(undefined) - 1} more undefined step(s) after this one)" if len(undefined) > 1 else ""
        raise StepDefinitionError(undefined[0].line() + more)


def selected_scenarios(features: Iterable[Any], config: Any) -> list[Any]:
    """The scenarios a plain behave run will run: its tags, names and file:line selection."""
    return [scenario for feature in features if feature.should_run(config)
            for scenario in feature.walk_scenarios() if scenario.should_run(config)]
