"""Verdicts per mutant and the run's score: caught / applied, and the survivors to explain."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from support.mutation.mutants import Mutant

Verdict = Literal["caught", "survived", "error"]


class MutantResult(BaseModel):
    mutant: Mutant
    verdict: Verdict
    how: str              # "scenario failed", "timeout", "platform crashed", "no scenario touches it", ...
    detail: str = ""      # the first failure, the platform's last words, the driver's error
    features: list[str] = []
    seconds: float = 0.0


class Score(BaseModel):
    caught: int
    applied: int          # caught + survived; errors (the driver could not judge) are left out
    errors: int

    @property
    def percent(self) -> float:
        return 100.0 * self.caught / self.applied if self.applied else 0.0


def score(results: list[MutantResult]) -> Score:
    caught = sum(r.verdict == "caught" for r in results)
    survived = sum(r.verdict == "survived" for r in results)
    return Score(caught=caught, applied=caught + survived, errors=sum(r.verdict == "error" for r in results))


def describe(result: MutantResult) -> str:
    """``sandbox/services/pricing.py:40  a + b  ->  a - b`` (what a survivor list shows)."""
    m = result.mutant
    return f"{m.path}:{m.line}  [{m.operator.split('/')[-1]}]  {m.before}  ->  {m.after}"


def summary_lines(results: list[MutantResult], wall_seconds: float) -> list[str]:
    s = score(results)
    lines = [f"mutation score: {s.caught} caught / {s.applied} applied ({s.percent:.1f}%)"
             + (f", {s.errors} not judged (driver errors)" if s.errors else "") + f"; wall time {wall_seconds:.0f}s"]
    survivors = [r for r in results if r.verdict == "survived"]
    if survivors:
        lines.append(f"{len(survivors)} surviving mutants:")
        lines += [f"  {describe(r)}  ({r.how}; key {r.mutant.key})" for r in survivors]
    errors = [r for r in results if r.verdict == "error"]
    lines += [f"  not judged: {describe(r)}: {r.detail}" for r in errors]
    return lines
