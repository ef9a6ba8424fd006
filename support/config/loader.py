"""``load_settings``: the layers merged, validated once, every value's source remembered.

Precedence, lowest first (docs/configuration.md):

    1. defaults                      the models in support/config/models.py
    2. environment file              support/config/environments/<env>.toml
    3. user override file            .jump/config.<env>.toml (git-ignored; ./jump test:config --set)
    4. JUMP_* variables              JUMP_RUN__PARALLEL=4, JUMP_PLATFORM__REST_URL=...
    5. CLI overrides                 {"run.parallel": "4"}

``environment`` comes from the argument, else JUMP_ENV, else "local"; ``ci`` only from GitLab's
CI_* variables. Neither can be set by a layer, so each has exactly one source.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from support.config import tree
from support.config.errors import ConfigError, from_validation
from support.config.models import ENVIRONMENTS, FrameworkSettings
from support.config.secrets import register_literals
from support.config.sources import REPO, Layer, ci_layer, dotted_layer, env_layer, file_layer

ENVIRONMENTS_DIR = Path(__file__).resolve().parent / "environments"
DEFAULT_ENVIRONMENT = "local"
RESERVED = {"environment": "chosen with --env or JUMP_ENV", "ci": "read from GitLab's CI_* variables"}


NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def known_environments() -> list[str]:
    """Jump's environments first, then every other file in support/config/environments/."""
    others = sorted(p.stem for p in ENVIRONMENTS_DIR.glob("*.toml") if p.stem not in ENVIRONMENTS and NAME.match(p.stem))
    return [*ENVIRONMENTS, *others]


def _is_path(env: str) -> bool:
    return env.endswith(".toml") or "/" in env or os.sep in env


def environment_name(env: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The environment a run targets: ``env``, else JUMP_ENV, else local; unknown names refused.

    A name is a file in support/config/environments/; a path to a ``.toml`` file anywhere works too
    and names the environment after the file (``examples/x/library.toml`` is ``library``)."""
    environ = os.environ if environ is None else environ
    given = env or environ.get("JUMP_ENV") or DEFAULT_ENVIRONMENT
    if _is_path(given):
        path = Path(given).expanduser()
        if not path.is_file():
            raise ConfigError(f"environment file {given} does not exist (give a name from support/config/environments/ or a path to a .toml file)")
        if not NAME.match(path.stem):
            raise ConfigError(f"environment file {given}: its name '{path.stem}' must be lower case letters, digits, - and _")
        _PATHS[path.stem] = path.resolve()
        return path.stem
    if given not in _PATHS and not (NAME.match(given) and environment_file(given).is_file()):
        raise ConfigError(f"unknown environment '{given}' (known: {', '.join(known_environments())}; "
                          "or a path to a .toml file)")
    return given


_PATHS: dict[str, Path] = {}  # environments chosen by path in this process, by name


def environment_file(env: str) -> Path:
    return _PATHS.get(env) or ENVIRONMENTS_DIR / f"{env}.toml"


def user_override_file(env: str, environ: Mapping[str, str] | None = None) -> Path:
    """A person's own overrides for one environment; JUMP_CONFIG_DIR moves the folder (tests do)."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("JUMP_CONFIG_DIR") or REPO / ".jump") / f"config.{env}.toml"


def standard_layers(
    env: str,
    environ: Mapping[str, str],
    overrides: Mapping[str, str] | None = None,
    *,
    pending: Mapping[str, str] | None = None,
) -> list[Layer]:
    """The layers of one environment, lowest first; ``pending`` (test:config --set) sits on top."""
    layers = [
        file_layer(environment_file(env), required=True),
        file_layer(user_override_file(env, environ), required=False),
        env_layer(environ),
        dotted_layer("CLI override", overrides),
    ]
    return layers + [dotted_layer("--set", pending)] if pending else layers


def environment_source(env: str | None, environ: Mapping[str, str]) -> str:
    """How the environment was chosen, for ``source_of("environment")``."""
    return "--env" if env else "JUMP_ENV" if environ.get("JUMP_ENV") else "default"


def build(
    env: str, layers: list[Layer], environ: Mapping[str, str], env_source: str = "--env"
) -> FrameworkSettings:
    """Merges ``layers`` with the environment and CI facts, validates, records each value's source."""
    for layer in layers:
        for key, why in RESERVED.items():
            if key in layer.data:
                raise ConfigError(f"{key} cannot be set in {layer.label(key)}: it is {why}")
    everything = [*layers, ci_layer(environ), Layer(env_source, {"environment": env})]
    merged: dict[str, Any] = {}
    for layer in everything:
        merged = tree.deep_merge(merged, layer.data)
    env_file = layers[0].name

    def locate(key: str, missing: bool) -> str:
        if missing:
            return env_file
        return next((layer.label(key) for layer in reversed(everything) if layer.provides(key)), env_file)

    try:
        settings = FrameworkSettings.model_validate(merged)
    except ValidationError as exc:
        raise from_validation(exc, merged, locate) from None
    sources: dict[str, str] = {}
    for layer in everything:
        for leaf, _ in tree.leaves(layer.data):
            sources = {key: src for key, src in sources.items() if not tree.relates(leaf, key)}
            sources[leaf] = layer.label(leaf)
    register_literals(settings)
    return settings.with_sources(sources)


def load_settings(
    env: str | None = None,
    overrides: dict[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> FrameworkSettings:
    """The validated settings of ``env`` (default: JUMP_ENV, else local); raises ConfigError.

    ``environ`` defaults to ``os.environ``; "auto" values stay "auto" until ``resolve_auto``.
    """
    environ = os.environ if environ is None else environ
    name = environment_name(env, environ)
    return build(name, standard_layers(name, environ, overrides), environ, environment_source(env, environ))
