"""Keeps every generated write on the run's own rows.

Schemathesis' stateful phase and some of its checks take ids from earlier answers: a list
operation answers with every venue, fan or event of the environment, and the next generated
``PATCH /v1/fans/{id}`` or ``DELETE /v1/events/{id}`` may name one that belongs to someone else
(the demo fan's password was changed that way in a first trial). Before every call (a
Schemathesis ``before_call`` hook) a write whose path or body names an id the run did not make
is pointed at the run's own object for that operation instead. Reads are left alone: they change
nothing. The hook is global in Schemathesis (it has no per-schema ``before_call``), so it acts
only while a synthesis run is active.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from support.synthesis.known_ids import UUID, KnownIds

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class OwnRows:
    """The ids this run may write to: the factories' objects and what its generated requests created."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.known: KnownIds | None = None
        self.redirected = 0

    def adopt(self, known: KnownIds) -> None:
        self.known = known
        for params in known.path.values():
            self.ids.update(params.values())
        for fields in known.body.values():
            for value in fields.values():
                self.ids.update([value] if isinstance(value, str) else value)

    def add(self, row_id: str) -> None:
        self.ids.add(row_id)

    def foreign(self, value: Any) -> bool:
        return isinstance(value, str) and UUID.match(value) is not None and value not in self.ids


_active: list[OwnRows | None] = [None]


def activate(rows: OwnRows | None) -> None:
    _active[0] = rows


@schemathesis.hook("before_call")
def keep_writes_on_own_rows(context: Any, case: Any, kwargs: Any = None) -> None:
    """Points a generated write at the run's own object when it names someone else's."""
    rows = _active[0]
    if rows is None or rows.known is None or str(case.method).upper() in READS:
        return
    label = case.operation.label
    own_path = rows.known.path.get(label, {})
    for name, value in list((case.path_parameters or {}).items()):
        if name in own_path and rows.foreign(value):
            case.path_parameters[name] = own_path[name]
            rows.redirected += 1
    own_body = rows.known.body.get(label, {})
    if isinstance(case.body, dict):
        for name, real in own_body.items():
            value = case.body.get(name)
            if rows.foreign(value) or (isinstance(value, list) and any(rows.foreign(v) for v in value)):
                case.body[name] = real
                rows.redirected += 1
