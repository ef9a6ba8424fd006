"""Which scenarios a run holds: parsed from the feature files, outline rows expanded, tags applied.

The parent process needs the list before any behave process starts, to split it over workers
and shards, so it reads the Gherkin with behave's own parser and tag-expression engine (the
same semantics as `behave --tags`) instead of running a `behave --dry-run` per listing.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from behave.parser import ParserError, parse_file
from behave.runner_util import FeatureLineDatabase
from behave.tag_expression import make_tag_expression
from pydantic import BaseModel, ConfigDict

from support.config import FrameworkSettings
from support.errors import FeatureFileError, SelectionError

SERIAL_TAG = "serial"
PRODUCTION_SAFE_TAG = "production-safe"


class ScenarioRef(BaseModel):
    """One runnable scenario (an outline row counts as one); ``location`` is what behave accepts."""

    model_config = ConfigDict(frozen=True)

    location: str          # features/pricing/itemised_price.feature:16
    feature: str
    name: str
    tags: tuple[str, ...] = ()

    @property
    def serial(self) -> bool:
        """@serial on the scenario or its feature: it must never run next to another scenario."""
        return SERIAL_TAG in self.tags


LOCATION = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")


def _located(raw: str | Path) -> tuple[str, int | None]:
    """``features/x.feature:11`` -> (``features/x.feature``, 11); a plain path has no line."""
    match = LOCATION.match(str(raw))
    return (match["path"], int(match["line"])) if match else (str(raw), None)


def _feature_lines(paths: Iterable[str | Path], root: Path) -> dict[Path, set[int] | None]:
    """Each feature file under ``paths`` (files, folders, ``file:line``), sorted per folder, no repeats,
    with the lines asked for (None: the whole file)."""
    found: dict[Path, set[int] | None] = {}
    for raw in paths:
        name, line = _located(raw)
        path = Path(name)
        absolute = (path if path.is_absolute() else root / path).resolve()
        if absolute.is_file() and line is not None:
            lines = found.get(absolute, set())
            found[absolute] = None if absolute in found and lines is None else {*lines, line}
        elif absolute.is_file():
            found[absolute] = None
        elif absolute.is_dir() and line is None:
            found.update(dict.fromkeys(sorted(absolute.rglob("*.feature"))))
        else:
            raise SelectionError(f"usage error: no feature file or folder at {raw}: check the path "
                                 f"(features/<area>, a .feature file or file.feature:LINE)")
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.resolve()))
    except ValueError:
        return str(path)


def default_tags(root: Path) -> list[str]:
    """behave.ini's ``default_tags``, which behave applies when no --tags are given (e.g. not @wip)."""
    config = configparser.ConfigParser()
    config.read(root / "behave.ini")
    raw = config.get("behave", "default_tags", fallback="").strip()
    return [line.strip() for line in raw.splitlines() if line.strip()]


def syntax_error_line(exc: ParserError, file: Path, root: Path) -> str:
    """``path:line: Gherkin syntax error: unexpected "<line>" (while reading steps): fix the feature file``."""
    where = f"{_relative(file, root)}:{exc.line}" if exc.line else _relative(file, root)
    state = re.search(r"state=(\w+)", str(exc))
    what = f'unexpected "{exc.line_text.strip()}"' if exc.line_text else "syntax error"
    after = f" (while reading {state.group(1)})" if state else ""
    return f"{where}: Gherkin syntax error: {what}{after}: fix the feature file"


def parse_feature(file: Path, root: Path) -> object:
    """behave's model of one feature file; a syntax error is a FeatureFileError ``path:line: what``."""
    try:
        return parse_file(str(file))
    except ParserError as exc:
        raise FeatureFileError(syntax_error_line(exc, file, root)) from None


def _at_lines(feature: Any, lines: set[int] | None) -> list[Any]:
    """The feature's scenarios, or those behave's ``file:line`` selects (a line inside one selects it)."""
    scenarios = feature.walk_scenarios()
    if lines is None:
        return scenarios
    database = FeatureLineDatabase.make(feature)
    chosen = {id(s) for line in lines for s in database.select_scenarios_by_line(line)}
    return [s for s in scenarios if id(s) in chosen]


def parsed_scenarios(refs: Iterable[ScenarioRef], root: Path) -> list[object]:
    """behave's Scenario objects of ``refs`` (for checks that need their steps), in the refs' order."""
    wanted = {ref.location for ref in refs}
    files = dict.fromkeys(ref.location.rsplit(":", 1)[0] for ref in refs)
    scenarios = []
    for name in files:
        feature = parse_feature(root / name, root)
        for scenario in feature.walk_scenarios() if feature is not None else []:
            if f"{name}:{scenario.line}" in wanted:
                scenarios.append(scenario)
    return scenarios


def list_scenarios(paths: Sequence[str | Path], tag_expressions: Sequence[str], root: Path) -> list[ScenarioRef]:
    """The scenarios behave would run for ``paths`` and ``--tags`` (ANDed), in file order."""
    expressions = list(tag_expressions) or default_tags(root)
    try:
        expression = make_tag_expression(expressions) if expressions else None
    except Exception as exc:  # noqa: BLE001 - behave's tag-expression parser raises plain exceptions
        raise SelectionError(f"usage error: invalid tag expression {' and '.join(expressions)!r}: "
                             f"{str(exc).strip().splitlines()[0]}") from None
    selected: list[ScenarioRef] = []
    for file, lines in _feature_lines(paths, root).items():
        feature = parse_feature(file, root)
        if feature is None:
            continue
        for scenario in _at_lines(feature, lines):
            tags = tuple(sorted(str(t) for t in scenario.effective_tags))
            if expression is not None and not expression.check(tags):
                continue
            selected.append(ScenarioRef(location=f"{_relative(file, root)}:{scenario.line}", feature=feature.name,
                                        name=scenario.name.strip(), tags=tags))
    return selected


def skip_reason(settings: FrameworkSettings, tags: Iterable[str]) -> str | None:
    """Why a scenario with ``tags`` cannot run in this environment, or None when it can.

    The selection drops such scenarios before a run starts (so a run that can test nothing says
    so), and the behave hooks skip them in a plain ``behave`` run. Read-only is not *enforced*
    here: the transport and the database layer refuse writes whatever a scenario is tagged.
    """
    tags = set(tags)
    if settings.run.read_only and PRODUCTION_SAFE_TAG not in tags:
        return f"{settings.environment} is read-only: only @{PRODUCTION_SAFE_TAG} scenarios run"
    if "needs-short-lock-ttl" in tags:
        platform = settings.platform
        ttl = platform.short_lock_ttl_seconds_hint if platform.short_lock_ttl_graphql_url else platform.lock_ttl_seconds_hint
        if ttl is None or (ttl != "auto" and float(ttl) > settings.run.max_wait_for_ttl_s):  # auto: a dry run, stack down
            return f"the lock TTL ({ttl}s) is longer than run.max_wait_for_ttl_s ({settings.run.max_wait_for_ttl_s}s)"
    if "needs-local-stack" in tags and not settings.run.manage_local_stack:
        return f"{settings.environment} has no local stack to start a second platform on (rate limits, TLS)"
    if "needs-existing-data" in tags and settings.environment == "local":
        return "the local stack holds only the data its tests create: no event of its own to look at"
    if "needs-https" in tags and not str(settings.platform.rest_url).startswith("https://"):
        return f"the platform of {settings.environment} is served over plain HTTP here"
    return None


def runnable(refs: Sequence[ScenarioRef], settings: FrameworkSettings) -> tuple[list[ScenarioRef], dict[str, int]]:
    """The scenarios that can run in this environment, and how many were left out for each reason."""
    kept: list[ScenarioRef] = []
    left_out: dict[str, int] = {}
    for ref in refs:
        reason = skip_reason(settings, ref.tags)
        if reason is None:
            kept.append(ref)
        else:
            left_out[reason] = left_out.get(reason, 0) + 1
    return kept, left_out
