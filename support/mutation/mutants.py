"""Mutants of the platform's source: the places the operators can change, and a seeded sample of them."""

from __future__ import annotations

import difflib
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.mutating import MutationVisitor
from pydantic import BaseModel

from support.mutation.operators import make_operator, operator_names


class Candidate(BaseModel, frozen=True):
    """A place one operator can change: the ``occurrence``-th of that operator in the file."""

    path: str            # relative to the checkout, e.g. sandbox/services/pricing.py
    operator: str
    occurrence: int

    @property
    def key(self) -> str:
        """Names the mutant across runs (same source, same key): ``--mutant KEY`` re-runs it."""
        return f"{self.path}:{self.operator.split('/')[-1]}:{self.occurrence}"


class Mutant(Candidate, frozen=True):
    """A candidate that changes the code and still compiles, with the line it changes."""

    line: int
    before: str
    after: str

    def apply(self, source: str) -> str:
        mutated = MutationVisitor.mutate_code(source, make_operator(self.operator), self.occurrence)
        if mutated is None:
            raise ValueError(f"{self.key} no longer applies: the source changed since it was picked")
        return mutated


def candidates_of_source(path: str, source: str, operators: Iterable[str] | None = None) -> list[Candidate]:
    tree = get_ast(source)
    found = []
    for name in operators or operator_names():
        operator = make_operator(name)
        count = sum(1 for node in ast_nodes(tree) for _ in operator.mutation_positions(node))
        found += [Candidate(path=path, operator=name, occurrence=n) for n in range(count)]
    return found


def candidates_of_files(root: Path, paths: Iterable[str]) -> list[Candidate]:
    out: list[Candidate] = []
    for path in paths:
        out += candidates_of_source(path, (root / path).read_text(encoding="utf-8"))
    return out


def _changed_line(original: str, mutated: str) -> tuple[int, str, str]:
    """(line number, old text, new text) of the first line the mutation changed."""
    old_lines, new_lines = original.splitlines(), mutated.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            before = old_lines[i1].strip() if i1 < i2 else ""
            after = new_lines[j1].strip() if j1 < j2 else ""
            return i1 + 1, before, after
    return 0, "", ""


def realize(candidate: Candidate, source: str) -> Mutant | None:
    """The mutant, or None when it changes nothing or does not compile (cosmic-ray's "incompetent"
    mutants, e.g. ``*`` of keyword-only parameters turned into ``+``): no test could judge those."""
    mutated = MutationVisitor.mutate_code(source, make_operator(candidate.operator), candidate.occurrence)
    if mutated is None or mutated == source:
        return None
    try:
        compile(mutated, candidate.path, "exec")
    except SyntaxError:
        return None
    line, before, after = _changed_line(source, mutated)
    return Mutant(**candidate.model_dump(), line=line, before=before, after=after)


def sample(candidates: list[Candidate], size: int, seed: int, make: Callable[[Candidate], Mutant | None]) -> list[Mutant]:
    """``size`` mutants, the same ones for the same seed and source, spread over the modules.

    Modules take turns, each in its own seeded order, so a module with many candidates does not
    crowd out a small one that holds a rule. Candidates ``make`` turns down are skipped.
    """
    by_module: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in sorted(candidates, key=lambda c: c.key):
        by_module[candidate.path].append(candidate)
    rng = random.Random(seed)
    queues = []
    for path in sorted(by_module):
        queue = by_module[path][:]
        rng.shuffle(queue)
        queues.append(queue)
    picked: list[Mutant] = []
    while len(picked) < size and any(queues):
        for queue in queues:
            while queue and len(picked) < size:
                mutant = make(queue.pop())
                if mutant is not None:
                    picked.append(mutant)
                    break
    return sorted(picked, key=lambda m: (m.path, m.line, m.key))
