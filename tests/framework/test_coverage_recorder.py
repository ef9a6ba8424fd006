"""The recorder keeps each scenario's traffic and data changes across worker processes."""

from types import SimpleNamespace

from support.clients.exchange import Exchange
from support.reporting.recorder import CoverageRecorder, read_meta, read_openapi, read_traces


def scenario(name: str) -> SimpleNamespace:
    feature = SimpleNamespace(name="Buying", filename="features/checkout/buying.feature")
    return SimpleNamespace(name=name, feature=feature, filename="features/checkout/buying.feature", effective_tags=["req:FT-001.1"],
                           keyword="Scenario", _row=None, description=[], tags=["req:FT-001.1"])


def exchange(service: str, url: str, body=None, status=200) -> Exchange:
    return Exchange(service=service, operation="op", method="POST" if service == "graphql" else "GET", url=url,
                    request_body=body, status=status, response_body={"ok": True})


def finish(recorder: CoverageRecorder, name: str) -> None:
    recorder.jump_scenario_finished(feature="Buying", scenario=name, status="passed", duration_s=0.1, tags=[])


def test_one_line_per_scenario_with_deduplicated_calls_and_tables(tmp_path):
    recorder = CoverageRecorder(tmp_path, {"Venue": "events.venue"})
    recorder.save_openapi({"paths": {}})
    recorder.jump_exchange(exchange("rest", "http://h/v1/events/1"))  # outside a scenario: not recorded
    recorder.start_scenario(scenario("buy"))
    for _ in range(3):
        recorder.jump_exchange(exchange("graphql", "http://h/graphql", {"query": "{ events { totalCount } }"}))
        recorder.jump_exchange(exchange("rest", "http://h/v1/events/7?expand=1", status=404))
    recorder.jump_data_created(entity="Venue", data={"id": 1})
    recorder.jump_data_changed(database="inventory", summary={"seat": (0, 2, 0)}, text="inventory.seat: 2 updated")
    finish(recorder, "buy")
    other = CoverageRecorder(tmp_path)  # a second worker process writes its own file
    other.start_scenario(scenario("refund"))
    finish(other, "refund")
    traces = {t.scenario: t for t in read_traces(tmp_path)}
    buy = traces["buy"]
    assert buy.area == "checkout" and buy.status == "passed" and buy.exchanges == 6
    assert len(buy.graphql) == 1 and [(c.method, c.path, c.status) for c in buy.rest] == [("GET", "/v1/events/7", 404)]
    assert buy.tables == ["events.venue", "inventory.seat"]
    assert buy.last_exchange["request"]["url"] == "http://h/v1/events/7?expand=1"
    assert buy.last_diff == "inventory.seat: 2 updated"
    assert set(traces) == {"buy", "refund"} and traces["buy"].history_id != traces["refund"].history_id
    assert read_openapi(tmp_path) == {"paths": {}}
    assert read_meta(tmp_path).known_tables == []  # the last worker's (no factories given) replaced the first's


def test_a_skipped_stand_in_from_another_worker_does_not_replace_the_run(tmp_path):
    ran = CoverageRecorder(tmp_path)
    ran.start_scenario(scenario("buy"))
    ran.jump_exchange(exchange("rest", "http://h/v1/events/7"))
    finish(ran, "buy")
    stand_in = CoverageRecorder(tmp_path)  # written later, by a worker that skipped "buy"
    stand_in.start_scenario(scenario("buy"))
    stand_in.jump_scenario_finished(feature="Buying", scenario="buy", status="skipped", duration_s=0, tags=[])
    [trace] = read_traces(tmp_path)
    assert trace.status == "passed" and trace.exchanges == 1
