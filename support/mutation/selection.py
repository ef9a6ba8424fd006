"""Which features judge a mutant: the module's operations (operations.toml) met in the coverage map."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel

OPERATIONS_FILE = Path(__file__).with_name("operations.toml")
FEATURE_LINE = re.compile(r"^\s*Feature:\s*(.+?)\s*$", re.MULTILINE)


class FeatureUse(BaseModel, frozen=True):
    """One feature of the coverage map: its file and the operations its scenarios called."""

    path: str                     # features/<area>/<file>.feature
    scenarios: int
    operations: frozenset[str]


def load_operation_map(path: Path = OPERATIONS_FILE) -> dict[str, list[str]]:
    """module path -> operations, from the data file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {module: list(ops) for module, ops in data.get("modules", {}).items()}


def load_skip_patterns(path: Path = OPERATIONS_FILE) -> list[re.Pattern[str]]:
    """Patterns of changed lines that are not worth a mutant (see [skip] in the data file)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [re.compile(p) for p in data.get("skip", {}).get("lines", [])]


def feature_files(features_dir: Path) -> dict[tuple[str, str], str]:
    """(area, feature name) -> features/<area>/<file>.feature, from the files' Feature: lines."""
    found = {}
    for file in sorted(features_dir.glob("*/*.feature")):
        match = FEATURE_LINE.search(file.read_text(encoding="utf-8"))
        if match:
            found[(file.parent.name, match.group(1))] = f"features/{file.parent.name}/{file.name}"
    return found


def feature_uses(coverage: dict, features_dir: Path) -> list[FeatureUse]:
    """Every feature of a coverage.json (reports/coverage) with the operations it used.

    GraphQL entries are ``Type.field``; only the root fields (Query./Mutation.) are operations.
    A feature the checkout no longer has is left out.
    """
    files = feature_files(features_dir)
    uses = []
    for entry in coverage.get("features", []):
        path = files.get((entry["area"], entry["feature"]))
        if path is None:
            continue
        graphql = {f for f in entry.get("graphql_fields", []) if f.split(".")[0] in ("Query", "Mutation")}
        uses.append(FeatureUse(path=path, scenarios=entry["scenarios"], operations=frozenset(graphql | set(entry.get("rest_operations", [])))))
    return uses


def features_for(module: str, operation_map: dict[str, list[str]], uses: list[FeatureUse]) -> list[FeatureUse]:
    """The features that call an operation of ``module``, most focused on it first.

    Focus is the share of the feature's operations that belong to the module (a feature about
    checkout judges a checkout mutant before one that merely buys a seat on the way), then the
    smaller feature first; the run stops at the first failure, so order is speed, not verdict.
    """
    ops = set(operation_map.get(module, ()))
    touching = [u for u in uses if u.operations & ops]
    return sorted(touching, key=lambda u: (-len(u.operations & ops) / len(u.operations), u.scenarios, u.path))


def flow_name(feature_path: str) -> str:
    """features/checkout/buying_tickets.feature -> checkout/buying_tickets (a ``--flow`` value)."""
    return feature_path.removeprefix("features/").removesuffix(".feature")
