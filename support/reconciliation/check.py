"""Reconcile the API's answers about orders with the inventory database, for one scenario.

Only the scenario's own orders are judged: those of a fan or an event its ledger scope created
(a staff listing of every order shows other workers' orders in flight, which change under us).
A refusal naming a declined order has no fan or event in it and always comes from the scenario's
own checkout, so it is judged too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data_factories.registry import Registry
from support.assertions import ExpectationFailed
from support.db.pool import Database
from support.db.stored_orders import StoredOrder, load_stored_orders
from support.reconciliation.observed import ApiOrder
from support.reconciliation.rules import reconcile_order

OWNER_TABLES = ("fan", "event")


@dataclass
class Reconciliation:
    """The outcome for one scenario: how many orders were judged and every mismatch found."""

    orders: list[str] = field(default_factory=list)        # ids judged
    not_ours: int = 0                                        # answers about other scenarios' orders, left alone
    mismatches: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.mismatches

    def summary(self) -> str:
        head = f"{len(self.orders)} order(s) reconciled with the inventory database"
        if self.not_ours:
            head += f" ({self.not_ours} other order(s) in the answers belong to other scenarios)"
        return head + (":\n" + "\n".join(self.mismatches) if self.mismatches else ": consistent")

    def error(self) -> ExpectationFailed | None:
        """One line per difference; with several, the last line repeats the first (the run summary,
        the history and failures.json show a failure's last line, as they do for a traceback)."""
        if self.consistent:
            return None
        lines = ["what was stored differs from what the platform said:", *self.mismatches]
        if len(self.mismatches) > 1:
            lines.append(f"first difference: {self.mismatches[0]}")
        return ExpectationFailed("\n".join(lines))  # a product defect: the tree's test-failure class


def scenario_owners(registry: Registry) -> set[str]:
    """Ids of the fans and events the scenario's ledger scope created."""
    return {dict(ref.pk).get("id", "") for ref in registry.entries() if ref.table in OWNER_TABLES}


def _ours(answer: ApiOrder, stored: StoredOrder | None, owners: set[str] | None) -> bool:
    if owners is None or answer.declined:
        return True
    if stored is not None:
        return stored.fan_id in owners or stored.event_id in owners
    return bool({answer.fan_id, answer.event_id} & owners)


def reconcile(inventory: Database, answers: list[ApiOrder], owners: set[str] | None = None) -> Reconciliation:
    """Compares every answer with the stored rows; ``owners`` (fan and event ids) limits it to the scenario's orders."""
    outcome = Reconciliation()
    if not answers:
        return outcome
    stored = load_stored_orders(inventory, [a.id for a in answers])
    for answer in answers:
        row = stored.get(answer.id)
        if not _ours(answer, row, owners):
            outcome.not_ours += 1
            continue
        outcome.orders.append(answer.id)
        outcome.mismatches += reconcile_order(answer, row)
    return outcome
