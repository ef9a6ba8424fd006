"""Configuration: layered, validated settings for one environment, and the secrets they refer to.

    settings = resolve_auto(load_settings())          # once per run (hooks, CLI)
    username, password = SecretResolver(settings).credentials("admin")
    log_handler.addFilter(MaskingFilter())            # or mask(text) before writing a report

Every failure is a ConfigError whose message is one line naming the key and its source.
"""

from support.config.errors import ConfigError
from support.config.loader import environment_file, environment_name, load_settings, user_override_file
from support.config.local import ensure_local_stack, resolve_auto
from support.config.models import ENVIRONMENTS, FrameworkSettings
from support.config.secrets import MaskingFilter, SecretResolver, mask, register

__all__ = [
    "ENVIRONMENTS",
    "ConfigError",
    "FrameworkSettings",
    "MaskingFilter",
    "SecretResolver",
    "environment_file",
    "environment_name",
    "load_settings",
    "mask",
    "register",
    "ensure_local_stack",
    "resolve_auto",
    "user_override_file",
]
