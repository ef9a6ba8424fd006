"""Cross-table rules the schema cannot declare, solved after all tables are generated.

CHECK constraints see one row, so "an order's total is the sum of its items" (business rule 3,
checked by support.db.integrity's ORDER_TOTAL) is invisible in the catalog. Like the logical
references in support/db/catalog.py, such rules are declared here as data, one line each, and
solved generically: the parent column becomes the sum of its children's column (0 without children).
When the children are the streamed target (rows.py), their batches are summed in a first pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from data_factories.generator.dataset import Dataset, TableData


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


def _totals(rule: SumOfChildren, children: Iterable[TableData]) -> dict[object, int]:
    totals: dict[object, int] = {}
    for child in children:
        for key, value in zip(child.data[rule.via], child.data[rule.child_column], strict=True):
            totals[key] = totals.get(key, 0) + (value or 0)
    return totals


def apply_invariants(dataset: Dataset, rules: tuple[SumOfChildren, ...] = JUMP_INVARIANTS) -> None:
    present = {t.key for t in dataset.tables}
    for rule in rules:
        if (rule.database, rule.parent) not in present:
            continue
        parent = dataset.table(rule.database, rule.parent)
        children = [dataset.table(rule.database, rule.child)] if (rule.database, rule.child) in present else []
        totals = _totals(rule, children)
        parent.data[rule.column] = [totals.get(key, 0) for key in parent.data["id"]]


def sum_children(parents: list[TableData], streamed: tuple[str, str], batches: Callable[[], Iterable[TableData]],
                 rules: tuple[SumOfChildren, ...] = JUMP_INVARIANTS) -> None:
    """Parents whose rule sums the streamed table: one pass over its batches (memory: one batch)."""
    for rule in rules:
        if (rule.database, rule.child) != streamed:
            continue
        for parent in parents:
            if parent.key == (rule.database, rule.parent):
                totals = _totals(rule, batches())
                parent.data[rule.column] = [totals.get(key, 0) for key in parent.data["id"]]


def fix_child_sums(streamed: tuple[str, str], batch: TableData, rules: tuple[SumOfChildren, ...] = JUMP_INVARIANTS) -> TableData:
    """A streamed table that is a rule's parent has no children in the plan: its sums are 0."""
    for rule in rules:
        if (rule.database, rule.parent) == streamed:
            batch.data[rule.column] = [0] * batch.count
    return batch
