"""Parameter types of the step phrases: money, percentages, counts. Imported by every step module.

    {price:Money}   "$50.00" -> 5000 (cents)     {rate:Percent}  "8.25%" -> 825 (basis points)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

import parse
from behave import register_type

MONEY = re.compile(r"^\$(\d{1,3}(,\d{3})*|\d+)(\.\d{2})?$")


@parse.with_pattern(r"\$[\d,]+(?:\.\d{2})?")
def parse_money(text: str) -> int:
    """Dollars as written by a business reader, to integer cents."""
    if not MONEY.match(text):
        raise ValueError(f"not an amount of money: {text!r} (write $50.00)")
    return int((Decimal(text[1:].replace(",", "")) * 100).to_integral_value())


@parse.with_pattern(r"\d+(?:\.\d+)?%")
def parse_percent(text: str) -> int:
    """A percentage to basis points: 8.25% -> 825."""
    try:
        bps = Decimal(text[:-1]) * 100
    except InvalidOperation as exc:
        raise ValueError(f"not a percentage: {text!r}") from exc
    if bps != bps.to_integral_value():
        raise ValueError(f"{text} is finer than a basis point")
    return int(bps)


register_type(Money=parse_money, Percent=parse_percent)


@parse.with_pattern(r"[A-Z][A-Za-z'-]*(?: \d+)?")
def parse_name(text: str) -> str:
    """A person the scenario named: "Maya", "Fan 12"."""
    return text


@parse.with_pattern(r"her|his|their")
def parse_pronoun(text: str) -> str:
    return text


register_type(Name=parse_name, Pronoun=parse_pronoun)


@parse.with_pattern(r'[^"]+')
def parse_text(text: str) -> str:
    """The text between double quotes, never across a closing quote: "A" of "Summer Nights"."""
    return text


register_type(Text=parse_text)


def one_of(words: Iterable[str]) -> str:
    """A regex matching exactly one of ``words``, longest first so "a fee" never wins over "a fee rate"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def phrase_type(pattern: str, doc: str | None = None) -> Callable[[str], str]:
    """A parameter type that keeps the matched phrase as written: a closed list (``one_of``) or a regex.

    ``doc`` is the line the step catalog shows for it (with the phrases of a closed list after it); one
    function for the many types that only name the phrases a step accepts, instead of one def each.
    """
    def keep(text: str) -> str:
        return text

    keep.__doc__ = doc
    return parse.with_pattern(pattern)(keep)  # type: ignore[no-any-return]
