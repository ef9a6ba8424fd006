"""The effective configuration as people read it: TOML, secrets masked, each section's sources.

References (``env:NAME``, ``vault:...``) are printed as written, since they say where a secret
lives without revealing it; literal secrets and passwords inside DSNs become ``********``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, SecretStr

from support.clients.masking import MASK
from support.config import tree
from support.config.errors import ConfigError, hide_url_password
from support.config.models import FrameworkSettings
from support.config.secrets import is_reference, mask


def _plain(value: Any) -> Any:
    """A TOML-able, masked copy of a dumped value; None (unset) is dropped by the caller."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, SecretStr):
        raw = value.get_secret_value()
        return raw if is_reference(raw) else MASK
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, str):
        return mask(hide_url_password(value))
    return value


def masked(settings: FrameworkSettings) -> dict[str, Any]:
    """The whole tree as plain data with every secret masked."""
    data: dict[str, Any] = _plain(settings.model_dump())
    return data


def _section_sources(settings: FrameworkSettings, section: str) -> str:
    """'support/config/environments/local.toml: manage_local_stack; JUMP_RUN__PARALLEL: parallel; rest: defaults'."""
    by_source: dict[str, set[str]] = defaultdict(set)
    for key, source in settings.sources.items():
        if key.startswith(f"{section}."):
            by_source[source].add(".".join(key.split(".")[1:3]))
    parts = [f"{source}: {', '.join(sorted(keys))}" for source, keys in by_source.items()]
    return "; ".join([*parts, "rest: defaults"]) if parts else "defaults"


def to_toml(settings: FrameworkSettings) -> str:
    """The effective configuration as TOML, a comment above each section naming its sources."""
    data = masked(settings)
    head = {key: value for key, value in data.items() if not isinstance(value, dict)}
    chunks = [f"# {key}: {settings.source_of(key)}\n{tomli_w.dumps({key: value})}" for key, value in head.items()]
    for section, body in data.items():
        if isinstance(body, dict):
            text = tomli_w.dumps({section: body}) if body else f"[{section}]\n"
            chunks.append(f"# [{section}] from {_section_sources(settings, section)}\n{text}")
    return "\n".join(chunks)


def value_text(settings: FrameworkSettings, key: str) -> str:
    """One value for ``--get``: scalars bare (scripts read them), tables as TOML; secrets masked."""
    try:
        value = tree.lookup(settings, key)
    except KeyError:
        raise ConfigError(f"{key} is not a known key (see ./jump test:config)") from None
    plain = _plain({"v": value.model_dump() if isinstance(value, BaseModel) else value}).get("v")
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return str(plain).lower()
    if isinstance(plain, dict):
        return tomli_w.dumps(tree.nest({key: plain})).rstrip("\n")
    return str(plain)
