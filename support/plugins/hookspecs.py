"""Every hook a plugin may implement, grouped by lifecycle stage (pytest's hookspec style).

A plugin is any object with ``@hookimpl``-decorated methods of these names, registered with
``support.plugins.manager.plugin_manager().register(obj)``.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("jump")
hookimpl = pluggy.HookimplMarker("jump")


# -- run --------------------------------------------------------------------------------
@hookspec
def jump_run_started(settings: Any, namespace: str) -> None:
    """The run's configuration is valid and its namespace chosen; nothing has executed yet."""


@hookspec
def jump_run_finished(summary: dict[str, Any]) -> None:
    """The run ended, however it ended: all passed (exit 0), failures (1), a usage or configuration
    error (2), the environment unreachable (3), cancelled; fired once by ``support.run.run.Run``.

    Keys: passed, failed, flaky, skipped, total, wall_s, shard ("1/3"), parallel, exit_code, reason
    (completed, test_failures, fail_fast, usage, unreachable, cancelled, no_scenarios, crashed),
    message (the one line of an early end), run_id, report, junit, git_commit, failed_scenarios
    (["feature :: scenario", ...]); typed as :class:`support.plugins.summary.RunSummary`.
    Built-in plugins: support.plugins.builtin.
    """


# -- scenario -----------------------------------------------------------------------------
@hookspec
def jump_scenario_finished(feature: str, scenario: str, status: str, duration_s: float, tags: list[str]) -> None:
    """One scenario ended (passed, failed, skipped, flaky)."""


# -- traffic -------------------------------------------------------------------------------
@hookspec
def jump_exchange(exchange: Any) -> None:
    """A request to the platform completed (masked :class:`support.clients.exchange.Exchange`)."""


@hookspec
def jump_retry(service: str, operation: str, attempt: int, reason: str, wait_s: float) -> None:
    """A transient failure is about to be retried after ``wait_s`` seconds."""


# -- data -----------------------------------------------------------------------------------
@hookspec
def jump_data_changed(database: str, summary: dict[str, tuple[int, int, int]], text: str) -> None:
    """A step changed a database: per table (inserted, updated, deleted), and a readable diff."""


@hookspec
def jump_data_created(entity: str, data: dict[str, Any]) -> None:
    """A factory created a row a Given step asked for (masked)."""
