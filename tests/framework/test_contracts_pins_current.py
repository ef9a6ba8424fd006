"""The pins in support/contracts/ are the contract of the sandbox at this commit.

A platform change that lands without `./jump schema:pull` would otherwise show up only as drift
warnings and contract violations in the acceptance run; here it is one failing test that says what to do.
"""

from __future__ import annotations

from support.contracts import gate
from support.stack.state import StackState


def test_the_pinned_contracts_are_what_the_local_sandbox_serves(stack_state: StackState) -> None:
    result = gate.check(stack_state.rest_url, stack_state.graphql_url)
    changes = [change.line() for change in result.changes]
    assert not changes, f"the pins are out of date: run ./jump schema:pull and commit support/contracts/: {changes}"
