"""Splitting scenarios into disjoint, balanced slices: CI shards (--shard I/N) and local workers.

Balance comes from how long each scenario took in earlier runs (the history database): greedy
longest-first bin packing (LPT), which is within 4/3 of the best split. Scenarios without history
get the median known duration, and with no history at all the split is a stable round robin
over a hash of the location, so every shard of a pipeline computes the same slices without
talking to the others.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections.abc import Mapping, Sequence
from typing import TypeVar

from support.errors import ShardSpecError
from support.run.selection import ScenarioRef

__all__ = ["ShardSpecError", "parse_shard", "partition", "shard"]

T = TypeVar("T", bound=ScenarioRef)
SHARD_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' -> (1, 3): the 0-based index and the total."""
    match = SHARD_PATTERN.match(text)
    if not match:
        raise ShardSpecError(f"usage error: --shard expects I/N such as 2/3, got {text!r}")
    index, total = int(match.group(1)), int(match.group(2))
    if total < 1 or not 1 <= index <= total:
        raise ShardSpecError(f"usage error: --shard {text}: I must be between 1 and N")
    return index - 1, total


def _stable_key(ref: ScenarioRef) -> str:
    return hashlib.sha1(ref.location.encode()).hexdigest()


def partition(refs: Sequence[T], parts: int, durations: Mapping[str, float] | None = None) -> list[list[T]]:
    """``parts`` disjoint lists holding every ref; by LPT on ``durations`` (location -> s) when known."""
    if parts < 1:
        raise ValueError("parts must be >= 1")
    bins: list[list[T]] = [[] for _ in range(parts)]
    known = {loc: d for loc, d in (durations or {}).items() if d > 0}
    if not known:
        for i, ref in enumerate(sorted(refs, key=_stable_key)):
            bins[i % parts].append(ref)
    else:
        default = statistics.median(known.values())
        loads = [0.0] * parts
        ordered = sorted(refs, key=lambda r: (-known.get(r.location, default), _stable_key(r)))
        for ref in ordered:
            target = min(range(parts), key=lambda b: (loads[b], b))
            bins[target].append(ref)
            loads[target] += known.get(ref.location, default)
    order = {ref.location: i for i, ref in enumerate(refs)}
    return [sorted(b, key=lambda r: order[r.location]) for b in bins]


def shard(refs: Sequence[T], index: int, total: int, durations: Mapping[str, float] | None = None) -> list[T]:
    """Slice ``index`` (0-based) of ``total``; the same inputs give the same slice on every machine."""
    return partition(refs, total, durations)[index]
