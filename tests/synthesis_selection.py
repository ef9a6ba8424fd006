"""A pytest plugin: the minutes-long synthesis tests (marker ``synthesis``) run only when -m names them.

Loaded by tests/conftest.py. A ``-m "not synthesis"`` in pytest.ini's addopts would not do: a later
``-m`` on the command line replaces it, so ``pytest -m slow`` ran the synthesis runs too. Here they are
deselected whatever else is selected, unless the -m expression itself names the marker
(``pytest -m synthesis``: make synthesis and CI's synthesis job), or the command line names the test by
its node id (``pytest tests/framework/test_synthesis.py::test_...`` from the project folder).
"""

from __future__ import annotations

import re

import pytest

MARKER = "synthesis"


def names_synthesis(markexpr: str) -> bool:
    """Whether a -m expression mentions the marker (``synthesis``, ``slow or synthesis``, ``not synthesis``)."""
    return re.search(rf"(?<![\w.]){MARKER}(?![\w.])", markexpr) is not None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if names_synthesis(config.getoption("markexpr") or ""):
        return  # -m decides, as pytest does for every marker
    named = {arg for arg in config.args if "::" in arg}  # a test named by its node id is asked for: it runs
    dropped = [item for item in items if item.get_closest_marker(MARKER) and item.nodeid not in named]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
