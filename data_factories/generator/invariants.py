"""Cross-table rules the schema cannot declare, solved after all tables are generated.

CHECK constraints see one row, so "an order's total is the sum of its items" (business rule 3,
checked by support.db.integrity's ORDER_TOTAL) is invisible in the catalog. Like the logical
references in support/db/catalog.py, such rules are declared here as data, one line each, and
solved generically: the parent column becomes the sum of its children's column (0 without children).
"""

from __future__ import annotations

from dataclasses import dataclass

from data_factories.generator.dataset import Dataset


@dataclass(frozen=True)
class SumOfChildren:
    """``database.parent.column`` = sum of ``child.child_column`` over children whose ``via`` names the parent's id."""

    database: str
    parent: str
    column: str
    child: str
    via: str
    child_column: str


JUMP_INVARIANTS: tuple[SumOfChildren, ...] = (
    SumOfChildren("inventory", "order", "total_cents", "order_item", "order_id", "total_cents"),
)


def apply_invariants(dataset: Dataset, rules: tuple[SumOfChildren, ...] = JUMP_INVARIANTS) -> None:
    present = {t.key for t in dataset.tables}
    for rule in rules:
        if (rule.database, rule.parent) not in present:
            continue
        parent = dataset.table(rule.database, rule.parent)
        totals: dict[object, int] = {}
        if (rule.database, rule.child) in present:
            child = dataset.table(rule.database, rule.child)
            for key, value in zip(child.data[rule.via], child.data[rule.child_column], strict=True):
                totals[key] = totals.get(key, 0) + (value or 0)
        parent.data[rule.column] = [totals.get(key, 0) for key in parent.data["id"]]
