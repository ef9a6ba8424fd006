#!/usr/bin/env python3
"""How long the report step takes for a large run (SRS: report generation < 30 s; aim < 10 s).

Synthesizes a run's event stream of ``--scenarios`` (default 10,000) scenarios as the workers write
it (four steps each, a request/response and a database-diff attachment, 5% failed, 2% broken, tags
naming SRS requirements, and what each touched: GraphQL documents, REST calls with concrete ids,
tables), then times ``support.reporting.pipeline.build_reports``: the Allure results and JUnit from
the stream, coverage, failure analysis and the real ``allure generate``. Prints one line per stage.

    .venv/bin/python benchmarks/report_generation.py [--scenarios 10000] [--keep DIR] [--no-html]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.reporting.pipeline import build_reports  # noqa: E402
from support.reporting.srs import load_requirements  # noqa: E402
from support.reporting.trace import GraphQLCall, RestCall  # noqa: E402
from support.run import events as ev  # noqa: E402

AREAS = ["discovery", "inventory", "pricing", "checkout", "offers", "fans", "management", "orders"]
DOCUMENTS = [
    "query Events($first: Int) { events(first: $first) { totalCount edges { node { id name startsAt venue { id name } } } } }",
    "query Availability($id: ID!) { availability(eventId: $id) { eventId totalAvailable sections { name available } } }",
    "mutation Reserve($i: ReserveSeatsInput!) { reserveSeats(input: $i) { __typename } }",
    "mutation Pay($i: CheckoutInput!) { checkout(input: $i) { __typename } }",
    "query Me { me { id email firstName lastName } }",
    "query Orders { myOrders { id status totalCents } }",
]
REST = [("GET", "/v1/events/{}"), ("POST", "/v1/orders"), ("GET", "/v1/orders/{}"), ("POST", "/v1/holds"),
        ("GET", "/v1/events/{}/inventory"), ("POST", "/v1/events/{}/publish"), ("GET", "/v1/fans/{}")]
SPEC = {"paths": {"/v1/events/{id}": {"get": {}}, "/v1/orders": {"post": {}, "get": {}}, "/v1/orders/{id}": {"get": {}},
                  "/v1/holds": {"post": {}}, "/v1/events/{id}/inventory": {"get": {}}, "/v1/events/{id}/publish": {"post": {}},
                  "/v1/fans/{id}": {"get": {}}, "/v1/venues": {"get": {}}}}
MESSAGES = {
    "failed": "support.assertions.ExpectationFailed: seats left in section {}: expected {}, got {}\n",
    "broken": "support.errors.DataSetupError: could not create venue for run jt-{:08x}\n",
}


def synthesize(reports: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    requirements = [r.id for r in load_requirements()] or ["FT-001.1"]
    attachments = reports / "attachments"
    attachments.mkdir(parents=True)
    (reports / "openapi.json").write_text(json.dumps(SPEC))
    now = time.time()
    with (reports / ev.EVENTS_FILE).open("w") as stream:
        stream.write(ev.RunStarted(run_id="bench", environment="local", scenarios=count).model_dump_json() + "\n")
        for i in range(count):
            area = AREAS[i % len(AREAS)]
            feature = f"{area.title()} feature {i // 25 % 50}"
            name = f"Scenario {i}"
            location = f"features/{area}/f{i // 25 % 50}.feature:{i}"
            roll = rng.random()
            status = "failed" if roll < 0.05 else "broken" if roll < 0.07 else "passed"
            tags = [area, f"req:{rng.choice(requirements)}"] + (["critical"] if i % 10 == 0 else [])
            exchange_src, diff_src = f"{uuid.uuid4()}-attachment.json", f"{uuid.uuid4()}-attachment.txt"
            (attachments / exchange_src).write_text(json.dumps({"request": {"method": "GET", "url": f"/v1/events/{i}"},
                                                                "response": {"status": 200, "body": {"id": i}}}))
            (attachments / diff_src).write_text(f"inventory.seat: {i % 7} updated")
            message = MESSAGES.get(status, "").format(i % 9, i % 20, i % 20 + 2) if status != "broken" else MESSAGES["broken"].format(i)
            start = now + i / 1000
            for k in range(4):
                refs = [ev.AttachmentRef(name="rest: GET /v1/events/{id} -> 200 (3 ms)", source=exchange_src, type="application/json"),
                        ev.AttachmentRef(name="inventory database diff", source=diff_src, type="text/plain")] if k == 1 else []
                last = k == 3 and status != "passed"
                stream.write(ev.StepFinished(location=location, keyword="Given", name=f"step {k}",
                                             status=("failed" if status == "failed" else "error") if last else "passed",
                                             start=start, stop=start + 0.005, message=message if last else "",
                                             attachments=refs).model_dump_json() + "\n")
            method, template = REST[i % len(REST)]
            stream.write(ev.ScenarioFinished(
                location=location, feature=feature, name=name, feature_file=location.rsplit(":", 1)[0], tags=tags,
                status="passed" if status == "passed" else "failed", start=start, stop=start + 0.02,
                history_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{feature}/{name}").hex,
                failure=ev.Failure(message=message, detail='  File "steps/x.py", line 3\n', broken=status == "broken")
                if status != "passed" else None,
                touched=ev.Touched(
                    graphql=[GraphQLCall(operation="Op", document=DOCUMENTS[(i + k) % len(DOCUMENTS)]) for k in range(2)],
                    rest=[RestCall(method=method, path=template.format(i), status=200 if status == "passed" else 409)],
                    tables=[f"inventory.{t}" for t in ("seat", "order")[: 1 + i % 2]], exchanges=3,
                    last_exchange={"request": {"method": method, "url": template.format(i)}, "response": {"status": 200}},
                    last_diff=f"inventory.seat: {i % 7} updated" if status != "passed" else None),
            ).model_dump_json() + "\n")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="Build in this folder and keep it (default: a temporary one).")
    parser.add_argument("--no-html", action="store_true", help="Skip allure generate (the Python part alone).")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="jump-report-bench-"))
    reports = root / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    started = time.perf_counter()
    synthesize(reports, args.scenarios)
    print(f"synthesized {args.scenarios} scenario results + traces in {time.perf_counter() - started:.1f}s ({reports})")
    started, cpu_self, cpu_children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    paths = build_reports(None, reports, html=not args.no_html)
    total = time.perf_counter() - started
    cpu_self, cpu_children = _cpu(resource.RUSAGE_SELF) - cpu_self, _cpu(resource.RUSAGE_CHILDREN) - cpu_children
    for stage, seconds in paths.timings.items():
        print(f"  {stage:<26} {seconds:7.2f}s")
    print(f"report step total            {total:7.2f}s  (SRS limit 30 s, target 10 s) -> {'OK' if total < 10 else 'SLOW' if total < 30 else 'OVER LIMIT'}")
    # wall time depends on what else the machine runs; CPU time says what the step itself costs
    print(f"  CPU: Python {cpu_self:.2f}s, allure (Java, child process) {cpu_children:.2f}s; load average {_load()}")
    print(f"  coverage: requirements {paths.coverage.requirements.percent}%, REST {paths.coverage.api.rest_operations.percent}%, "
          f"failures {paths.failures.failed} in {len(paths.failures.groups)} groups")
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
