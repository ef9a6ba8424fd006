"""Settings resolved once by the parent and handed to its workers, never through argv.

``./jump test:run`` validates the configuration, resolves "auto" and the secrets a run needs
(account passwords, the database password: env: and vault: references) once, then gives each
worker the result in the ``JUMP_SETTINGS`` variable of its inherited environment. A process's
environment is readable only by its owner (``/proc/<pid>/environ`` is 0400), unlike its command
line, which ``ps`` shows to everyone; nothing is left on disk when a run is killed. A worker
removes the variable after reading it, so processes it starts (a second platform) never see it.
Workers therefore never talk to Vault, and every worker runs with exactly the parent's values.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from support.config import tree
from support.config.errors import ConfigError
from support.config.models import FrameworkSettings
from support.config.secrets import SecretResolver, is_reference, register_literals

SNAPSHOT_ENV = "JUMP_SETTINGS"
RESOLVED_SOURCE = "resolved by the parent run"


def run_secret_keys(settings: FrameworkSettings) -> list[str]:
    """The secrets resolved before a run: the database password (when set) and, with
    ``auth.check_at_start``, every role's secrets; otherwise a role's are resolved by the worker
    that first uses the role (support/clients/auth_providers.py), and an unused role's never are."""
    keys = settings.auth.secret_keys() if settings.auth.check_at_start else []
    return keys + (["databases.password"] if settings.databases.password is not None else [])


def _replace(model: BaseModel, values: dict[str, Any]) -> Any:
    """A copy of ``model`` with dotted ``values`` set (the models are frozen)."""
    update: dict[str, Any] = {}
    for section, nested in tree.nest(values).items():
        current = getattr(model, section)
        if isinstance(current, BaseModel):
            update[section] = _replace(current, dict(tree.leaves(nested)))
        elif isinstance(current, dict):
            update[section] = {k: (_replace(v, dict(tree.leaves(nested[k]))) if isinstance(v, BaseModel) else nested[k])
                               if k in nested else v for k, v in current.items()}
        else:
            update[section] = nested
    return model.model_copy(update=update)


def resolve_secrets(settings: FrameworkSettings) -> FrameworkSettings:
    """``settings`` with the run's secret references replaced by their values (ConfigError, VaultUnreachable)."""
    resolver = SecretResolver(settings)
    values = {}
    for key in run_secret_keys(settings):
        raw = tree.lookup(settings, key)
        if isinstance(raw, SecretStr) and is_reference(raw.get_secret_value()):
            values[key] = resolver.resolve(key)
    if not values:
        return settings
    resolved: FrameworkSettings = _replace(settings, values)
    return resolved.with_sources(settings.sources)


def _reveal(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _reveal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_reveal(v) for v in value]
    return value


def dumps(settings: FrameworkSettings) -> str:
    """The settings (secrets revealed) and their sources as one JSON document."""
    data = _reveal(settings.model_dump(mode="python"))
    return json.dumps({"settings": data, "sources": settings.sources}, default=str)


def loads(text: str) -> FrameworkSettings:
    """Settings from :func:`dumps`; their literal secrets are registered for masking."""
    try:
        document = json.loads(text)
        settings = FrameworkSettings.model_validate(document["settings"])
    except (ValueError, KeyError, ValidationError) as exc:
        raise ConfigError(f"{SNAPSHOT_ENV} holds no valid settings snapshot ({type(exc).__name__}): start workers with ./jump test:run") from None
    register_literals(settings)
    return settings.with_sources(dict(document.get("sources") or {}))


def export(settings: FrameworkSettings, environ: MutableMapping[str, str]) -> None:
    """Puts the snapshot into a child's environment (never onto its command line)."""
    environ[SNAPSHOT_ENV] = dumps(settings)


def take(environ: MutableMapping[str, str] | None = None) -> FrameworkSettings | None:
    """The parent's snapshot, removed from the environment once read; None for a plain behave run."""
    environ = os.environ if environ is None else environ
    text = environ.pop(SNAPSHOT_ENV, None)
    return loads(text) if text else None
