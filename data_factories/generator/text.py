"""Text columns: Faker pools fitted to length and LIKE CHECKs, regex CHECKs, and UNIQUE text.

A UNIQUE text column (emails, usernames, tokens) gets a short run tag plus a row counter in front
of its pool value: unique inside the run by construction, and unlikely to meet rows other runs
left behind because the tag comes from the seed. A regex column uses its pool when enough pool
values match (country codes), else generated matches; a UNIQUE one is drawn at maximum length
and de-duplicated.
"""

from __future__ import annotations

import random
import re

from data_factories.generator import regex
from data_factories.generator.batching import SeenBits, UniqueRun
from data_factories.generator.context import POOL_SIZE, Context
from data_factories.generator.errors import UnsupportedCheck
from data_factories.generator.facts import ColumnFacts

UNIQUE_ROUNDS = 20
_TAG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def like_regex(pattern: str) -> re.Pattern[str]:
    """SQL LIKE as a regular expression (% any run, _ one character)."""
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern]
    return re.compile("".join(parts), re.DOTALL)


def _fits(value: str, lo: int, hi: int | None, checks: list[re.Pattern[str]]) -> bool:
    return lo <= len(value) and (hi is None or len(value) <= hi) and all(c.fullmatch(value) for c in checks)


def _fit(value: str, lo: int, hi: int | None) -> str:
    value = value[:hi] if hi is not None else value
    return value + "x" * (lo - len(value)) if len(value) < lo else value


def text_values(where: str, name: str, facts: ColumnFacts, n: int, ctx: Context, rng: random.Random, *,
                cap: int | None, fixed: bool, unique: bool, run: UniqueRun | None = None) -> list[str]:
    """``n`` strings for column ``name`` meeting the length, LIKE and regex facts (``where`` names it in errors).

    ``run`` carries a UNIQUE column across the batches of one table (tag, counter, values seen).
    """
    lo, hi = facts.length_range(cap)
    if fixed and cap is not None and not facts.regex:
        lo = max(lo, cap)
    if hi is not None and lo > hi:
        raise UnsupportedCheck(f"{where}: no text length satisfies {facts.length}")
    checks = [like_regex(p) for p in facts.like] + [re.compile(p.strip("^$").join("^$")) for p in facts.regex]
    if facts.regex:
        return _pattern_values(where, name, facts, n, ctx, rng, lo, hi, checks, unique, run)
    pool = [v for v in (_fit(p, lo, hi) for p in ctx.pool(name)) if _fits(v, lo, hi, checks)]
    if not pool:
        raise UnsupportedCheck(f"{where}: no generated text satisfies LIKE {', '.join(facts.like)} within length {lo}..{hi}")
    if not unique:
        return rng.choices(pool, k=n)
    tag = run.tag if run is not None and run.tag is not None else "".join(rng.choices(_TAG_CHARS, k=4))
    start = run.offset if run is not None else 0
    out = [f"{tag}{start + i:x}-{value}" for i, value in enumerate(rng.choices(pool, k=n))]
    width = len(f"{tag}{run.total if run is not None else n:x}-")
    if run is not None:
        run.tag, run.offset = tag, start + n
    if hi is not None and hi < width:
        raise UnsupportedCheck(f"{where}: UNIQUE text limited to {hi} characters cannot hold {n} distinct values")
    out = [_fit(v, lo, hi) for v in out]
    bad = next((v for v in out if not _fits(v, lo, hi, checks)), None)
    if bad is not None:
        raise UnsupportedCheck(f"{where}: {bad!r} breaks its CHECK once made unique (LIKE {', '.join(facts.like)})")
    return out


def _pattern_values(where: str, name: str, facts: ColumnFacts, n: int, ctx: Context, rng: random.Random,
                    lo: int, hi: int | None, checks: list[re.Pattern[str]], unique: bool,
                    run: UniqueRun | None = None) -> list[str]:
    pieces = regex.compile_pattern(facts.regex[0], where)
    pool = [v for v in ctx.pool(name) if _fits(v, lo, hi, checks)]
    if not unique and len(pool) >= POOL_SIZE // 4:
        return rng.choices(pool, k=n)
    out = regex.generate(pieces, rng, n, longest=unique, length=(lo, hi))
    if any(not _fits(v, lo, hi, checks) for v in out[:100]):
        raise UnsupportedCheck(f"{where}: cannot produce text matching all of {list(facts.regex)} and {list(facts.like)}")
    if not unique:
        return out
    earlier = None
    if run is not None:  # values of earlier batches count as taken
        earlier = run.seen = run.seen if run.seen is not None else SeenBits()
    seen: set[str] = set()
    for _ in range(UNIQUE_ROUNDS):
        dupes = [i for i, v in enumerate(out)
                 if (earlier is not None and v in earlier) or v in seen or seen.add(v)]  # type: ignore[func-returns-value]
        if not dupes:
            if earlier is not None:
                earlier.add_all(out)
            return out
        seen = set()
        for i, v in zip(dupes, regex.generate(pieces, rng, len(dupes), longest=True, length=(lo, hi)), strict=True):
            out[i] = v
    raise UnsupportedCheck(f"{where}: {facts.regex[0]} has too few distinct matches for {n} UNIQUE values")
