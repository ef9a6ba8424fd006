"""Following a run's event stream (``reports/runs/<id>/events.jsonl``) by byte offset.

One JSON object per line, appended whole by the run (support/run/events.py); a reader stops at the
last newline, so it never sees half an event. The offset after each line is what a browser keeps:
a reconnecting browser sends it back and continues exactly there (catch-up). The dashboard passes
the events on as they are: the monitor's script draws them (static/monitor.js).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS_FILE = "events.jsonl"
FINAL_KIND = "run_finished"
MAX_CHUNK = 4 * 1024 * 1024  # one read sends at most this much; the rest follows on the next poll


def events_file(run_folder: Path) -> Path:
    return run_folder / EVENTS_FILE


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_from(path: Path, offset: int) -> list[tuple[dict[str, Any], int]]:
    """The complete lines after byte ``offset``: each event with the offset just after it."""
    try:
        with path.open("rb") as source:
            source.seek(offset)
            data = source.read(MAX_CHUNK)
    except OSError:
        return []
    found: list[tuple[dict[str, Any], int]] = []
    position = offset
    for line in data[:data.rfind(b"\n") + 1].splitlines(keepends=True):
        position += len(line)
        if line.strip():
            try:
                found.append((json.loads(line), position))
            except ValueError:
                continue  # a damaged line is skipped, the stream goes on
    return found
