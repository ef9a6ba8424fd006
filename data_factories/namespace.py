"""Run namespaces: the tag that makes every row a run creates recognisable and attributable."""

from __future__ import annotations

import re
import secrets

PREFIX = "jt"
PATTERN = re.compile(r"^jt-[0-9a-f]{8}(-w\d{1,3})?$")


def new_namespace(worker: int | None = None) -> str:
    """``jt-<8 hex>``, plus ``-w<N>`` for parallel worker N, so that workers never share data."""
    base = f"{PREFIX}-{secrets.token_hex(4)}"
    return worker_namespace(base, worker) if worker is not None else base


def worker_namespace(run_namespace: str, worker: int) -> str:
    """The namespace of worker ``worker`` of the run that owns ``run_namespace``."""
    if worker < 0:
        raise ValueError("worker numbers start at 0")
    return f"{run_namespace.split('-w', 1)[0]}-w{worker}"


def is_namespace(text: str) -> bool:
    return bool(PATTERN.match(text))
