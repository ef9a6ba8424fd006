"""Strings that match a CHECK's regular expression (``code ~ '^[A-Z0-9_]{1,20}$'``).

The exrex/rstr idea, reduced to what schema CHECKs use: an anchored sequence of literals, ``.``,
character classes (ranges, ``\\d``/``\\w``/``\\s``) and quantifiers (``{m}``, ``{m,n}``, ``?``, ``*``,
``+``). Written here rather than pulling in rstr because it is ~80 lines, draws from the caller's
seeded ``random.Random`` (determinism) and builds a whole column per call. Anything else
(alternation, groups, look-arounds) is refused with the column's name instead of guessed.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from data_factories.generator.errors import UnsupportedCheck

OPEN_REPEAT = 8  # how far * and + reach beyond their minimum
_CLASSES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_", "s": " "}
_PRINTABLE = string.ascii_letters + string.digits + " -_."


@dataclass(frozen=True)
class Piece:
    chars: str
    low: int
    high: int


def _class(pattern: str, i: int, where: str) -> tuple[str, int]:
    """The characters of ``[...]`` starting at ``pattern[i] == '['``, and the index after it."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        raise UnsupportedCheck(f"{where}: negated character classes are not supported")
    chars: list[str] = []
    while i < len(pattern) and (pattern[i] != "]" or not chars):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            chars.extend(_CLASSES.get(pattern[i + 1], pattern[i + 1]))
            i += 2
            continue
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            chars.extend(chr(c) for c in range(ord(ch), ord(pattern[i + 2]) + 1))
            i += 3
            continue
        chars.append(ch)
        i += 1
    if i >= len(pattern):
        raise UnsupportedCheck(f"{where}: unterminated character class")
    return "".join(dict.fromkeys(chars)), i + 1


def _quantifier(pattern: str, i: int) -> tuple[int, int, int]:
    if i < len(pattern) and pattern[i] in "?*+":
        return {"?": (0, 1), "*": (0, OPEN_REPEAT), "+": (1, 1 + OPEN_REPEAT)}[pattern[i]] + (i + 1,)
    if i < len(pattern) and pattern[i] == "{":
        end = pattern.index("}", i)
        low_text, _, high_text = pattern[i + 1 : end].partition(",")
        low = int(low_text or 0)
        high = low if "," not in pattern[i + 1 : end] else int(high_text) if high_text else low + OPEN_REPEAT
        return low, high, end + 1
    return 1, 1, i


def compile_pattern(pattern: str, where: str) -> list[Piece]:
    """The pattern as pieces; ``where`` (table.column) names the column in errors."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise UnsupportedCheck(f"{where}: only anchored patterns (^...$) are supported, not {pattern!r}")
    body, pieces, i = pattern[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "[":
            chars, i = _class(body, i, where)
        elif ch == "\\" and i + 1 < len(body):
            chars, i = _CLASSES.get(body[i + 1], body[i + 1]), i + 2
        elif ch == ".":
            chars, i = _PRINTABLE, i + 1
        elif ch in "()|^$":
            raise UnsupportedCheck(f"{where}: groups, alternation and inner anchors are not supported in {pattern!r}")
        else:
            chars, i = ch, i + 1
        low, high, i = _quantifier(body, i)
        pieces.append(Piece(chars, low, high))
    return pieces


def length_bounds(pieces: list[Piece]) -> tuple[int, int]:
    return sum(p.low for p in pieces), sum(p.high for p in pieces)


def generate(pieces: list[Piece], rng: random.Random, n: int, *, longest: bool = False,
             length: tuple[int, int | None] = (0, None)) -> list[str]:
    """``n`` matching strings; ``longest`` uses every piece's maximum (fewest collisions for UNIQUE columns).

    ``length`` (char_length bounds from other CHECKs) narrows single-piece patterns such as ``[A-Z]{1,20}``.
    """
    out: list[str] = []
    for _ in range(n):
        parts = []
        for p in pieces:
            low = max(p.low, length[0]) if len(pieces) == 1 else p.low
            high = min(p.high, length[1]) if len(pieces) == 1 and length[1] is not None else p.high
            count = high if longest else rng.randint(low, high)
            parts.append("".join(rng.choices(p.chars, k=count)) if len(p.chars) > 1 else p.chars * count)
        out.append("".join(parts))
    return out
