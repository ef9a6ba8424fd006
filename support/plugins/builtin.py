"""The built-in plugins (DataDog, Slack), registered in the parent process when their section enables them.

Third-party plugins arrive through the ``jump`` entry point instead (support.plugins.manager).
"""

from __future__ import annotations

import pluggy

from support.config.models import FrameworkSettings
from support.plugins.datadog import DataDogPlugin
from support.plugins.delivery import HttpNotifier
from support.plugins.manager import plugin_manager
from support.plugins.slack import SlackPlugin

BUILTIN: tuple[type[HttpNotifier], ...] = (DataDogPlugin, SlackPlugin)


def register_enabled(settings: FrameworkSettings, pm: pluggy.PluginManager | None = None) -> list[HttpNotifier]:
    """Registers one instance per enabled plugin, replacing an earlier registration (settings may differ)."""
    pm = pm or plugin_manager()
    registered: list[HttpNotifier] = []
    for cls in BUILTIN:
        name = f"jump-{cls.name}"
        earlier = pm.get_plugin(name)
        if earlier is not None:
            pm.unregister(earlier, name=name)
        if getattr(settings.plugins, cls.name).enabled:
            plugin = cls(settings)
            pm.register(plugin, name=name)
            registered.append(plugin)
    return registered
