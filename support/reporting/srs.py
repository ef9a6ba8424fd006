"""The requirement universe: every ID in the SRS's requirement tables, read at report time.

Why parse instead of a list in code: the SRS is the source of truth; a requirement added to it
shows up as uncovered in the next report without anyone editing the framework.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import BaseModel

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SRS = REPO / "docs" / "srs.md"
# a table row whose first cell is an ID such as FT-001.1: | FT-001.1 | Execute test flows ... | Verify ... |
_ROW = re.compile(r"^\|\s*([A-Z]{2,5}-\d{3}\.\d+)\s*\|\s*([^|]*?)\s*\|", re.MULTILINE)


class Requirement(BaseModel):
    id: str
    text: str
    group: str  # FT-001


def srs_path(explicit: Path | None = None) -> Path:
    """--srs, then $JUMP_SRS_FILE, then docs/srs.md (the copy kept with the framework)."""
    return explicit or Path(os.environ.get("JUMP_SRS_FILE") or DEFAULT_SRS)


def parse_requirements(text: str) -> list[Requirement]:
    seen: dict[str, Requirement] = {}
    for match in _ROW.finditer(text):
        req_id, description = match.group(1), match.group(2)
        seen.setdefault(req_id, Requirement(id=req_id, text=description, group=req_id.split(".")[0]))
    return list(seen.values())


def load_requirements(path: Path | None = None) -> list[Requirement]:
    """Empty when the SRS cannot be found: coverage then lists only what the tags name."""
    resolved = srs_path(path)
    if not resolved.is_file():
        return []
    return parse_requirements(resolved.read_text(encoding="utf-8"))
