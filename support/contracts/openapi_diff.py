"""REST drift: the pinned OpenAPI document against the live one, operation by operation.

Why hand-written: the OpenAPI diff tools on PyPI are either unmaintained (openapispecdiff, last
release 2022), young single-release projects (openapi-lens) or report formatters (vedro-spec-
compare), and the well-kept ones (oasdiff, pb33f openapi-changes) are Go binaries that an install
here cannot download. The rules a client of this platform needs are few, and written out below:

breaking   an operation, parameter, success response or property removed (a rename is a removal
           plus an addition, and is named as a likely rename); a type or format changed in a way
           the client cannot read (a response type widened, a request type narrowed); a request
           parameter, body or property that became required; a property no longer always sent
dangerous  a response enum that gained a value, an error response no longer declared
additive   new operations, optional parameters and properties, new responses
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from support.contracts.changes import ContractChange, Severity

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
Direction = Literal["request", "response"]
Schema = dict[str, Any]


class _Refs:
    """Resolves local ``#/...`` references of one document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        ref = None
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            ref = node["$ref"]
            target: Any = self.document
            for part in ref[2:].split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
            node = target
        return node, ref


def _template(path: str) -> str:
    """``/v1/events/{event_id}`` and ``/v1/events/{id}`` are the same operation."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def _operations(document: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any], list[Any]]]:
    """``GET /v1/events/{}`` -> (the path as written, the operation, the path-level parameters)."""
    found = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                found[f"{method.upper()} {_template(path)}"] = (path, item[method], item.get("parameters") or [])
    return found


class _Comparer:
    def __init__(self, pinned: dict[str, Any], live: dict[str, Any]) -> None:
        self.old, self.new = _Refs(pinned), _Refs(live)
        self.changes: list[ContractChange] = []
        self.owner: list[tuple[str, str, str] | None] = []            # per change: the named schema it belongs to
        self.used_at: dict[tuple[str, str, str], list[str]] = {}     # (pinned ref, live ref, direction) -> places

    def add(self, severity: Severity, kind: str, description: str) -> None:
        self.changes.append(ContractChange(api="REST", severity=severity, kind=kind, description=description))
        self.owner.append(None)

    # -- operations -------------------------------------------------------------------------------

    def run(self, pinned: dict[str, Any], live: dict[str, Any]) -> list[ContractChange]:
        old_ops, new_ops = _operations(pinned), _operations(live)
        for key in old_ops:
            if key not in new_ops:
                method, _ = key.split(" ", 1)
                self.add("breaking", "OPERATION_REMOVED", f"{method} {old_ops[key][0]} was removed")
        for key in new_ops:
            if key not in old_ops:
                method, _ = key.split(" ", 1)
                self.add("additive", "OPERATION_ADDED", f"{method} {new_ops[key][0]} was added")
        for key in old_ops:
            if key in new_ops:
                method, _ = key.split(" ", 1)
                where = f"{method} {old_ops[key][0]}"
                self.parameters(where, old_ops[key], new_ops[key])
                self.request_body(where, old_ops[key][1], new_ops[key][1])
                self.responses(where, old_ops[key][1], new_ops[key][1])
        return self.finish()

    def _params(self, refs: _Refs, op: tuple[str, dict[str, Any], list[Any]]) -> dict[tuple[str, str], dict[str, Any]]:
        params: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*op[2], *(op[1].get("parameters") or [])]:  # operation-level overrides path-level
            param, _ = refs.resolve(raw)
            if isinstance(param, dict) and "name" in param:
                params[(str(param.get("in")), str(param["name"]))] = param
        return params

    def parameters(self, where: str, old_op: Any, new_op: Any) -> None:
        old, new = self._params(self.old, old_op), self._params(self.new, new_op)
        positional = {k for k in old if k[0] == "path"}  # path parameters match by position, not name
        for key in old:
            if key not in new and key not in positional:
                self.add("breaking", "PARAMETER_REMOVED", f"{where}: {key[0]} parameter {key[1]} was removed")
        for key, param in new.items():
            if key in old or key[0] == "path":
                continue
            if param.get("required"):
                self.add("breaking", "REQUIRED_PARAMETER_ADDED", f"{where}: new required {key[0]} parameter {key[1]}")
            else:
                self.add("additive", "PARAMETER_ADDED", f"{where}: new optional {key[0]} parameter {key[1]}")
        for key, param in old.items():
            if key in new:
                if new[key].get("required") and not param.get("required"):
                    self.add("breaking", "PARAMETER_REQUIRED", f"{where}: {key[0]} parameter {key[1]} became required")
                self.schema(f"{where}: {key[0]} parameter {key[1]}", param.get("schema"), new[key].get("schema"), "request")

    def request_body(self, where: str, old_op: dict[str, Any], new_op: dict[str, Any]) -> None:
        old, _ = self.old.resolve(old_op.get("requestBody"))
        new, _ = self.new.resolve(new_op.get("requestBody"))
        if not isinstance(new, dict) or not new:
            return  # a body no longer read: what the client sends is ignored, not refused
        if not isinstance(old, dict) or not old:
            severity: Severity = "breaking" if new.get("required") else "additive"
            self.add(severity, "REQUEST_BODY_ADDED", f"{where}: now reads a {'required' if new.get('required') else 'optional'} request body")
            return
        if new.get("required") and not old.get("required"):
            self.add("breaking", "REQUEST_BODY_REQUIRED", f"{where}: the request body became required")
        for media, content in (old.get("content") or {}).items():
            new_content = (new.get("content") or {}).get(media)
            if new_content is None:
                self.add("breaking", "MEDIA_TYPE_REMOVED", f"{where}: request body {media} is no longer accepted")
                continue
            self.schema(f"{where} request body", content.get("schema"), new_content.get("schema"), "request")

    def responses(self, where: str, old_op: dict[str, Any], new_op: dict[str, Any]) -> None:
        old_responses, new_responses = old_op.get("responses") or {}, new_op.get("responses") or {}
        for status, raw in old_responses.items():
            success = str(status).startswith("2")
            if status not in new_responses:
                self.add("breaking" if success else "dangerous", "RESPONSE_REMOVED", f"{where} -> {status} is no longer declared")
                continue
            old, _ = self.old.resolve(raw)
            new, _ = self.new.resolve(new_responses[status])
            for media, content in ((old or {}).get("content") or {}).items():
                new_content = ((new or {}).get("content") or {}).get(media)
                if new_content is None:
                    self.add("breaking" if success else "dangerous", "MEDIA_TYPE_REMOVED", f"{where} -> {status} no longer answers {media}")
                    continue
                self.schema(f"{where} -> {status}", content.get("schema"), new_content.get("schema"), "response")
        for status in new_responses:
            if status not in old_responses:
                self.add("additive", "RESPONSE_ADDED", f"{where} -> {status} is newly declared")

    # -- schemas ----------------------------------------------------------------------------------

    def schema(self, where: str, old_raw: Any, new_raw: Any, direction: Direction, field: str = "") -> None:
        """Compares one schema position; ``field`` is the JSON path below ``where`` (``items[].price``).

        A named schema (``$ref``) is compared once per direction and its changes are named after it
        (``EventRead: property capacity ...``) with the first place that uses it, so a model shared by
        ten operations is one change, not ten."""
        old, old_ref = self.old.resolve(old_raw)
        new, new_ref = self.new.resolve(new_raw)
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        label = f"{where}: {field}" if field else where
        if old_ref and new_ref:
            key = (old_ref, new_ref, direction)
            if key in self.used_at:
                self.used_at[key].append(label)
                return
            self.used_at[key] = [label]
            start = len(self.changes)
            self._compare(old_ref.rsplit("/", 1)[-1], old, new, direction, "")
            for index in range(start, len(self.changes)):  # a nested named schema already claimed its own
                self.owner[index] = self.owner[index] or key
            return
        self._compare(where, old, new, direction, field)

    def _compare(self, where: str, old: Schema, new: Schema, direction: Direction, field: str) -> None:
        label = f"{where}: {field}" if field else where
        old_types, new_types = _types(self.old, old), _types(self.new, new)
        if old_types and new_types and old_types != new_types:
            widened = new_types - old_types if direction == "response" else old_types - new_types
            severity: Severity = "breaking" if widened else "additive"
            self.add(severity, "TYPE_CHANGED", f"{label} type changed from {_spell(old_types)} to {_spell(new_types)}")
        elif old.get("format") != new.get("format") and old.get("format") and old_types == new_types:
            self.add("breaking", "FORMAT_CHANGED", f"{label} format changed from {old.get('format')} to {new.get('format') or 'none'}")
        self.enum(label, _enum(self.old, old), _enum(self.new, new), direction)
        old_obj, new_obj = _object(self.old, old), _object(self.new, new)
        if old_obj is not None and new_obj is not None:
            self.properties(where, field, old_obj, new_obj, direction)
        old_items, new_items = _items(self.old, old), _items(self.new, new)
        if old_items is not None and new_items is not None:
            self.schema(where, old_items, new_items, direction, f"{field}[]")

    def _operation_of(self, place: str, depth: int = 0) -> str:
        """``EventPage: items[]`` -> ``GET /v1/events -> 200: items[]``: the operation that returns it."""
        name, _, rest = place.partition(": ")
        for (old_ref, _new, _dir), places in self.used_at.items():
            if old_ref.rsplit("/", 1)[-1] == name and depth < 10:
                return f"{self._operation_of(places[0], depth + 1)}{'.' if ': ' in places[0] else ': '}{rest}" if rest else self._operation_of(places[0], depth + 1)
        return place

    def finish(self) -> list[ContractChange]:
        """Appends to each change of a named schema where it is used (the operations or schemas)."""
        done = []
        for index, change in enumerate(self.changes):
            key = self.owner[index]
            if key is not None:
                places = self.used_at[key]
                more = f" and {len(places) - 1} more" if len(places) > 1 else ""
                change = change.model_copy(update={"description": f"{change.description} (in {self._operation_of(places[0])}{more})"})
            done.append(change)
        return done

    def enum(self, label: str, old: list[Any] | None, new: list[Any] | None, direction: Direction) -> None:
        if old is None or new is None:
            return
        added, removed = [v for v in new if v not in old], [v for v in old if v not in new]
        if added:
            severity: Severity = "dangerous" if direction == "response" else "additive"
            self.add(severity, "ENUM_VALUE_ADDED", f"{label} enum gained {', '.join(map(str, added))}")
        if removed:
            severity = "breaking" if direction == "request" else "dangerous"
            self.add(severity, "ENUM_VALUE_REMOVED", f"{label} enum lost {', '.join(map(str, removed))}")

    def properties(self, where: str, field: str, old: Schema, new: Schema, direction: Direction) -> None:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        removed = [p for p in old_props if p not in new_props]
        added = [p for p in new_props if p not in old_props]
        prefix = f"{field}." if field else ""
        for name in removed:
            rename = f" (renamed to {prefix}{added[0]}?)" if len(removed) == 1 and len(added) == 1 else ""
            self.add("breaking", "PROPERTY_REMOVED", f"{where}: property {prefix}{name} was removed{rename}")
        for name in added:
            if direction == "request" and name in new_required:
                self.add("breaking", "REQUIRED_PROPERTY_ADDED", f"{where}: new required property {prefix}{name}")
            else:
                self.add("additive", "PROPERTY_ADDED", f"{where}: new {'optional ' if direction == 'request' else ''}property {prefix}{name}")
        for name in old_props:
            if name not in new_props:
                continue
            if direction == "response" and name in old_required and name not in new_required:
                self.add("breaking", "PROPERTY_OPTIONAL", f"{where}: property {prefix}{name} is no longer always sent")
            if direction == "request" and name in new_required and name not in old_required:
                self.add("breaking", "PROPERTY_REQUIRED", f"{where}: property {prefix}{name} became required")
            self.schema(where, old_props[name], new_props[name], direction, f"{prefix}{name}")


def _branches(refs: _Refs, schema: Schema) -> Iterator[Schema]:
    """The schema itself, or each alternative of ``anyOf``/``oneOf`` (FastAPI's ``X | None``)."""
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if not alternatives:
        yield schema
        return
    for raw in alternatives:
        branch, _ = refs.resolve(raw)
        if isinstance(branch, dict):
            yield from _branches(refs, branch)


def _types(refs: _Refs, schema: Schema) -> frozenset[str]:
    found: set[str] = set()
    for branch in _branches(refs, schema):
        declared = branch.get("type")
        if isinstance(declared, str):
            found.add(declared)
        elif isinstance(declared, list):
            found.update(str(t) for t in declared)
        elif "properties" in branch:
            found.add("object")
    if schema.get("nullable"):  # OpenAPI 3.0 spelling
        found.add("null")
    return frozenset(found)


def _spell(types: frozenset[str]) -> str:
    return " or ".join(sorted(types, key=lambda t: (t == "null", t)))


def _non_null(refs: _Refs, schema: Schema, key: str) -> list[Schema]:
    return [b for b in _branches(refs, schema) if key in b]


def _object(refs: _Refs, schema: Schema) -> Schema | None:
    objects = _non_null(refs, schema, "properties")
    return objects[0] if len(objects) == 1 else None


def _items(refs: _Refs, schema: Schema) -> Any:
    arrays = _non_null(refs, schema, "items")
    return arrays[0]["items"] if len(arrays) == 1 else None


def _enum(refs: _Refs, schema: Schema) -> list[Any] | None:
    enums = _non_null(refs, schema, "enum")
    return list(enums[0]["enum"]) if len(enums) == 1 else None


def compare(pinned: dict[str, Any], live: dict[str, Any]) -> list[ContractChange]:
    """Changes from the pinned document to the live one, in document order (see the rules above)."""
    return _Comparer(pinned, live).run(pinned, live)
