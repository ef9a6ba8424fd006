"""A check that runs after a scenario's last step fails the scenario as a step of its own.

Why a step: behave marks an exception in ``after_scenario`` as a hook error (exit 1 and a
HOOK-ERROR line), but allure-behave computes a test's status from its steps only, so the Allure
report, and the JUnit file built from it, would call the scenario passed. Appending a failed step
to the scenario (and handing it to the Allure formatter, which writes steps it was given when the
scenario ends) makes every output agree: Allure and JUnit show a failed step with the message,
the worker's event carries it, and the hook still raises so behave's own exit code is 1.
"""

from __future__ import annotations

from typing import Any

from allure_behave.formatter import AllureFormatter
from behave.model import Scenario, Status, Step


def fail_as_step(context: Any, scenario: Scenario, title: str, error: BaseException, duration_s: float = 0.0) -> Step:
    """Adds ``Then <title>`` to ``scenario`` as a failed step carrying ``error``; returns the step."""
    step = Step(scenario.filename, scenario.line, "Then", "then", title)
    step.status = Status.failed if isinstance(error, AssertionError) else Status.error
    step.exception, step.exc_traceback = error, error.__traceback__
    step.error_message = f"{type(error).__name__}: {error}"
    step.duration = duration_s
    scenario.steps.append(step)
    scenario.clear_status()  # recomputed from the steps: now failed
    runner = getattr(context, "_runner", None)  # behave's own runner: the formatters of this run
    for formatter in getattr(runner, "formatters", None) or []:
        if isinstance(formatter, AllureFormatter):
            formatter.step(step)  # scheduled: written, with its status, when the scenario's test closes
    return step
