"""The suite must pass on a GitLab runner: no test sees GitLab's variables unless it sets them itself."""

from __future__ import annotations

import os

from support.config import load_settings
from support.reporting.run_info import executor


def test_gitlab_variables_of_the_runner_are_removed_for_the_tests():
    assert [name for name in os.environ if name.startswith(("CI_", "GITLAB_"))] == []


def test_without_gitlab_variables_the_executor_is_local():
    assert executor(load_settings("local"))["type"] == "local"
