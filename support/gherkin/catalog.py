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
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from behave import step_registry
from behave.matchers import ParseMatcher
from behave.runner_util import load_step_modules
from behave.step_registry import AmbiguousStep, StepRegistry

from support.errors import StepDefinitionError
from support.gherkin.undefined import check_defined

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


_BORROWING = threading.Lock()  # the dashboard loads the builder's catalog while a run's thread may check its steps


@contextmanager
def _fresh_registry() -> Iterator[dict[str, list[object]]]:
    """behave's registry is process-wide; loading the modules twice would look ambiguous, so borrow it empty."""
    with _BORROWING:
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


def _where_in(steps_dir: Path, exc: BaseException) -> str:
    """``steps/x_steps.py:12``: the innermost traceback frame inside ``steps_dir`` (the offending line)."""
    root = steps_dir.resolve()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve().is_relative_to(root)]
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{_shown(Path(exc.filename), root)}:{exc.lineno}"
    return f"{_shown(Path(frames[-1].filename), root)}:{frames[-1].lineno}" if frames else _shown(root, root)


def _shown(path: Path, steps_root: Path) -> str:
    try:
        return path.resolve().relative_to(steps_root.parent).as_posix()
    except ValueError:
        return str(path)


def load_step_definitions(steps_dir: Path) -> None:
    """behave's ``load_step_modules``; an ambiguous or broken definition is one StepDefinitionError line."""
    try:
        load_step_modules([str(steps_dir)])
    except AmbiguousStep as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        new = lines[0].removesuffix(" has already been defined in").strip()
        existing = lines[-1].rsplit(" at ", 1)[-1] if len(lines) > 1 else "?"
        existing = _shown(Path(existing), steps_dir.resolve()) if ":" not in existing else (
            f"{_shown(Path(existing.rsplit(':', 1)[0]), steps_dir.resolve())}:{existing.rsplit(':', 1)[1]}")
        raise StepDefinitionError(f"ambiguous step definition {new} at {_where_in(steps_dir, exc)}: the same text is "
                                  f"already matched by the step at {existing}; rename or remove one of them") from None
    except Exception as exc:  # noqa: BLE001 - a step module that does not import: say which and why
        raise StepDefinitionError(f"step definitions cannot be loaded: {type(exc).__name__}: "
                                  f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''} at {_where_in(steps_dir, exc)}") from None


def check_step_definitions(steps_dir: Path, scenarios: Iterable[object] = ()) -> None:
    """Loads ``steps_dir`` into a borrowed registry, so a run stops once (exit 2) instead of failing every scenario.

    ``scenarios`` (behave's model) are checked for undefined steps against it (support.gherkin.undefined)."""
    with _fresh_registry():
        load_step_definitions(steps_dir)
        check_defined(step_registry.registry, scenarios, steps_dir.resolve().parent)


def collect(steps_dir: Path) -> list[StepEntry]:
    """Every registered step of ``steps_dir``, sorted by module, keyword and phrase."""
    return entries_of(load_registry(steps_dir), steps_dir)


def load_registry(steps_dir: Path) -> StepRegistry:
    """A step registry of its own holding ``steps_dir``'s definitions (the flow builder matches against it)."""
    registry = StepRegistry()
    with _fresh_registry() as steps:
        load_step_definitions(steps_dir)
        registry.steps = {keyword: list(matchers) for keyword, matchers in steps.items()}
    return registry


def entries_of(registry: StepRegistry, steps_dir: Path) -> list[StepEntry]:
    """The catalog entries of a loaded registry, sorted by module, keyword and phrase."""
    root = steps_dir.resolve().parent
    entries = []
    for keyword, matchers in registry.steps.items():
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
