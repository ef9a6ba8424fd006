"""behave.ini's Allure formatter: allure-behave's, writing into the run's own folder.

behave builds its formatters before the first hook runs, from behave.ini's fixed
``outfiles = reports/allure-results``. A worker of ``./jump test:run`` is told its run's folder
(JUMP_ALLURE_RESULTS); a plain ``behave`` run creates a run folder of its own under the configured
folder's parent (``reports/runs/<id>/``, ``reports/latest`` -> it), so it never adds results to
another run's report (support/run/run_folder.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from allure_behave.formatter import AllureFormatter

from support.run import run_folder

ALLURE_ENV = "JUMP_ALLURE_RESULTS"


class RunFolderAllureFormatter(AllureFormatter):  # type: ignore[misc]
    def __init__(self, stream_opener: Any, config: Any) -> None:
        target = os.environ.get(ALLURE_ENV)
        if not target:
            configured = Path(stream_opener.name or "reports/allure-results").resolve()
            target = str(run_folder.adopt(configured.parent) / configured.name)
        stream_opener.name = target
        super().__init__(stream_opener, config)
