"""Helpers of the plugin tests: settings that point a plugin at a stub, a run summary, a private manager."""

from __future__ import annotations

import socket
from typing import Any

import pluggy

from support.config import FrameworkSettings, load_settings
from support.plugins import hookspecs
from support.plugins.builtin import register_enabled

FAST_RETRY = {"run.retry.initial_wait_s": "0.01", "run.retry.max_wait_s": "0.05", "run.retry.jitter_s": "0"}


def plugin_settings(overrides: dict[str, str], environ: dict[str, str] | None = None) -> FrameworkSettings:
    """Local settings (nothing resolved, no stack needed) with fast retries and ``overrides``."""
    return load_settings("local", {**FAST_RETRY, **overrides}, environ=environ or {})


def summary(**changes: Any) -> dict[str, Any]:
    """What test:run hands jump_run_finished for a failed shard 2/3 of 11 scenarios."""
    base: dict[str, Any] = {
        "passed": 7, "failed": 2, "flaky": 1, "skipped": 1, "total": 11, "wall_s": 42.5, "shard": "2/3",
        "parallel": 2, "exit_code": 1, "report": None, "junit": "reports/junit", "git_commit": "0123456789abcdef",
        "failed_scenarios": ["Checkout :: Pay with a <declined> card", "Refunds :: Refund a cancelled event"],
    }
    return {**base, **changes}


def finish_run(settings: FrameworkSettings, run_summary: dict[str, Any]) -> list[object]:
    """Registers the enabled built-ins on a private manager and calls jump_run_finished, as test:run does."""
    pm = pluggy.PluginManager("jump")
    pm.add_hookspecs(hookspecs)
    registered = register_enabled(settings, pm)
    pm.hook.jump_run_finished(summary=run_summary)
    return list(registered)


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
