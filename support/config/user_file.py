"""``test:config --set``: validated writes to the git-ignored ``.jump/config.<env>.toml``.

The file is a person's standing overrides (a faster timeout, a different tag expression) that
should outlive one shell but never reach the repository. A value is validated together with every
other layer before it is written, so the file can never hold a value that would break a run.
Secrets are written only as references (``env:NAME``, ``vault:...``): a literal is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, SecretStr

from support.config import tree
from support.config.errors import ConfigError
from support.config.loader import build, standard_layers, user_override_file
from support.config.secrets import is_reference
from support.config.sources import display_path

HEADER = (
    "# Personal overrides for the {env} environment, written by ./jump test:config --set.\n"
    "# Layered above support/config/environments/{env}.toml and below JUMP_* variables; git-ignored.\n"
)


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["run.parallel=4"]`` -> ``{"run.parallel": "4"}``."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY=VALUE, got {pair!r}")
        parsed[key.strip()] = value
    return parsed


def _typed(value: Any, key: str) -> Any:
    """The validated value as TOML should hold it: ints stay ints, secrets are written as given."""
    if isinstance(value, BaseModel):
        raise ConfigError(f"{key} is a table: set one of its keys, e.g. {key}.{next(iter(type(value).model_fields))}")
    if isinstance(value, SecretStr):
        raw = value.get_secret_value()
        if not is_reference(raw):  # the file outlives the shell: it stores where a secret is, never the secret
            raise ConfigError(f"{key}: test:config --set refuses to write a literal secret; store a reference such as "
                              f"env:NAME or vault:<mount>/<path>#<key> (e.g. --set {key}=env:MY_PASSWORD)")
        return raw
    if isinstance(value, Path):
        return str(value)
    return value


def set_values(env: str, assignments: Mapping[str, str], environ: Mapping[str, str]) -> Path:
    """Validates ``assignments`` on top of every layer of ``env``, then merges them into the file."""
    settings = build(env, standard_layers(env, environ, pending=assignments), environ)
    typed: dict[str, Any] = {}
    for key in assignments:
        value = _typed(tree.lookup(settings, key), key)
        if value is None and not assignments[key].strip():
            value = ""  # a setting whose blank means none (reporting.logo=): TOML has no null, and "" reads back as none
        if value is None:
            raise ConfigError(f"{key} cannot be set to nothing with --set: remove it from the file instead")
        typed[key] = value
    path = user_override_file(env, environ)
    try:
        current = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_path(path)} is not valid TOML: {exc}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    body = tomli_w.dumps(tree.deep_merge(current, tree.nest(typed)))
    path.write_text(HEADER.format(env=env) + body, encoding="utf-8")
    path.chmod(0o600)  # a person's own file: nobody else needs to read which references it holds
    return path
