"""What the batches of one large table share, in memory that does not grow with the row count.

The target table is generated ``BATCH_ROWS`` rows at a time (rows.py), so 10 million rows never sit
in memory at once. Most rules are row-local; the few that span batches keep fixed-size state here:

  * sequences (seat 1, 2, 3 ... per row of seats) count in a fixed array of buckets indexed by a
    hash of the group: two groups sharing a bucket share a counter, so numbers stay unique (merely
    not contiguous), and the memory is 16 MB whatever the row count;
  * de-duplicated text (UNIQUE regex columns, text among other UNIQUE columns) remembers earlier
    batches in a bit set of hashes: a false positive only relabels or redraws one more value;
  * UNIQUE tagged text keeps one tag per column and a row counter running over all batches.

Hand-written rather than a library: numpy/bloom-filter packages are not in the shared environment,
and the two structures are a dozen lines each.
"""

from __future__ import annotations

import random
import zlib
from array import array
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

BATCH_ROWS = 100_000  # rows per batch: ~70 MB of Python objects; fixed, since the rows depend on it
SEQUENCE_BUCKETS = 1 << 22  # 4 Mi counters of 4 bytes
SEEN_BITS = 1 << 27  # 16 MB; ~2% false positives at 10 million values


def _key_bytes(key: Hashable) -> bytes:
    parts = key if isinstance(key, tuple) else (key,)
    return "\x1f".join(map(str, parts)).encode()


class SequenceBuckets:
    """Per-group counters in a fixed array (a stable hash picks the bucket; PYTHONHASHSEED plays no part)."""

    def __init__(self, size: int = SEQUENCE_BUCKETS) -> None:
        self._mask = size - 1
        self._counts = array("I", bytes(4 * size))

    def next(self, key: Hashable) -> int:
        """How many earlier rows fell into this group's bucket (then counts this one)."""
        slot = zlib.crc32(_key_bytes(key)) & self._mask
        value = self._counts[slot]
        self._counts[slot] = value + 1
        return value


class SeenBits:
    """A two-hash bit set (a Bloom filter) of values earlier batches produced."""

    def __init__(self, bits: int = SEEN_BITS) -> None:
        self._mask = bits - 1
        self._bits = bytearray(bits // 8)

    def _slots(self, key: Hashable) -> tuple[int, int]:
        raw = _key_bytes(key)
        return zlib.crc32(raw) & self._mask, zlib.crc32(raw, 0x9E3779B9) & self._mask

    def __contains__(self, key: Hashable) -> bool:
        return all(self._bits[s >> 3] & (1 << (s & 7)) for s in self._slots(key))

    def add_all(self, keys: Iterable[Hashable]) -> None:
        for key in keys:
            for s in self._slots(key):
                self._bits[s >> 3] |= 1 << (s & 7)


@dataclass
class UniqueRun:
    """A UNIQUE text column over all batches: one tag, a counter from 0 to ``total``, values seen so far."""

    total: int
    offset: int = 0
    tag: str | None = None
    seen: SeenBits | None = None


@dataclass
class TableState:
    """Cross-batch state of one table generated in batches."""

    total: int
    links_rng: random.Random  # samples that must be distinct over all rows (1:1 parents, combinations)
    sampled: dict[tuple[str, ...], array] | None = None
    runs: dict[tuple[str, int], UniqueRun] = field(default_factory=dict)
    sequences: dict[str, SequenceBuckets] = field(default_factory=dict)
    seen: dict[str, SeenBits] = field(default_factory=dict)

    def run(self, column: str, scenario: int) -> UniqueRun:
        key = (column, scenario)
        if key not in self.runs:
            self.runs[key] = UniqueRun(self.total)
        return self.runs[key]
