"""A check that runs after a scenario's last step fails the scenario as a step of its own.

Why a step: behave marks an exception in ``after_scenario`` as a hook error (exit 1 and a
HOOK-ERROR line) and reports no step as failed. Appending a failed step to the scenario makes
every output agree: the result stream sends it as the scenario's last StepFinished and its
failure (so Allure and JUnit show a failed step with the message), and the hook still raises so
behave's own exit code is 1.
"""

from __future__ import annotations

from typing import Any

from behave.model import Scenario, Status, Step

from support.reporting import failure_text


def fail_as_step(context: Any, scenario: Scenario, title: str, error: BaseException, duration_s: float = 0.0) -> Step:
    """Adds ``Then <title>`` to ``scenario`` as a failed step carrying ``error``; returns the step."""
    step = Step(scenario.filename, scenario.line, "Then", "then", title)
    step.status = Status.failed if isinstance(error, AssertionError) else Status.error
    step.exception, step.exc_traceback = error, error.__traceback__
    step.error_message = failure_text.business_message(error)
    step.duration = duration_s
    scenario.steps.append(step)
    scenario.clear_status()  # recomputed from the steps: now failed
    return step
