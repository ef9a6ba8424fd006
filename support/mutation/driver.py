"""One mutation run: pick mutants, and judge each one against the scenarios that touch its module.

For every mutant: write it into the copy, restart the copy's platform, run the chosen features
with ``./jump test:run --fail-fast``, put the original back. A failed scenario, a platform that
does not start or a run past the timeout all mean the suite noticed: caught.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from support.errors import MutationRunError
from support.mutation.mutants import Candidate, Mutant, candidates_of_files, realize, sample
from support.mutation.score import MutantResult
from support.mutation.selection import FeatureUse, features_for, flow_name, load_skip_patterns
from support.mutation.workspace import Workspace


def pick_mutants(checkout: Path, modules: list[str], *, size: int, seed: int, keys: list[str] | None = None) -> list[Mutant]:
    """The seeded sample of ``size`` mutants over ``modules``, or exactly the mutants named by ``keys``."""
    present = [m for m in modules if (checkout / m).is_file()]
    candidates = candidates_of_files(checkout, present)
    sources = {m: (checkout / m).read_text(encoding="utf-8") for m in present}

    skip = load_skip_patterns()

    def make(candidate: Candidate) -> Mutant | None:
        mutant = realize(candidate, sources[candidate.path])
        return None if mutant is None or any(p.search(mutant.before) for p in skip) else mutant

    if keys is not None:
        by_key = {c.key: c for c in candidates}
        unknown = [k for k in keys if k not in by_key]
        if unknown:
            raise MutationRunError(f"no such mutant: {unknown[0]} (keys look like sandbox/services/pricing.py:NumberReplacer:3)")
        picked = [make(by_key[k]) for k in keys]
        return [m for m in picked if m is not None]
    return sample(candidates, size, seed, make)


def capped(features: list[FeatureUse], max_scenarios: int) -> list[FeatureUse]:
    """The features, most focused first, that fit in ``max_scenarios`` scenarios (at least the first
    one, however big); a bigger feature further down is passed over for smaller ones. 0: all."""
    if max_scenarios <= 0:
        return features
    out, total = [], 0
    for feature in features:
        if not out or total + feature.scenarios <= max_scenarios:
            out.append(feature)
            total += feature.scenarios
    return out


SCENARIOS_PER_WORKER = 10  # a worker costs a behave start-up (seconds of imports): not worth it for a handful


def workers_for(scenarios: int, parallel: int) -> int:
    return max(1, min(parallel, scenarios // SCENARIOS_PER_WORKER))


def judge(workspace: Workspace, mutant: Mutant, features: list[FeatureUse], *, parallel: int, timeout: float) -> MutantResult:
    """Applies the mutant in the copy, restarts its platform, runs the features; always restores."""
    flows = [flow_name(f.path) for f in features]
    started = time.monotonic()

    def result(verdict: str, how: str, detail: str = "") -> MutantResult:
        return MutantResult(mutant=mutant, verdict=verdict, how=how, detail=detail, features=flows,  # type: ignore[arg-type]
                            seconds=round(time.monotonic() - started, 1))

    if not features:
        return result("survived", "no scenario touches it")
    workspace.apply(mutant)
    try:
        failure = workspace.restart()
        if failure is not None:
            return result("caught", "platform did not start", failure)
        workers = workers_for(sum(f.scenarios for f in features), parallel)
        args = ["test:run", "--fail-fast", "--quiet", "--no-report", "--no-history", "--rerun-failed", "0", "--parallel", str(workers)]
        run = workspace.jump(*args, *[a for flow in flows for a in ("--flow", flow)], timeout=timeout)
    finally:
        workspace.restore(mutant)
    if run.code is None:
        return result("caught", "timeout", f"no verdict after {timeout:.0f}s")
    if run.code == 0:
        return result("survived", f"{sum(f.scenarios for f in features)} scenarios passed")
    if run.code == 1:
        return result("caught", "scenario failed", run.last_line())
    if run.code == 3:
        return result("caught", "platform crashed", run.last_line())
    return result("error", f"test:run exit {run.code}", run.last_line())


def baseline_coverage(workspace: Workspace, *, parallel: int) -> dict:
    """The coverage map of a full run of the unmutated copy, which must pass."""
    run = workspace.jump("test:run", "--quiet", "--no-report", "--no-history", "--rerun-failed", "1", "--parallel", str(parallel),
                         timeout=1800)
    if run.code != 0:
        raise MutationRunError(f"the unmutated suite does not pass in the copy (exit {run.code}): {run.last_line()}")
    report = workspace.jump("test:report", "--format", "json", timeout=300)
    path = workspace.root / "reports" / "latest" / "coverage" / "coverage.json"  # the baseline run's folder
    if report.code != 0 or not path.is_file():
        raise MutationRunError(f"no coverage map after the baseline run: {report.last_line()}")
    return json.loads(path.read_text(encoding="utf-8"))


def run_mutants(workspace: Workspace, mutants: list[Mutant], select: Callable[[Mutant], list[FeatureUse]], *, parallel: int,
                timeout: float, report: Callable[[int, MutantResult], None]) -> list[MutantResult]:
    results = []
    for number, mutant in enumerate(mutants, start=1):
        outcome = judge(workspace, mutant, select(mutant), parallel=parallel, timeout=timeout)
        report(number, outcome)
        results.append(outcome)
    return results


def selector(operation_map: dict[str, list[str]], uses: list[FeatureUse], max_scenarios: int) -> Callable[[Mutant], list[FeatureUse]]:
    def select(mutant: Mutant) -> list[FeatureUse]:
        return capped(features_for(mutant.path, operation_map, uses), max_scenarios)
    return select
