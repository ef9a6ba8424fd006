"""Mutation operators: a chosen subset of cosmic-ray's, plus two that cosmic-ray does not have.

cosmic-ray (a well-kept mutation tool) is used as a library for its parso-based operators and
its one-mutation-per-walk visitor. Its own runner is not used: it mutates files where they lie
and runs one fixed test command, while a mutant here needs a platform restart and the scenarios
that touch the mutated module (see ``support.mutation.driver``).

The platform keeps many rules in SQL (``expires_at < now()``, ``uses < max_uses``), which no
Python operator reaches, and many rules are one awaited statement (count an access-code use,
void the entitlements): ``SqlOperator`` and ``SkipAwaitedStatement`` cover those two shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import parso.python.tree  # noqa: F401 - imported before cosmic_ray.plugins, which otherwise hits a circular parso import
from cosmic_ray.operators.operator import Example, Operator
from cosmic_ray.plugins import get_operator
from parso.python.tree import Keyword

# cosmic-ray operators kept: boundaries, negations, boolean logic, arithmetic and constants.
# The rest (bit shifts, Pow, Mod, ...) mostly make mutants no business rule can be about.
COSMIC_RAY_OPERATORS = (
    "core/ReplaceComparisonOperator_Eq_NotEq",
    "core/ReplaceComparisonOperator_NotEq_Eq",
    "core/ReplaceComparisonOperator_Lt_LtE",
    "core/ReplaceComparisonOperator_LtE_Lt",
    "core/ReplaceComparisonOperator_Gt_GtE",
    "core/ReplaceComparisonOperator_GtE_Gt",
    "core/ReplaceComparisonOperator_Is_IsNot",
    "core/ReplaceComparisonOperator_IsNot_Is",
    "core/ReplaceBinaryOperator_Add_Sub",
    "core/ReplaceBinaryOperator_Sub_Add",
    "core/ReplaceBinaryOperator_Mul_Add",
    "core/ReplaceBinaryOperator_FloorDiv_Mul",
    "core/ReplaceAndWithOr",
    "core/ReplaceOrWithAnd",
    "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue",
    "core/ReplaceUnaryOperator_Delete_Not",
    "core/NumberReplacer",
    "core/ZeroIterationForLoop",
)

SQL_WORDS = re.compile(r"\b(SELECT|UPDATE|INSERT|DELETE|WHERE)\b")

# (pattern, replacement): boundaries and logic inside SQL text. ``<>``, ``->>`` and ``=>`` are
# excluded by the lookarounds, ``=`` is left alone (it is also SET's assignment).
SQL_CHANGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![<>=-])<(?![=>])"), "<="),
    (re.compile(r"<="), "<"),
    (re.compile(r"(?<![-=<>])>(?![=>])"), ">="),
    (re.compile(r">="), ">"),
    (re.compile(r"\bAND\b"), "OR"),
    (re.compile(r"\bIS NULL\b"), "IS NOT NULL"),
    (re.compile(r"\bIS NOT NULL\b"), "IS NULL"),
    (re.compile(r"\bNOT EXISTS\b"), "EXISTS"),
    (re.compile(r"\+ 1\b"), "+ 0"),
)


def _sql_sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of every change the SQL operator can make in ``text``, in order."""
    sites = [(m.start(), m.end(), new) for pattern, new in SQL_CHANGES for m in pattern.finditer(text)]
    return sorted(sites)


def _is_sql_leaf(node: Any) -> bool:
    return node.type in ("string", "fstring_string") and bool(SQL_WORDS.search(_sql_context(node)))


def _sql_context(node: Any) -> str:
    """The whole literal a leaf belongs to (an f-string's pieces are separate leaves)."""
    parent = node.parent if node.type == "fstring_string" else None
    return parent.get_code() if parent is not None else node.value


class SqlOperator(Operator):
    """Changes one comparison or connective inside an SQL string literal."""

    def mutation_positions(self, node: Any) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
        if _is_sql_leaf(node):
            for _ in _sql_sites(node.value):
                yield node.start_pos, node.end_pos

    def mutate(self, node: Any, index: int) -> Any:
        start, end, new = _sql_sites(node.value)[index]
        node.value = node.value[:start] + new + node.value[end:]
        return node

    @classmethod
    def examples(cls) -> tuple[Example, ...]:
        return (Example('q = "SELECT 1 WHERE a < b"', 'q = "SELECT 1 WHERE a <= b"'),)


class SkipAwaitedStatement(Operator):
    """Drops a statement that is only an awaited call (``await conn.execute(...)``): a rule's write skipped."""

    def mutation_positions(self, node: Any) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
        if (node.type == "atom_expr" and node.children[0].type == "keyword" and node.children[0].value == "await"
                and node.parent is not None and node.parent.type == "simple_stmt"):
            yield node.start_pos, node.end_pos

    def mutate(self, node: Any, index: int) -> Any:
        return Keyword("pass", node.start_pos, prefix=node.get_first_leaf().prefix)

    @classmethod
    def examples(cls) -> tuple[Example, ...]:
        return (Example("async def f():\n    await g()\n", "async def f():\n    pass\n"),)


def operator_names() -> tuple[str, ...]:
    return (*COSMIC_RAY_OPERATORS, "jump/Sql", "jump/SkipAwaitedStatement")


def make_operator(name: str) -> Operator:
    if name == "jump/Sql":
        return SqlOperator()
    if name == "jump/SkipAwaitedStatement":
        return SkipAwaitedStatement()
    return get_operator(name)()
