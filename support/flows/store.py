"""Where a flow is saved: ``features/<area>/<name>.feature`` and nowhere else, never over an existing
file unless the caller confirmed it, always carrying its area's tag (``@checkout``) as every feature does."""

from __future__ import annotations

import re
from pathlib import Path

from support.errors import OutputError
from support.flows.gherkin_io import parse_flow, render
from support.flows.model import Flow

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def feature_path(features_dir: Path, area: str, name: str) -> Path:
    """The file of ``area``/``name``; refuses anything that is not a plain folder and file name under features/."""
    for what, value in (("area", area), ("name", name)):
        if not SLUG.fullmatch(value):
            raise OutputError(f"the flow's {what} {value!r} is not allowed: lower-case letters, digits, _ and - only")
    root = features_dir.resolve()
    path = (root / area / f"{name}.feature").resolve()
    if not path.is_relative_to(root) or path.parent.parent != root:
        raise OutputError(f"{area}/{name}.feature is outside {features_dir}: flows are saved into features/<area>/ only")
    return path


def with_area_tag(flow: Flow) -> Flow:
    """The flow with its area's tag first when it does not carry it yet (run --flow AREA selects by it)."""
    return flow if flow.area in flow.tags else flow.model_copy(update={"tags": [flow.area, *flow.tags]})


def open_flow(features_dir: Path, area: str, name: str) -> Flow:
    path = feature_path(features_dir, area, name)
    if not path.is_file():
        raise OutputError(f"there is no feature file {area}/{name}.feature")
    return parse_flow(path.read_text(encoding="utf-8"), f"features/{area}/{name}.feature")


def save_flow(features_dir: Path, flow: Flow, *, overwrite: bool = False) -> Path:
    """Writes the flow's Gherkin; an existing file only with ``overwrite`` (the builder asks first)."""
    path = feature_path(features_dir, flow.area, flow.name)
    if path.exists() and not overwrite:
        raise OutputError(f"features/{flow.area}/{flow.name}.feature exists already: confirm to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(with_area_tag(flow)), encoding="utf-8")
    return path
