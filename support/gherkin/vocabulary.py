"""Parameter types of the generic API and database steps (imported by steps/api_steps.py, db_steps.py).

    {caller:Caller}    as "admin" | as an anonymous caller | with an expired token | with a tampered token
    {method:Method}    GET | POST | PUT | PATCH | DELETE
    {number:Number}    -12 | 3.5                 {literal:Literal}  true | false | null
    {database:Database} a configured database name (Jump's: events, inventory)
    {case:RowCase}     a seat numbered 0 | ... (row_cases.py)
    {check:Check}      order_total | sold_without_entitlement | expired_active_lock
"""

from __future__ import annotations

import re
from decimal import Decimal

import parse
from behave import register_type

from support.journeys.api import Caller
from support.journeys.database import IN_TRANSACTION_CHECKS
from support.journeys.row_cases import ROW_CASES

LITERALS = {"true": True, "false": False, "null": None}


@parse.with_pattern(r'as "[A-Za-z_][\w-]*"|as an anonymous caller|with an expired token|with a tampered token')
def parse_caller(text: str) -> Caller:
    """Who sends the request: as "<role>", as an anonymous caller, with an expired token, with a tampered token."""
    if text.startswith("as \""):
        return Caller("role", text[4:-1])
    return Caller({"as an anonymous caller": "anonymous", "with an expired token": "expired"}.get(text, "tampered"))


@parse.with_pattern(r"GET|POST|PUT|PATCH|DELETE")
def parse_method(text: str) -> str:
    """An HTTP method in capitals."""
    return text


@parse.with_pattern(r"-?\d+(?:\.\d+)?")
def parse_number(text: str) -> Decimal:
    """A number as written (compared by value: 5 equals 5.0)."""
    return Decimal(text)


@parse.with_pattern(r"true|false|null")
def parse_literal(text: str) -> bool | None:
    """A JSON literal: true, false or null."""
    return LITERALS[text]


@parse.with_pattern(r"[a-z][a-z0-9_]*")
def parse_database(text: str) -> str:
    """One of the environment's databases by its configured name (Jump's: events, inventory)."""
    return text


@parse.with_pattern("|".join(re.escape(case) for case in sorted(ROW_CASES, key=len, reverse=True)))
def parse_row_case(text: str) -> str:
    """A row described in business language (add new ones in support/journeys/row_cases.py)."""
    return text


@parse.with_pattern("|".join(sorted(IN_TRANSACTION_CHECKS)))
def parse_check(text: str) -> str:
    """An integrity check that can run inside the scenario transaction (support/db/integrity.py)."""
    return text


register_type(Caller=parse_caller, Method=parse_method, Number=parse_number, Literal=parse_literal,
              Database=parse_database, RowCase=parse_row_case, Check=parse_check)
