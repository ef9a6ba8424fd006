"""Real ids into every generated request, and every generated write kept on the run's own rows.

Schemathesis invents ids (and nearly every ``/{id}`` operation answers 404), and its stateful
phase and some of its checks take ids from earlier answers: a list operation answers with every
venue, fan or event of the environment, so the next generated ``PATCH /v1/fans/{id}`` or
``DELETE /v1/events/{id}`` may name one that belongs to someone else (the demo fan's password was
changed that way in a first trial). Before every call (a Schemathesis ``before_call`` hook) an id
in the path, or an id field in a write's body, that the run did not make is replaced by the run's
own object for that operation (support/synthesis/known_ids.py), or, where the run has none and the
call writes, by an id nothing has. Ids the run made itself (its factories' rows and what its
generated POSTs created, which stateful sequences pass on) and values that are not ids at all
(the negative cases) are sent as generated. The hook is global in Schemathesis (it has no
per-schema ``before_call``), so it acts only while a synthesis run is active.
"""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis

from support.synthesis.known_ids import UUID, KnownIds

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class OwnRows:
    """The ids this run made (the factories' objects and what its generated requests created)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.known = KnownIds()
        self.replaced = 0

    def adopt(self, known: KnownIds) -> None:
        """Makes ``known`` the objects generated requests are pointed at (one role's run)."""
        self.known = known
        for params in known.path.values():
            self.ids.update(params.values())
        for fields in known.body.values():
            for value in fields.values():
                self.ids.update([value] if isinstance(value, str) else value)

    def foreign(self, value: Any) -> bool:
        return isinstance(value, str) and UUID.match(value) is not None and value not in self.ids


_active: list[OwnRows | None] = [None]


def activate(rows: OwnRows | None) -> None:
    _active[0] = rows


@schemathesis.hook("before_call")
def use_own_rows(context: Any, case: Any, kwargs: Any = None) -> None:
    """Points a generated id the run did not make at the run's own object (a write: never at another's)."""
    rows = _active[0]
    if rows is None:
        return
    writes = str(case.method).upper() not in READS
    label = case.operation.label
    own_path = rows.known.path.get(label, {})
    for name, value in list((case.path_parameters or {}).items()):
        if rows.foreign(value) and (name in own_path or writes):
            case.path_parameters[name] = own_path.get(name) or str(uuid.uuid4())
            rows.replaced += 1
    if writes and isinstance(case.body, dict):
        for name, real in rows.known.body.get(label, {}).items():
            value = case.body.get(name)
            if rows.foreign(value) or (isinstance(value, list) and any(rows.foreign(v) for v in value)):
                case.body[name] = real
                rows.replaced += 1
