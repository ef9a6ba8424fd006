"""The test-data ledger of an environment without a results database: an append-only JSON-lines file.

Every change is one line (an entry added, entries removed, a heartbeat), written with one
``write`` and fsync'd before the call returns, so, as with the database ledger, a row is on disk
before it is inserted and a killed run leaves a record the next run's sweep reads. The state is
the fold of the lines. Writers and readers of all worker processes take ``flock`` on one lock file
beside it (never replaced, so compaction may rewrite the data file under it); when nothing is left
the file is removed, and a file mostly made of dead lines is rewritten.

A namespace's claim is an exclusive ``flock`` on its own file under ``claims/``: the kernel drops it
when the process dies, the same "owner alive" signal as the database's advisory lock. A file ledger
lives in one checkout, so only the runs of that checkout (this host) see and sweep it.

Hand-written rather than a library (sqlite would do, but its locking on shared folders and its WAL
files are more to reason about than fifty lines of append and fold).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_factories.errors import NamespaceInUse
from data_factories.ledger import ApiRequest, EntryId, LedgerEntry, NamespaceState, RequestEntry, RowRef, Target, owner

COMPACT_AFTER_LINES = 2000  # rewrite the file when it has this many lines and fewer than a quarter are live


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _State:
    """The fold of the file: live entries by id (in order of writing) and each namespace's last heartbeat."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    beats: dict[str, dt.datetime] = field(default_factory=dict)
    lines: int = 0

    def apply(self, op: dict[str, Any]) -> None:
        self.lines += 1
        if op["op"] in ("row", "request"):
            self.entries[op["id"]] = op
        elif op["op"] == "remove":
            for id_ in op["ids"]:
                self.entries.pop(id_, None)
        elif op["op"] == "touch":
            self.beats[op["namespace"]] = dt.datetime.fromisoformat(op["at"])

    def heartbeat(self, entry: dict[str, Any]) -> dt.datetime:
        created = dt.datetime.fromisoformat(entry["at"])
        beat = self.beats.get(entry["namespace"])
        return max(created, beat) if beat else created


def _matches(entry: dict[str, Any], namespace: str | None, scope: str | None, target: Target | None) -> bool:
    if namespace is not None and entry["namespace"] != namespace:
        return False
    if scope is not None and entry["scope"] != scope:
        return False
    return target is None or (entry["environment"], entry["target"]) == (target.environment, target.identity)


class FileLedger:
    """The ledger in ``path`` (``.jump/test-data/<environment>.jsonl``); the same interface as PostgresLedger."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self._lock_path = path.parent / ".lock"
        self._claims = path.parent / "claims"

    # -- the file ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # closing drops the lock

    def _read(self) -> _State:
        state = _State()
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return state
        for line in text.splitlines():
            if line.strip():
                try:
                    state.apply(json.loads(line))
                except ValueError:  # a line cut short by a full disk or a crash mid-write: nothing was done for it
                    continue
        return state

    def _append(self, *ops: dict[str, Any]) -> None:
        data = "".join(json.dumps(op, separators=(",", ":")) + "\n" for op in ops).encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _compact(self, state: _State) -> None:
        """Removes the file when nothing is live; rewrites it when it is mostly history (under the lock)."""
        if not state.entries:
            self.path.unlink(missing_ok=True)
        elif state.lines >= COMPACT_AFTER_LINES and len(state.entries) * 4 < state.lines:
            fresh = self.path.with_suffix(".compact")
            beats = [{"op": "touch", "namespace": ns, "at": at.isoformat()} for ns, at in state.beats.items()]
            fresh.write_text("".join(json.dumps(op, separators=(",", ":")) + "\n" for op in [*state.entries.values(), *beats]))
            with open(fresh, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(fresh, self.path)

    def _entry(self, op: str, namespace: str, scope: str, target: Target, **fields: Any) -> dict[str, Any]:
        host, pid = owner()
        return {"op": op, "id": uuid.uuid4().hex, "namespace": namespace, "scope": scope, "host": host, "pid": pid,
                "environment": target.environment, "target": target.identity, "at": _now().isoformat(), **fields}

    # -- the LedgerStore interface ----------------------------------------------------------
    def ensure(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, namespace: str, scope: str, refs: Sequence[RowRef], *, target: Target) -> None:
        if not refs:
            return
        ops = [self._entry("row", namespace, scope, target, database=r.database, table=r.table, pk=dict(r.pk)) for r in refs]
        with self._locked(exclusive=True):
            self._append(*ops)

    def record_request(self, namespace: str, scope: str, request: ApiRequest, *, target: Target) -> EntryId:
        op = self._entry("request", namespace, scope, target, request=request.model_dump(mode="json"))
        with self._locked(exclusive=True):
            self._append(op)
        return str(op["id"])

    def _live(self, kind: str, namespace: str, scope: str | None, target: Target | None) -> tuple[_State, list[dict[str, Any]]]:
        with self._locked(exclusive=False):
            state = self._read()
        return state, [e for e in state.entries.values() if e["op"] == kind and _matches(e, namespace, scope, target)]

    def entries(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[LedgerEntry]:
        state, found = self._live("row", namespace, scope, target)
        return [LedgerEntry(e["id"], e["namespace"], e["scope"], RowRef.of(e["database"], e["table"], e["pk"]),
                            e["host"], e["pid"], state.heartbeat(e)) for e in found]

    def requests(self, namespace: str, scope: str | None = None, *, target: Target | None = None) -> list[RequestEntry]:
        _, found = self._live("request", namespace, scope, target)
        return [RequestEntry(e["id"], e["namespace"], e["scope"], ApiRequest.model_validate(e["request"])) for e in found]

    def remove(self, ids: Iterable[EntryId]) -> int:
        wanted = {str(i) for i in ids}
        if not wanted:
            return 0
        with self._locked(exclusive=True):
            state = self._read()
            gone = sorted(wanted & set(state.entries))
            if gone:
                self._append({"op": "remove", "ids": gone})
                state.apply({"op": "remove", "ids": gone})
                self._compact(state)
        return len(gone)

    def remove_refs(self, namespace: str, refs: Iterable[RowRef]) -> int:
        keys = {(r.database, r.table, tuple(sorted(r.pk))) for r in refs}
        with self._locked(exclusive=False):
            state = self._read()
        ids = [i for i, e in state.entries.items() if e["op"] == "row" and e["namespace"] == namespace
               and (e["database"], e["table"], tuple(sorted((k, str(v)) for k, v in e["pk"].items()))) in keys]
        return self.remove(ids)

    def touch(self, namespace: str) -> int:
        with self._locked(exclusive=True):
            self._append({"op": "touch", "namespace": namespace, "at": _now().isoformat()})
        return 1

    def now(self) -> dt.datetime:
        return _now()  # one host: its clock is the only clock there is

    def namespaces(self, target: Target) -> list[NamespaceState]:
        with self._locked(exclusive=False):
            state = self._read()
        grouped: dict[str, list[dict[str, Any]]] = {}
        for entry in state.entries.values():
            if _matches(entry, None, None, target):
                grouped.setdefault(entry["namespace"], []).append(entry)
        return [NamespaceState(ns, tuple(sorted({(e["host"], int(e["pid"])) for e in found})),
                               max(state.heartbeat(e) for e in found), len(found)) for ns, found in sorted(grouped.items())]

    def claim(self, namespace: str) -> FileClaim:
        return FileClaim(self._claims / f"{namespace}.lock", namespace)


class FileClaim:
    """An exclusive flock on the namespace's own file, held while the run lives."""

    def __init__(self, path: Path, namespace: str) -> None:
        self.path, self.namespace = path, namespace
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Takes the lock without waiting; False when another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # the holder before us may have removed the file after we opened it: a lock on a removed
            # file guards nothing (a third process would lock the new one), so that counts as taken
            if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                raise BlockingIOError
        except (BlockingIOError, FileNotFoundError):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def acquire_or_fail(self) -> FileClaim:
        if not self.acquire():
            raise NamespaceInUse(f"namespace {self.namespace} is owned by another live process")
        return self

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)  # still holding the lock: nobody can take the old file meanwhile
            os.close(self._fd)
        self._fd = None
