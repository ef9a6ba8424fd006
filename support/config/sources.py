"""The configuration layers, lowest first, each read into a nested dict with a name for messages.

    defaults (the models) < environment file < user override file < JUMP_* variables
        < CLI overrides < GitLab CI variables (the ``ci`` section only)

Environment variables go through pydantic-settings' EnvSettingsSource (``__`` nesting, JSON for
whole tables), reading a given mapping instead of ``os.environ`` so tests and tools can pass one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_settings import EnvSettingsSource, SettingsError
from pydantic_settings.sources.utils import parse_env_vars

from support.config import tree
from support.config.errors import ConfigError
from support.config.models import FrameworkSettings

REPO = Path(__file__).resolve().parents[2]
ENV_PREFIX = "JUMP_"
NESTING = "__"
CI_VARIABLES = ("pipeline_id", "pipeline_url", "job_id", "job_url", "commit_sha", "commit_ref_name",
                "node_index", "node_total", "project_url", "pipeline_created_at")


@dataclass(frozen=True)
class Layer:
    """One source of values; ``name`` is how messages cite it, ``label`` can be more precise per key."""

    name: str
    data: dict[str, Any]
    labeller: Callable[[str], str] | None = field(default=None, compare=False)

    def label(self, key: str) -> str:
        return self.labeller(key) if self.labeller else self.name

    def provides(self, key: str) -> bool:
        return any(tree.relates(key, leaf) for leaf, _ in tree.leaves(self.data))


def display_path(path: Path) -> str:
    """Repository-relative when inside the repository: short and stable in messages."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def file_layer(path: Path, *, required: bool) -> Layer:
    """One TOML file; an absent optional file is an empty layer."""
    name = display_path(path)
    if not path.is_file():
        if required:
            raise ConfigError(f"{name} does not exist")
        return Layer(name, {})
    try:
        return Layer(name, tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name} is not valid TOML: {exc}") from None


def dotted_layer(name: str, values: Mapping[str, str] | None) -> Layer:
    """``{"run.parallel": "4"}``: the shape of command-line overrides."""
    try:
        data = tree.nest(values or {})
    except ValueError as exc:
        raise ConfigError(f"{exc} in {name}") from None
    return Layer(name, data, lambda key: f"{name} {key}")


class _JumpEnvSource(EnvSettingsSource):
    """EnvSettingsSource over an explicit mapping: ``JUMP_RUN__PARALLEL=4`` -> ``run.parallel``."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        # A plain model suffices: the source reads only its fields, and the options are passed here.
        super().__init__(
            FrameworkSettings,  # type: ignore[arg-type]
            case_sensitive=False, env_prefix=ENV_PREFIX, env_nested_delimiter=NESTING,
        )

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(self._environ, False, False, None)


def env_layer(environ: Mapping[str, str]) -> Layer:
    """The ``JUMP_*`` variables that name a setting; others (JUMP_ENV, JUMP_STACK_HOME) are not settings."""
    variables = {
        name[len(ENV_PREFIX):].lower().replace(NESTING, "."): name
        for name in environ if name.upper().startswith(ENV_PREFIX)
    }

    def labeller(key: str) -> str:
        related = sorted((dotted for dotted in variables if tree.relates(key, dotted)), key=lambda d: (d != key, d))
        return variables[related[0]] if related else "JUMP_* variables"

    try:
        data = _JumpEnvSource(environ)()
    except SettingsError as exc:
        field_name = str(exc).split('"')[1] if '"' in str(exc) else "?"
        raise ConfigError(f"{ENV_PREFIX}{field_name.upper()} is not valid JSON for the {field_name} table") from None
    return Layer("JUMP_* variables", data, labeller)


def ci_layer(environ: Mapping[str, str]) -> Layer:
    """GitLab's predefined variables (CI_PIPELINE_ID, CI_NODE_INDEX, ...) present in ``environ``."""
    found = {key: environ[f"CI_{key.upper()}"] for key in CI_VARIABLES if environ.get(f"CI_{key.upper()}")}
    return Layer("GitLab CI variables", {"ci": found} if found else {}, lambda key: f"CI_{key.split('.')[-1].upper()}")
