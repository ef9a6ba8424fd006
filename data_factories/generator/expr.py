"""Parsing CHECK definitions (as ``pg_get_constraintdef`` prints them) into atoms in disjunctive normal form.

PostgreSQL normalises what it prints (``IN`` becomes ``= ANY (ARRAY[...])``, ``BETWEEN`` becomes two
comparisons, ``LIKE`` becomes ``~~``, literals carry ``::type`` casts), so a small recursive-descent
parser over that normal form is enough; a full SQL parser would be a dependency for nothing.
A check becomes ``[[atom, ...], ...]``: the row must satisfy every atom of at least one branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from data_factories.generator.errors import UnsupportedCheck

_TOKEN = re.compile(r"""\s*(?:
    (?P<str>'(?:[^']|'')*')
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<op>::|>=|<=|<>|!=|!~~|~~|=|>|<|~|\+|-|\(|\)|\[|\]|,)
  | (?P<ident>"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)
)""", re.VERBOSE)
_KEYWORDS = {"AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "ARRAY", "ANY"}
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "le": "gt", "gt": "le", "ge": "lt", "null": "notnull",
           "notnull": "null", "in": "nin", "nin": "in"}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}
_CMP = {"=": "eq", "<>": "ne", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "~": "regex", "~~": "like"}


# -- syntax tree ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    name: str


@dataclass(frozen=True)
class Lit:
    value: Any


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Node:
    """``op`` is a comparison (eq, lt, regex, ...), ``and``, ``or``, ``not``, ``isnull``, ``add`` or ``array``."""

    op: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Atom:
    """One fact about one column. ``op``: null, notnull, eq, ne, lt, le, gt, ge, in, nin (``value`` a
    literal or tuple); len_<cmp> (char_length); regex, like, json_type (a string); col_<cmp> (``value``
    another column); sum (``value`` the tuple of columns whose sum the column equals)."""

    column: str
    op: str
    value: Any = None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text, self.tokens, self.i = text, self._tokenize(text), 0

    def _tokenize(self, text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise UnsupportedCheck(f"cannot read {text!r} at {text[pos:pos + 20]!r}")
            kind = m.lastgroup or ""
            value = m.group(kind)
            if kind == "ident" and value.upper() in _KEYWORDS:
                kind, value = "kw", value.upper()
            out.append((kind, value))
            pos = m.end()
        return out

    def peek(self, value: str | None = None) -> bool:
        return self.i < len(self.tokens) and (value is None or self.tokens[self.i][1] == value)

    def take(self, value: str | None = None) -> str:
        if not self.peek(value):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "the end"
            raise UnsupportedCheck(f"cannot read {self.text!r}: expected {value or 'more'}, found {found}")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def parse(self) -> Any:
        node = self.or_()
        if self.i != len(self.tokens):
            raise UnsupportedCheck(f"cannot read {self.text!r}: unexpected {self.tokens[self.i][1]!r}")
        return node

    def or_(self) -> Any:
        items = [self.and_()]
        while self.peek("OR"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Node("or", tuple(items))

    def and_(self) -> Any:
        items = [self.not_()]
        while self.peek("AND"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else Node("and", tuple(items))

    def not_(self) -> Any:
        if self.peek("NOT"):
            self.take()
            return Node("not", (self.not_(),))
        return self.comparison()

    def comparison(self) -> Any:
        left = self.sum_()
        if self.peek("IS"):
            self.take()
            negated = self.peek("NOT") and bool(self.take())
            self.take("NULL")
            return Node("notnull" if negated else "null", (left,))
        if self.i < len(self.tokens) and self.tokens[self.i][1] in _CMP:
            op = _CMP[self.take()]
            return Node(op, (left, self.sum_()))
        return left

    def sum_(self) -> Any:
        items = [self.primary()]
        while self.peek("+"):
            self.take()
            items.append(self.primary())
        return items[0] if len(items) == 1 else Node("add", tuple(items))

    def primary(self) -> Any:
        kind, value = self.tokens[self.i] if self.i < len(self.tokens) else ("", "")
        if value == "(":
            self.take()
            node = self.or_()
            self.take(")")
        elif kind == "str":
            self.take()
            node = Lit(value[1:-1].replace("''", "'"))
        elif kind == "num":
            self.take()
            node = Lit(float(value) if "." in value else int(value))
        elif value == "-" and self.tokens[self.i + 1][0] == "num":
            self.take()
            node = Lit(-self.primary().value)
        elif value in ("TRUE", "FALSE", "NULL"):
            self.take()
            node = Lit({"TRUE": True, "FALSE": False, "NULL": None}[value])
        elif value == "ARRAY":
            self.take()
            self.take("[")
            items = [self.sum_()]
            while self.peek(","):
                self.take()
                items.append(self.sum_())
            self.take("]")
            node = Node("array", tuple(items))
        elif kind in ("ident", "kw"):
            name = self.take().strip('"')
            if self.peek("("):
                self.take()
                args = [] if self.peek(")") else [self.or_()]
                while self.peek(","):
                    self.take()
                    args.append(self.or_())
                self.take(")")
                node = Call(name.lower(), tuple(args))
            else:
                node = Col(name)
        else:
            raise UnsupportedCheck(f"cannot read {self.text!r} at {value!r}")
        while self.peek("::"):  # casts change nothing the generator cares about
            self.take()
            while self.i < len(self.tokens) and self.tokens[self.i][0] == "ident":
                self.take()
            if self.peek("["):
                self.take()
                self.take("]")
        return node


def parse(text: str) -> Any:
    """The syntax tree of a CHECK definition (``CHECK (...)`` wrapper allowed) or a default expression."""
    body = text.strip()
    if body.upper().startswith("CHECK"):
        body = body[5:].strip()
    for suffix in (" NOT VALID", " NO INHERIT"):
        body = body.removesuffix(suffix)
    return _Parser(body).parse()


# -- disjunctive normal form ------------------------------------------------------------------
def dnf(node: Any, negated: bool = False) -> list[list[Atom]]:
    """Branches (OR) of atom lists (AND). Negation is pushed into the atoms (De Morgan)."""
    if isinstance(node, Node) and node.op == "not":
        return dnf(node.args[0], not negated)
    if isinstance(node, Node) and node.op in ("and", "or"):
        parts = [dnf(a, negated) for a in node.args]
        if (node.op == "or") != negated:
            return [branch for part in parts for branch in part]
        product: list[list[Atom]] = [[]]
        for part in parts:
            product = [left + right for left in product for right in part]
        return product
    if isinstance(node, Node) and node.op == "eq" and any(_is_boolean(a) for a in node.args):
        # (A) = (B): both true or both false; a bare boolean column stands for (column = true)
        left, right = (Node("eq", (a, Lit(True))) if isinstance(a, Col) else a for a in node.args)
        both = Node("or", (Node("and", (left, right)), Node("and", (Node("not", (left,)), Node("not", (right,))))))
        return dnf(both, negated)
    return [[_atom(node, negated)]]


def _is_boolean(node: Any) -> bool:
    return isinstance(node, Node) and node.op in ("and", "or", "not", "null", "notnull", *_CMP.values())


def _atom(node: Any, negated: bool) -> Atom:
    if not isinstance(node, Node) or len(node.args) not in (1, 2):
        raise UnsupportedCheck(f"no solver for {node}")
    op = _NEGATE.get(node.op, node.op) if negated else node.op
    if negated and op == node.op:
        raise UnsupportedCheck(f"no solver for NOT {node.op}")
    if op in ("null", "notnull") and isinstance(node.args[0], Col):
        return Atom(node.args[0].name, op)
    left, right = node.args
    if isinstance(left, Lit) and isinstance(right, (Col, Call)) and op in _FLIP:
        left, right, op = right, left, _FLIP[op]
    if isinstance(left, Col) and isinstance(right, Lit):
        return Atom(left.name, op, right.value)
    if isinstance(left, Col) and isinstance(right, Call) and right.name == "any" and op in ("eq", "ne"):
        array = right.args[0]
        if isinstance(array, Node) and array.op == "array" and all(isinstance(v, Lit) for v in array.args):
            return Atom(left.name, "in" if op == "eq" else "nin", tuple(v.value for v in array.args))
    if isinstance(left, Col) and isinstance(right, Col) and op in _FLIP:
        return Atom(left.name, f"col_{op}", right.name)
    if isinstance(left, Col) and isinstance(right, Node) and right.op == "add" and op == "eq":
        return Atom(left.name, "sum", tuple(_flatten_sum(right)))
    if isinstance(left, Call) and len(left.args) == 1 and isinstance(left.args[0], Col) and isinstance(right, Lit):
        column = left.args[0].name
        if left.name in ("char_length", "length", "character_length") and op in _FLIP:
            return Atom(column, f"len_{op}", right.value)
        if left.name in ("jsonb_typeof", "json_typeof") and op == "eq":
            return Atom(column, "json_type", right.value)
    raise UnsupportedCheck(f"no solver for {'NOT ' if negated else ''}{node}")


def _flatten_sum(node: Any) -> list[str]:
    if isinstance(node, Col):
        return [node.name]
    if isinstance(node, Node) and node.op == "add":
        return [c for a in node.args for c in _flatten_sum(a)]
    raise UnsupportedCheck(f"a sum of columns is supported, not {node}")


def check_branches(definition: str) -> list[list[Atom]]:
    """The DNF branches of one CHECK definition."""
    return dnf(parse(definition))


def constant_default(expression: str | None) -> tuple[bool, Any]:
    """``(True, value)`` for a literal default (``'AVAILABLE'::text``, ``8``, ``false``), else ``(False, None)``."""
    if expression is None:
        return False, None
    try:
        node = parse(expression)
    except UnsupportedCheck:
        return False, None
    return (True, node.value) if isinstance(node, Lit) else (False, None)
