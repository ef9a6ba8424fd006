"""Allure results go into the run's own folder, whatever behave.ini's fixed ``outfiles`` says.

behave builds its formatters before the first hook runs, from behave.ini's
``outfiles = reports/allure-results``. A worker of ``./jump test:run`` is started with its run's
folder already (support/run/behave_runner.py); a plain ``behave`` run gets a run folder of its
own in before_all (support/run/run_folder.py), and this moves allure-behave's file writer there
before the first scenario, so a plain run never adds results to another run's report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import allure_commons
from allure_behave.formatter import AllureFormatter
from allure_commons.logger import AllureFileLogger


def redirect_results(runner: Any, results_dir: Path) -> int:
    """Points every Allure formatter of ``runner`` at ``results_dir``; returns how many it moved."""
    moved = 0
    for formatter in getattr(runner, "formatters", None) or []:
        if not isinstance(formatter, AllureFormatter):
            continue
        current: AllureFileLogger = formatter.file_logger
        if Path(current._report_dir) == results_dir.absolute():
            continue
        replacement = AllureFileLogger(str(results_dir))
        allure_commons.plugin_manager.unregister(current)
        allure_commons.plugin_manager.register(replacement)
        formatter.file_logger = replacement
        moved += 1
    return moved
