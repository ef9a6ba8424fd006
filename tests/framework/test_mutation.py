"""The pure parts of the mutation run: operators, candidates and the seeded sample, the
module -> operation map against the coverage map, feature choice and the score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.mutation.driver import capped, pick_mutants, workers_for
from support.mutation.mutants import Candidate, Mutant, candidates_of_source, realize, sample
from support.mutation.operators import SkipAwaitedStatement, SqlOperator, make_operator, operator_names
from support.mutation.score import MutantResult, score, summary_lines
from support.mutation.selection import (
    FeatureUse,
    feature_files,
    feature_uses,
    features_for,
    flow_name,
    load_operation_map,
    load_skip_patterns,
)
from support.reporting.api_coverage import RestMatcher, load_graphql_schema, root_fields

REPO = Path(__file__).resolve().parents[2]

SOURCE = '''\
EXPIRE = "UPDATE lock SET status = 'EXPIRED' WHERE expires_at < now() AND fan_id IS NULL"


async def pay(conn, total: int, limit: int) -> bool:
    await conn.execute("UPDATE code SET uses = uses + 1 WHERE uses < max_uses")
    if total > limit:
        return False
    return True
'''


def mutated(operator: str, occurrence: int, source: str = SOURCE) -> Mutant:
    mutant = realize(Candidate(path="m.py", operator=operator, occurrence=occurrence), source)
    assert mutant is not None
    return mutant


def test_the_sql_operator_changes_one_comparison_or_connective_inside_sql_text() -> None:
    changes = [mutated("jump/Sql", n) for n in range(len(candidates_of_source("m.py", SOURCE, ["jump/Sql"])))]
    afters = [m.after for m in changes]
    assert 'EXPIRE = "UPDATE lock SET status = \'EXPIRED\' WHERE expires_at <= now() AND fan_id IS NULL"' in afters
    assert 'EXPIRE = "UPDATE lock SET status = \'EXPIRED\' WHERE expires_at < now() OR fan_id IS NULL"' in afters
    assert 'EXPIRE = "UPDATE lock SET status = \'EXPIRED\' WHERE expires_at < now() AND fan_id IS NOT NULL"' in afters
    assert 'await conn.execute("UPDATE code SET uses = uses + 0 WHERE uses < max_uses")' in afters
    assert all(m.line in (1, 5) for m in changes)


def test_the_sql_operator_leaves_arrows_not_equal_and_plain_strings_alone() -> None:
    source = 'A = "SELECT a ->> b FROM t WHERE x <> y AND f(secs => 1)"\nB = "a < b"\n'
    afters = {mutated("jump/Sql", n, source).after for n in range(len(candidates_of_source("m.py", source, ["jump/Sql"])))}
    assert afters == {'A = "SELECT a ->> b FROM t WHERE x <> y OR f(secs => 1)"'}   # only AND; B is no SQL


def test_a_statement_that_is_only_an_awaited_call_can_be_skipped() -> None:
    skip = mutated("jump/SkipAwaitedStatement", 0)
    assert (skip.line, skip.after) == (5, "pass")
    assert len(candidates_of_source("m.py", "async def f():\n    x = await g()\n", ["jump/SkipAwaitedStatement"])) == 0


def test_cosmic_ray_operators_come_through_and_a_mutant_names_its_line() -> None:
    boundary = mutated("core/ReplaceComparisonOperator_Gt_GtE", 0)
    assert (boundary.line, boundary.before, boundary.after) == (6, "if total > limit:", "if total >= limit:")
    assert boundary.key == "m.py:ReplaceComparisonOperator_Gt_GtE:0"
    assert boundary.apply(SOURCE).splitlines()[5] == "    if total >= limit:"
    assert {type(make_operator(name)).__name__ for name in ("jump/Sql", "jump/SkipAwaitedStatement")} == {
        SqlOperator.__name__, SkipAwaitedStatement.__name__}
    assert len(operator_names()) == len(set(operator_names()))


def test_mutants_that_do_not_compile_are_not_mutants() -> None:
    source = "def f(a, *, b):\n    return a * b\n"
    mutants = [realize(c, source) for c in candidates_of_source("m.py", source, ["core/ReplaceBinaryOperator_Mul_Add"])]
    assert [m.after for m in mutants if m is not None] == ["return a + b"]   # "def f(a, +, b)" is dropped


def test_the_sample_is_the_same_for_the_same_seed_and_spread_over_modules() -> None:
    candidates = [Candidate(path=f"m{i}.py", operator="core/NumberReplacer", occurrence=n) for i in range(3) for n in range(20)]

    def make(c: Candidate) -> Mutant | None:
        return None if c.occurrence % 2 else Mutant(**c.model_dump(), line=c.occurrence, before="1", after="2")

    first, again, other = sample(candidates, 9, 7, make), sample(candidates, 9, 7, make), sample(candidates, 9, 8, make)
    assert [m.key for m in first] == [m.key for m in again] and [m.key for m in first] != [m.key for m in other]
    assert {m.path: sum(x.path == m.path for x in first) for m in first} == {"m0.py": 3, "m1.py": 3, "m2.py": 3}
    assert all(m.occurrence % 2 == 0 for m in first)                        # the ones make() turned down are skipped
    assert len(sample(candidates, 100, 7, make)) == 30                      # no more than there are


def test_a_sample_of_the_platform_reaches_every_mapped_module_and_skips_declarations() -> None:
    modules = list(load_operation_map())
    drawn = pick_mutants(REPO, modules, size=len(modules), seed=7)
    assert len(drawn) == len(modules) and len({m.path for m in drawn}) >= 15      # one from each module that has any
    everything = pick_mutants(REPO, ["sandbox/rest/crud/pricing.py", "sandbox/services/pricing.py"], size=1000, seed=1)
    assert {m.path for m in everything} == {"sandbox/rest/crud/pricing.py", "sandbox/services/pricing.py"}
    skip = load_skip_patterns()
    assert not [m for m in everything if any(p.search(m.before) for p in skip)]


def test_every_mapped_operation_is_one_the_platform_has() -> None:
    """A typo in operations.toml would silently choose no feature for a module."""
    spec = json.loads((REPO / "support" / "contracts" / "openapi.json").read_text()) if (
        REPO / "support" / "contracts" / "openapi.json").is_file() else None
    known = set(root_fields(load_graphql_schema()))
    rest = [op for ops in load_operation_map().values() for op in ops if " " in op]
    assert {op for ops in load_operation_map().values() for op in ops if " " not in op} <= known
    assert all(op.split(" ")[0] in ("GET", "POST", "PATCH", "DELETE") and op.split(" ")[1].startswith("/v1/") for op in rest)
    if spec is not None:
        assert set(rest) <= set(RestMatcher(spec).operations)
    assert all((REPO / module).is_file() for module in load_operation_map())


def test_features_are_found_by_name_and_chosen_by_operation_most_focused_first(tmp_path: Path) -> None:
    (tmp_path / "checkout").mkdir()
    (tmp_path / "checkout" / "paying.feature").write_text("@checkout\nFeature: Paying for tickets\n\n  Scenario: x\n")
    (tmp_path / "checkout" / "gone.feature").write_text("Feature: Something else\n")
    assert feature_files(tmp_path) == {("checkout", "Paying for tickets"): "features/checkout/paying.feature",
                                       ("checkout", "Something else"): "features/checkout/gone.feature"}
    coverage = {"features": [
        {"area": "checkout", "feature": "Paying for tickets", "scenarios": 4,
         "graphql_fields": ["Mutation.checkout", "Order.totalCents"], "rest_operations": []},
        {"area": "checkout", "feature": "Something else", "scenarios": 2,
         "graphql_fields": ["Mutation.checkout", "Mutation.reserveSeats", "Query.order"], "rest_operations": ["POST /v1/holds"]},
        {"area": "orders", "feature": "Not in this checkout", "scenarios": 9, "graphql_fields": ["Mutation.checkout"], "rest_operations": []},
    ]}
    uses = feature_uses(coverage, tmp_path)
    assert [u.operations for u in uses] == [frozenset({"Mutation.checkout"}),
                                            frozenset({"Mutation.checkout", "Mutation.reserveSeats", "Query.order", "POST /v1/holds"})]
    chosen = features_for("checkout.py", {"checkout.py": ["Mutation.checkout"], "holds.py": ["POST /v1/holds"]}, uses)
    assert [flow_name(u.path) for u in chosen] == ["checkout/paying", "checkout/gone"]
    assert features_for("pricing.py", {"pricing.py": ["Query.availability"]}, uses) == []


@pytest.mark.parametrize(("cap", "expected"), [(0, [0, 1, 2, 3]), (1, [0]), (5, [0]), (9, [0, 2]), (10, [0, 1]), (12, [0, 1, 2]), (99, [0, 1, 2, 3])])
def test_the_scenario_cap_keeps_whole_features_in_order(cap: int, expected: list[int]) -> None:
    sizes = [5, 5, 2, 40]
    features = [FeatureUse(path=f"features/a/{n}.feature", scenarios=size, operations=frozenset({"Query.me"})) for n, size in enumerate(sizes)]
    assert [f.path for f in capped(features, cap)] == [features[n].path for n in expected]


def test_a_handful_of_scenarios_gets_one_worker() -> None:
    assert (workers_for(5, 2), workers_for(25, 2), workers_for(300, 4)) == (1, 2, 4)


def test_the_score_counts_caught_over_applied_and_lists_the_survivors() -> None:
    def result(verdict: str, n: int) -> MutantResult:
        mutant = Mutant(path="sandbox/services/pricing.py", operator="core/NumberReplacer", occurrence=n, line=40 + n,
                        before="x = 1", after="x = 2")
        return MutantResult(mutant=mutant, verdict=verdict, how="scenario failed" if verdict == "caught" else "12 scenarios passed")

    results = [result("caught", 0), result("caught", 1), result("survived", 2), result("error", 3)]
    s = score(results)
    assert (s.caught, s.applied, s.errors, round(s.percent, 1)) == (2, 3, 1, 66.7)
    lines = summary_lines(results, 61.2)
    assert lines[0] == "mutation score: 2 caught / 3 applied (66.7%), 1 not judged (driver errors); wall time 61s"
    assert lines[1:3] == ["1 surviving mutants:", "  sandbox/services/pricing.py:42  [NumberReplacer]  x = 1  ->  x = 2"
                          "  (12 scenarios passed; key sandbox/services/pricing.py:NumberReplacer:2)"]


def test_a_later_run_judges_only_the_survivors_of_an_earlier_one(tmp_path: Path) -> None:
    from support.mutation.__main__ import _survivors, _write

    def result(verdict: str, n: int) -> MutantResult:
        mutant = Mutant(path="sandbox/services/offers.py", operator="jump/Sql", occurrence=n, line=n, before="a", after="b")
        return MutantResult(mutant=mutant, verdict=verdict, how="")

    earlier = tmp_path / "results.json"
    _write(earlier, 7, 12.0, [result("caught", 0), result("survived", 1), result("error", 2)], finished=True)
    keys, kept = _survivors(earlier)
    assert keys == ["sandbox/services/offers.py:Sql:1"]
    assert [r.mutant.occurrence for r in kept] == [0, 2]
    assert pick_mutants(REPO, ["sandbox/services/offers.py"], size=5, seed=7, keys=[]) == []
