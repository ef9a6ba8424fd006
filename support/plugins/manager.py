"""The process-wide pluggy plugin manager."""

from __future__ import annotations

from functools import lru_cache

import pluggy

from support.plugins import hookspecs


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("jump")
    pm.add_hookspecs(hookspecs)
    pm.load_setuptools_entrypoints("jump")
    return pm


def hooks() -> pluggy.HookRelay:
    return plugin_manager().hook
