"""``resolve_auto``: replaces "auto" settings with the running local stack's URLs, DSNs and CA.

The local stack picks free ports each time it starts, so its addresses cannot live in a file;
they are read from .jump/stack.json. Hooks and the CLI call this once per run, before any client
or pool is built. Other environments refuse "auto" at load time, so this only acts on local runs.
Resolving never starts a process: ``ensure_local_stack`` is the separate, explicit step that does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, SecretStr

from support.config import tree
from support.config.models import FrameworkSettings
from support.config.values import AUTO
from support.errors import StackError
from support.processes import pid_alive
from support.stack.lifecycle import LocalStack
from support.stack.state import SHORT_LOCK_TTL_S, StackState

STACK_SOURCE = "local stack (.jump/stack.json)"
LIBRARY_SOURCE = "example library target (.jump/library/state.json)"


# What the local stack's platform is like: meaningless once the platform URLs point elsewhere
PLATFORM_HINTS = ("platform.ca_file", "platform.lock_ttl_seconds_hint", "platform.short_lock_ttl_graphql_url",
                  "platform.short_lock_ttl_seconds_hint")
HINT_SOURCE = "none: the platform URLs are not the local stack's"


def _is_auto(value: Any) -> bool:
    return value == AUTO or (isinstance(value, SecretStr) and value.get_secret_value() == AUTO)


def auto_keys(settings: FrameworkSettings) -> list[str]:
    """The dotted keys whose value is "auto" (a secret too: the example target's tokens)."""
    return [key for key, value in tree.leaves(settings.model_dump()) if _is_auto(value)]


def orphan_hints(settings: FrameworkSettings) -> list[str]:
    """"auto" hints about the local stack's platform when no platform URL is the local stack's:
    they then mean nothing (no TTL hint, no short-TTL twin) rather than a reason to start a stack."""
    platform_auto = [key for key in ("platform.graphql_url", "platform.rest_url") if tree.lookup(settings, key) == AUTO]
    return [] if platform_auto else [key for key in PLATFORM_HINTS if tree.lookup(settings, key) == AUTO]


def stack_keys(settings: FrameworkSettings) -> list[str]:
    """The "auto" keys that only the running local stack can answer."""
    orphans = set(orphan_hints(settings))
    return [key for key in auto_keys(settings) if key not in orphans]


def _stack_values(state: StackState) -> dict[str, Any]:
    short_alive = state.short_ttl_pid is not None and pid_alive(state.short_ttl_pid)
    return {
        "platform.graphql_url": state.graphql_url,
        "platform.rest_url": state.rest_url,
        "platform.ca_file": state.ca_file,
        "platform.lock_ttl_seconds_hint": state.options.lock_ttl_seconds,
        # None (the scenarios then use the main platform) for a stack started before it had one
        "platform.short_lock_ttl_graphql_url": state.short_ttl_graphql_url if short_alive else None,
        "platform.short_lock_ttl_seconds_hint": min(SHORT_LOCK_TTL_S, state.options.lock_ttl_seconds) if short_alive else None,
        **{f"databases.{name}": dsn for name, dsn in state.databases.items()},
    }


def _library_values(keys: list[str], stack: LocalStack, jump: StackState) -> dict[str, Any]:
    """"auto" keys of an environment whose ``run.local_target`` is the example library target: its
    GraphQL URL, its database, its token endpoint and the secrets the stack made for it."""
    from support.stack.library import LibraryTarget  # on use: it brings PyJWT and cryptography

    target = LibraryTarget(stack.home)
    state = target.running()
    if state is None:
        raise StackError("the example library target (PostGraphile, OAuth2 provider) is not running: "
                         "start it with ./jump test:run --env postgraphile, or run.manage_local_stack=true")
    values: dict[str, Any] = {}
    for key in keys:
        if key == "platform.graphql_url":
            values[key] = state.graphql_url
        elif key == "databases.results":
            values[key] = jump.dsn("jump_results")
        elif key.startswith("databases.") and key.endswith(".dsn"):
            values[key] = state.dsn
        elif key.startswith("auth.credentials.") and key.endswith(".token_url"):
            values[key] = state.token_url
        elif key.startswith("auth.credentials.") and key.endswith(".token"):
            values[key] = SecretStr(target.reader_token_file.read_text(encoding="utf-8").strip())
        elif key.startswith("auth.credentials.") and key.endswith(".client_secret"):
            values[key] = SecretStr(target.writer_secret_file.read_text(encoding="utf-8").strip())
    return values


def _replace(model: BaseModel, values: dict[str, Any]) -> Any:
    """A copy of ``model`` with dotted ``values`` set, section by section (the models are frozen)."""
    update: dict[str, Any] = {}
    for section, nested in tree.nest(values).items():
        current = getattr(model, section)
        if isinstance(current, BaseModel):
            update[section] = _replace(current, dict(tree.leaves(nested)))
        elif isinstance(current, dict):  # a table of tables (auth.credentials, named databases)
            update[section] = {k: (_replace(v, dict(tree.leaves(nested[k]))) if isinstance(v, BaseModel) and k in nested
                                   else nested.get(k, v)) for k, v in current.items()}
        else:
            update[section] = nested
    return model.model_copy(update=update)


def resolve_auto(settings: FrameworkSettings, stack: LocalStack | None = None) -> FrameworkSettings:
    """``settings`` with every "auto" taken from the running local stack; never starts anything.

    Starting the stack is an explicit step (``ensure_local_stack``: ``./jump test:run`` and a plain
    ``behave`` run take it when ``run.manage_local_stack`` is true). A stack that is down is a
    StackError here (exit 3) naming the command that starts it.
    """
    orphans = orphan_hints(settings)
    if orphans:
        settings = _replace(settings, dict.fromkeys(orphans)).with_sources(
            {**settings.sources, **dict.fromkeys(orphans, HINT_SOURCE)})
    keys = stack_keys(settings)
    if not keys:
        return settings
    stack = stack or LocalStack()
    status = stack.status()
    if not status.up or status.state is None:
        raise StackError(f"{keys[0]} is 'auto' ({settings.source_of(keys[0])}) but the local stack is not running: "
                         "start it with ./jump stack:up")
    if settings.run.local_target == "library":
        available = _library_values(keys, stack, status.state)
    else:
        available = _stack_values(status.state)
    missing = [key for key in keys if key not in available]
    if missing:
        raise StackError(f"{missing[0]} is 'auto' ({settings.source_of(missing[0])}) but the local stack has no such value: "
                         "give its address instead of 'auto'")
    values = {key: value for key, value in available.items() if key in keys}
    resolved: FrameworkSettings = _replace(settings, values)
    source = LIBRARY_SOURCE if settings.run.local_target == "library" else STACK_SOURCE
    return resolved.with_sources({**settings.sources, **dict.fromkeys(values, source)})


def ensure_local_stack(settings: FrameworkSettings, stack: LocalStack | None = None,
                       say: Callable[[str], None] | None = None) -> bool:
    """The explicit "start the local stack" step of a run: starts it when the settings take values
    from it ("auto"), it is down (or runs other sandbox code than the checkout's) and
    ``run.manage_local_stack`` allows it; True when it started it.

    Never silently: ``say`` (default: stderr) gets one line naming the keys that made it start, so
    a run whose URLs and databases were overridden knows why a stack came up anyway (a platform
    hint alone never starts one: :func:`orphan_hints`)."""
    keys = stack_keys(settings)
    if not keys or not settings.run.manage_local_stack:
        return False
    stack = stack or LocalStack()
    say = say or _stderr
    status, started = stack.status(), False
    if not status.up or stack.platform_is_stale(status.state):
        named = ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
        say(f"starting the local stack (PostgreSQL and the Jump sandbox): {named} "
            f"{'is' if len(keys) == 1 else 'are'} 'auto'; give addresses instead, or run.manage_local_stack=false")
        status, started = stack.up()
    if settings.run.local_target == "library" and status.state is not None:
        from support.stack.library import LibraryTarget  # on use: it brings PyJWT and cryptography

        target = LibraryTarget(stack.home)
        if target.running() is None:
            say("starting the example library target beside it: PostGraphile and an OAuth2 provider (run.local_target = library)")
            target.up(status.state.pg_port)
            started = True
    return started


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
