"""What the behave hooks call for reporting: four small entry points, so support/hooks.py stays thin.

start_run registers the Allure attachment plugin's companion, the coverage recorder, and the
per-step log capture; start_scenario labels the Allure test and opens the scenario's trace;
start_step/end_step attach the masked log of a failing step.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from support.plugins.manager import plugin_manager
from support.reporting import labels, step_log
from support.reporting.recorder import CoverageRecorder
from support.run import run_folder

REPO = Path(__file__).resolve().parents[2]
log = logging.getLogger(__name__)
_capture: step_log.StepLogCapture | None = None


def _tables_of_entities() -> dict[str, str]:
    """Factory entity -> ``database.table``, so created rows count as tables touched."""
    try:
        from data_factories.models import ALL_MODELS
    except ImportError:  # a plugin-only install without factories
        return {}
    return {m.__name__: f"{m.__database__}.{m.__table__}" for m in ALL_MODELS}


def start_run(settings: Any, session: Any = None) -> CoverageRecorder:
    """Idempotent per process (behave calls before_all once, tests may call it again)."""
    global _capture
    _capture = step_log.install()
    recorder = plugin_manager().get_plugin("coverage")
    if recorder is None:
        # the run's own folder (reports/runs/<id>/) when a run set one, so two runs never mix their traces
        recorder = CoverageRecorder(run_folder.current() or REPO / settings.reporting.reports_dir, _tables_of_entities())
        plugin_manager().register(recorder, name="coverage")
    validator = getattr(getattr(session, "rest", None), "validator", None)
    recorder.save_openapi(getattr(validator, "spec", None))
    return recorder


def start_scenario(scenario: Any, settings: Any) -> None:
    labels.apply_to_running_test(scenario, settings.reporting)
    recorder = plugin_manager().get_plugin("coverage")
    if recorder is not None:
        recorder.start_scenario(scenario)


def start_step() -> None:
    if _capture is not None:
        _capture.start_step()


def end_step(step: Any) -> None:
    if _capture is not None:
        status = getattr(step.status, "name", str(step.status))
        step_log.attach_if_failed(_capture, status, f"{step.keyword} {step.name}")
