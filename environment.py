"""behave's hooks, handed over to the framework (support/hooks.py) so this file stays thin."""

from support.hooks import after_all, after_scenario, after_step, before_all, before_scenario, before_step  # noqa: F401
