"""Shards and worker slices: disjoint, complete, deterministic, balanced by history when known."""

from __future__ import annotations

import pytest

from support.run.behave_runner import REPO
from support.run.selection import ScenarioRef, list_scenarios
from support.run.sharding import ShardSpecError, parse_shard, partition, shard


def refs(n: int) -> list[ScenarioRef]:
    return [ScenarioRef(location=f"features/f{i % 4}.feature:{i + 3}", feature=f"F{i % 4}", name=f"s{i}") for i in range(n)]


@pytest.mark.req("CI-001.2")
def test_the_three_shards_of_the_real_suite_are_disjoint_and_hold_every_scenario() -> None:
    suite = list_scenarios(["features"], [], REPO)
    slices = [shard(suite, i, 3) for i in range(3)]
    locations = [ref.location for part in slices for ref in part]
    assert sorted(locations) == sorted(ref.location for ref in suite)
    assert len(set(locations)) == len(locations)
    assert max(map(len, slices)) - min(map(len, slices)) <= 1


def test_a_shard_is_the_same_whatever_the_order_of_the_listing() -> None:
    suite = refs(25)
    for index in range(3):
        assert {r.location for r in shard(suite, index, 3)} == {r.location for r in shard(list(reversed(suite)), index, 3)}


@pytest.mark.req("CI-001.2")
def test_known_durations_balance_the_slices_longest_first() -> None:
    suite = refs(7)
    durations = {suite[0].location: 10.0, **{r.location: 1.0 for r in suite[1:]}}
    slices = partition(suite, 2, durations)
    loads = sorted(sum(durations[r.location] for r in part) for part in slices)
    assert loads == [6.0, 10.0]                         # the 10 s scenario alone, the six 1 s ones together
    assert [suite[0]] in slices


def test_scenarios_without_history_count_as_the_median() -> None:
    suite = refs(4)
    known = {suite[0].location: 4.0, suite[1].location: 2.0}
    slices = partition(suite, 2, known)
    loads = [sum(known.get(r.location, 3.0) for r in part) for part in slices]   # median of 4 and 2
    assert loads == [6.0, 6.0]


@pytest.mark.parametrize(("text", "expected"), [("1/3", (0, 3)), (" 3 / 3 ", (2, 3)), ("1/1", (0, 1))])
def test_shard_spec(text: str, expected: tuple[int, int]) -> None:
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", ""])
def test_bad_shard_spec(text: str) -> None:
    with pytest.raises(ShardSpecError):
        parse_shard(text)
