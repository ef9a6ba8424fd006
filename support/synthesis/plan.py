"""Which role calls which operation, and how hard: the cells of the access matrix as synthesis work.

Every cell of the matrix is exercised. For each operation one *primary* role (the first of
admin, ops, fan, analyst allowed to call it) gets every Schemathesis phase (examples, coverage
with its negative and boundary values, fuzzing, stateful sequences); every other role gets a
short fuzzing pass with valid data, which is enough to prove the platform refuses or serves it
as the matrix says (authorisation fuzzed, not only conformance).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from support.access_matrix import ROLES, MatrixRow, Rule, load_matrix

Api = Literal["rest", "graphql"]
PRIMARY_ORDER = ("admin", "ops", "fan", "analyst", "anonymous")


class Cell(BaseModel):
    """One role x operation of the matrix and the depth it is tested at."""

    api: Api
    operation: str          # "GET /v1/venues/{id}" or "query events" / "mutation checkout"
    role: str
    rule: Rule
    primary: bool           # all phases (True) or a short valid-data fuzzing pass (False)


def primary_role(row: MatrixRow) -> str:
    """The role whose allowed calls reach the operation's logic: the first allowed in PRIMARY_ORDER."""
    return next((role for role in PRIMARY_ORDER if row.rule(role) != "deny"), "admin")


def cells(*, roles: tuple[str, ...] = ROLES, apis: tuple[Api, ...] = ("rest", "graphql"),
          operations: tuple[str, ...] = ()) -> list[Cell]:
    """The cells to run, in matrix order; ``operations`` narrows by substring (empty: all)."""
    result = []
    for row in load_matrix().values():
        if row.api not in apis or (operations and not any(part in row.operation for part in operations)):
            continue
        primary = primary_role(row)
        for role in roles:
            result.append(Cell(api=row.api, operation=row.operation, role=role, rule=row.rule(role), primary=role == primary))
    return result


def graphql_label(operation: str) -> str:
    """Matrix name -> Schemathesis' GraphQL label: "query events" -> "Query.events"."""
    kind, _, name = operation.partition(" ")
    return f"{kind.capitalize()}.{name}"


def matrix_name(api: Api, label: str) -> str:
    """Schemathesis' label -> the matrix name ("Mutation.checkout" -> "mutation checkout")."""
    if api == "rest":
        return label
    kind, _, name = label.partition(".")
    return f"{kind.lower()} {name}"
