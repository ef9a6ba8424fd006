"""The automatic stored-state check of every scenario, and the Then step that asks for it early.

``install`` (before_all) registers the :class:`OrderObserver` plugin, which reads every answer
the platform gives. ``check_after_scenario`` (after_scenario, before the cleanup deletes anything)
compares the answers about the scenario's orders with the inventory database; a mismatch becomes
a failed step "Then what was stored matches what the platform said (checked after the last step)"
and is returned for the hook to raise. Scenarios that made no order cost nothing (no query).

Opt out with the tag ``@stored-state-unchecked`` only where a scenario makes stored and answered
state differ on purpose (none of the current features needs it).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import allure
from behave.model import Scenario

from support.plugins.manager import plugin_manager
from support.reconciliation.check import Reconciliation, reconcile, scenario_owners
from support.reconciliation.observed import OrderObserver
from support.reporting.late_failure import fail_as_step
from support.state import ScenarioState

PLUGIN_NAME = "stored-state"
STEP_PHRASE = "what was stored matches what the platform said"
OPT_OUT_TAG = "stored-state-unchecked"
log = logging.getLogger(__name__)


def observer() -> OrderObserver:
    """The process's observer, registered on first use."""
    plugin = plugin_manager().get_plugin(PLUGIN_NAME)
    if plugin is None:
        plugin = OrderObserver()
        plugin_manager().register(plugin, name=PLUGIN_NAME)
    return plugin  # type: ignore[no-any-return]


def install() -> None:
    observer()


def reconcile_scenario(state: ScenarioState) -> Reconciliation:
    """The scenario's answers so far against the database now (the scenario's own orders only)."""
    answers = observer().orders()
    if not answers:
        return Reconciliation()
    return reconcile(state.session.databases.inventory, answers, scenario_owners(state.registry))


def expect_stored_state_matches(state: ScenarioState) -> Reconciliation:
    """Raises ExpectationFailed listing every difference (the explicit Then step)."""
    outcome = reconcile_scenario(state)
    error = outcome.error()
    if error is not None:
        raise error
    return outcome


def _attach(text: str) -> None:
    try:
        allure.attach(text, name="stored state reconciled", attachment_type=allure.attachment_type.TEXT)
    except Exception:  # noqa: BLE001 - no Allure test running (a plain behave run without the formatter)
        pass


def check_after_scenario(context: Any, scenario: Scenario) -> BaseException | None:
    """Runs the check for a scenario that passed; returns the failure (already shown as a step) or None."""
    state: ScenarioState | None = getattr(context, "state", None)
    pending = bool(observer().orders())
    try:
        if not pending or state is None or scenario.status.name != "passed" or OPT_OUT_TAG in scenario.effective_tags:
            return None
        started = time.perf_counter()
        try:
            outcome = reconcile_scenario(state)
        except Exception as exc:  # noqa: BLE001 - shown as the scenario's failure, never swallowed
            error: BaseException | None = exc
        else:
            _attach(outcome.summary())
            log.debug("%s: %s", scenario.name, outcome.summary())
            error = outcome.error()
        if error is not None:
            fail_as_step(context, scenario, f"{STEP_PHRASE} (checked after the last step)", error, time.perf_counter() - started)
        return error
    finally:
        observer().drain()  # the next scenario starts with no answers
