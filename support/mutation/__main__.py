"""python -m support.mutation: the mutation run (``make mutation``). See docs/mutation.md."""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import typer

from support.errors import MutationRunError
from support.mutation.driver import baseline_coverage, pick_mutants, run_mutants, selector
from support.mutation.score import MutantResult, describe, score, summary_lines
from support.mutation.selection import feature_uses, load_operation_map
from support.mutation.workspace import Workspace
from support.run.exit_codes import ExitCode

REPO = Path(__file__).resolve().parents[2]
app = typer.Typer(add_completion=False)


def _coverage(path: Path | None, workspace: Workspace, parallel: int) -> dict:
    if path is not None:
        if not path.is_file():
            raise MutationRunError(f"{path}: no such coverage map (run ./jump test:run first, or leave --coverage out)")
        return json.loads(path.read_text(encoding="utf-8"))
    print("baseline: the whole suite on the unmutated copy, for the coverage map", flush=True)
    return baseline_coverage(workspace, parallel=parallel)


def _write(output: Path, seed: int, wall: float, results: list[MutantResult], *, finished: bool) -> None:
    """The verdicts so far (rewritten after every mutant, so an interrupted run keeps them)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"seed": seed, "finished": finished, "wall_seconds": round(wall, 1),
                                  "score": score(results).model_dump(), "results": [r.model_dump() for r in results]},
                                 indent=2), encoding="utf-8")


def _survivors(path: Path) -> tuple[list[str], list[MutantResult]]:
    """The keys of an earlier run's survivors, and its other verdicts (kept as they were)."""
    if not path.is_file():
        raise MutationRunError(f"{path}: no such results file (an earlier run's --output)")
    earlier = [MutantResult.model_validate(r) for r in json.loads(path.read_text(encoding="utf-8"))["results"]]
    return [r.mutant.key for r in earlier if r.verdict == "survived"], [r for r in earlier if r.verdict != "survived"]


@app.command()
def main(
    sample_size: int = typer.Option(60, "--sample", min=1, help="How many mutants to draw (spread over the modules)."),
    seed: int = typer.Option(7, "--seed", help="Seed of the draw: same seed and source, same mutants."),
    mutant: list[str] = typer.Option([], "--mutant", help="Run exactly this mutant (its key from an earlier run); repeatable."),
    parallel: int = typer.Option(2, "--parallel", min=1, max=16, help="Scenario workers per mutant."),
    max_scenarios: int = typer.Option(30, "--max-scenarios", min=0,
                                      help="Run a mutant against at most this many scenarios (whole features, most focused first; 0: all)."),
    timeout: float = typer.Option(300.0, "--timeout", min=10, help="Seconds a mutant's scenarios may take; past it the mutant counts as caught."),
    coverage: Path | None = typer.Option(None, "--coverage", help="A coverage.json of a green run to use instead of a baseline run."),
    output: Path = typer.Option(REPO / "reports" / "mutation" / "results.json", "--output", help="Where the verdicts are written."),
    list_only: bool = typer.Option(False, "--list", help="Print the drawn mutants and run nothing."),
    survivors_of: Path | None = typer.Option(None, "--survivors-of",
                                            help="Re-judge only the survivors of an earlier run's results file; its other verdicts stand."),
) -> None:
    """Break the platform's business rules one at a time and count how many the acceptance suite notices."""
    started = time.monotonic()
    operation_map = load_operation_map()
    kept: list[MutantResult] = []
    try:
        if survivors_of is not None:
            mutant, kept = _survivors(survivors_of)
        mutants = pick_mutants(REPO, list(operation_map), size=sample_size, seed=seed, keys=mutant if (mutant or survivors_of) else None)
    except MutationRunError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(int(ExitCode.USAGE)) from None
    if list_only:
        for m in mutants:
            print(f"{m.key}  {m.path}:{m.line}  {m.before}  ->  {m.after}")
        return
    # SIGTERM (a cancelled job) ends like Ctrl-C: through the clean-up that stops the copy's stack
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    workspace = Workspace(REPO).create()
    try:
        up = workspace.jump("stack:up", timeout=300)
        if up.code != 0:
            raise MutationRunError(f"the copy's local stack did not start: {up.last_line()}")
        uses = feature_uses(_coverage(coverage, workspace, parallel), workspace.root / "features")
        print(f"{len(mutants)} mutants in {workspace.root}", flush=True)
        judged: list[MutantResult] = []

        def report(number: int, result: MutantResult) -> None:
            line = f"[{number}/{len(mutants)}] {result.verdict:<8} {describe(result)}  ({result.how}, {result.seconds:.0f}s)"
            print(line if result.verdict != "caught" or not result.detail else f"{line}\n           {result.detail[:160]}", flush=True)
            judged.append(result)
            _write(output, seed, time.monotonic() - started, kept + judged, finished=False)

        results = kept + run_mutants(workspace, mutants, selector(operation_map, uses, max_scenarios), parallel=parallel,
                                     timeout=timeout, report=report)
    except MutationRunError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(int(ExitCode.UNREACHABLE)) from None
    finally:
        workspace.remove()
    wall = time.monotonic() - started
    if kept:
        print(f"{len(kept)} verdicts kept from {survivors_of}, {len(mutants)} survivors judged again", flush=True)
    print("\n".join(summary_lines(results, wall)), flush=True)
    _write(output, seed, wall, results, finished=True)
    print(f"verdicts: {output}", flush=True)


if __name__ == "__main__":
    app()
