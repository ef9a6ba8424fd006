"""The step catalog: every step behave would register from steps/, rendered as Markdown.

Read from behave's own step registry after loading the step modules the way behave does
(``load_step_modules``), so the catalog cannot drift from what a run accepts. Sorted by module,
keyword and phrase: the output is deterministic, and a test compares docs/writing-tests.md with
it (regenerate with ``./jump steps:list --output docs/writing-tests.md``).
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from behave import step_registry
from behave.matchers import ParseMatcher
from behave.runner_util import load_step_modules

FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
BUILT_IN_TYPES = {None: "text", "d": "integer", "w": "word", "f": "decimal number", "n": "number"}
GHERKIN_LINE = re.compile(r"^\s*(Given|When|Then|And|But|\*) ")
CHOICES = re.compile(r"[\w %'-]+(?:\|[\w %'-]+)+")
KEYWORD_ORDER = {"given": 0, "when": 1, "then": 2, "step": 3}


@dataclass(frozen=True)
class Parameter:
    name: str
    type_name: str
    description: str


@dataclass(frozen=True)
class StepEntry:
    keyword: str          # given | when | then | step (any keyword)
    phrase: str
    parameters: tuple[Parameter, ...]
    example: str          # the docstring: a Gherkin example, sometimes with a short explanation
    module: str           # steps/api_steps.py

    @property
    def heading(self) -> str:
        return ("Given/When/Then" if self.keyword == "step" else self.keyword.title()) + " " + self.phrase


@contextmanager
def _fresh_registry() -> Iterator[dict[str, list[object]]]:
    """behave's registry is process-wide; loading the modules twice would look ambiguous, so borrow it empty."""
    saved = step_registry.registry.steps
    step_registry.registry.steps = {kind: [] for kind in KEYWORD_ORDER}
    try:
        yield step_registry.registry.steps
    finally:
        step_registry.registry.steps = saved


def _parameter(name: str, type_name: str | None) -> Parameter:
    if type_name in BUILT_IN_TYPES:
        return Parameter(name, BUILT_IN_TYPES[type_name], "")
    converter = ParseMatcher.TYPE_REGISTRY.get(type_name)
    doc = ((inspect.getdoc(converter) or "").splitlines() or [""])[0] if converter else ""
    pattern = str(getattr(converter, "pattern", "")).replace("\\", "")
    if CHOICES.fullmatch(pattern):  # a closed list of phrases: show them, sorted
        doc = f"{doc} One of: " + ", ".join(f"`{c}`" for c in sorted(pattern.split("|")))
    return Parameter(name, str(type_name), doc.strip())


def collect(steps_dir: Path) -> list[StepEntry]:
    """Every registered step of ``steps_dir``, sorted by module, keyword and phrase."""
    root = steps_dir.resolve().parent
    with _fresh_registry() as steps:
        load_step_modules([str(steps_dir)])
        entries = []
        for keyword, matchers in steps.items():
            for matcher in matchers:
                func = matcher.func
                source = Path(inspect.getsourcefile(func) or "")
                module = source.resolve().relative_to(root).as_posix() if source.is_absolute() else source.as_posix()
                parameters = tuple(_parameter(name, kind or None) for name, kind in FIELD.findall(matcher.pattern))
                entries.append(StepEntry(keyword, matcher.pattern, parameters, inspect.getdoc(func) or "", module))
    return sorted(entries, key=lambda e: (e.module, KEYWORD_ORDER[e.keyword], e.phrase))


def split_docstring(doc: str) -> tuple[str, str]:
    """(explanation, Gherkin example): the example starts at the first line opening with a keyword."""
    lines = doc.splitlines()
    for index, line in enumerate(lines):
        if GHERKIN_LINE.match(line):
            return "\n".join(lines[:index]).strip(), textwrap.dedent("\n".join(lines[index:])).strip()
    return doc.strip(), ""


def render_markdown(entries: list[StepEntry]) -> str:
    """The catalog: one section per step module, one entry per phrase."""
    lines = [f"{len(entries)} step phrases in {len({e.module for e in entries})} modules.", ""]
    module = None
    for entry in entries:
        if entry.module != module:
            module = entry.module
            lines += [f"### `{module}`", ""]
        lines.append(f"- **{entry.heading}**")
        for p in entry.parameters:
            described = f" - {p.description}" if p.description else ""
            lines.append(f"  - `{{{p.name}}}`: {p.type_name}{described}")
        prose, example = split_docstring(entry.example)
        if prose:
            lines += ["", textwrap.indent(prose, "  ")]
        if example:
            lines += ["", "  ```gherkin", textwrap.indent(example, "  "), "  ```"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
