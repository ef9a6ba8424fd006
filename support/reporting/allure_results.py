"""Allure results from the run's event stream, written once, in the parent (or by a replay).

Why here rather than allure-behave's formatter in each worker: the formatter wrote a result per
attempt *and* a "skipped" stand-in for every scenario of a feature file a worker was not given,
under its own identity, and flaky reruns then had to be found by name and rewritten twice. From
the stream every attempt is known when the file is written: a rerun is its own result with the
same historyId (Allure shows the retries), the passing rerun of a failed scenario carries
``statusDetails.flaky`` and the ``flaky`` tag, and nothing is rewritten afterwards. The format is
allure-python's (``allure_commons.model2`` field names; plain dicts, because ``attr.asdict`` made
writing 10,000 results take seconds); file names derive from the stream (run id, scenario,
worker), so a replay writes byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from support.contracts.gate import allure_result as contract_result
from support.reporting.labels import scenario_labels, scenario_links
from support.run import events as ev
from support.run.outcome import Attempt, Folded
from support.run.run_folder import ATTACHMENTS

FLAKY = "flaky"
STEP_STATUS = {"passed": "passed", "failed": "failed", "error": "broken", "hook_error": "broken", "cleanup_error": "broken",
               "undefined": "broken"}


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _attachments(refs: list[ev.AttachmentRef]) -> list[dict[str, str]]:
    return [{"name": a.name, "source": a.source, "type": a.type} for a in refs]


def _step(step: ev.StepFinished) -> dict[str, Any]:
    data: dict[str, Any] = {"name": f"{step.keyword} {step.name}", "status": STEP_STATUS.get(step.status, "skipped"),
                            "start": _ms(step.start), "stop": _ms(step.stop)}
    if step.message:
        data["statusDetails"] = {"message": step.message}
    if step.attachments:
        data["attachments"] = _attachments(step.attachments)
    return data


def _status(finished: ev.ScenarioFinished) -> str:
    if finished.status == "failed":
        return "broken" if finished.failure is not None and finished.failure.broken else "failed"
    return finished.status


def _details(done: ev.ScenarioFinished, flaky: bool) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if done.failure is not None:
        details = {"message": done.failure.message, **({"trace": done.failure.detail} if done.failure.detail else {})}
    elif done.skip_reason:
        details = {"message": done.skip_reason}
    if flaky:
        details = {"message": "flaky: failed, then passed on a rerun", **details, "flaky": True}
    return details


def test_result(run: ev.RunStarted | None, attempt: Attempt, *, flaky: bool) -> dict[str, Any]:
    """One Allure result (a dict in allure-python's file format) for one attempt of one scenario."""
    done = attempt.finished
    report = run.report if run else ev.ReportSettings()
    identity = f"{run.run_id if run else ''}/{done.location}/{done.worker}/{done.start}"
    tags = list(done.tags) + ([FLAKY] if flaky else [])
    labels = [{"name": "tag", "value": t} for t in tags] + [{"name": "framework", "value": "behave"},
                                                             {"name": "language", "value": "cpython3"}]
    labels += [{"name": k, "value": v} for k, v in scenario_labels(done.feature_file, done.feature, done.name, tags,
                                                                   report.owner).items()]
    result: dict[str, Any] = {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, identity)), "historyId": done.history_id,
        "testCaseId": hashlib.md5(f"{done.feature_file}:{done.feature}:{done.name}".encode()).hexdigest(),  # noqa: S324 - an id
        "name": done.name, "fullName": f"{done.feature}: {done.name}", "status": _status(done), "stage": "finished",
        "start": _ms(done.start), "stop": _ms(done.stop), "labels": labels,
        "links": [{"type": link.kind, "url": link.url, "name": link.name}
                  for link in scenario_links(tags, report.requirement_url, report.issue_url)],
        "steps": [_step(s) for s in attempt.steps],
    }
    details = _details(done, flaky)
    if details:
        result["statusDetails"] = details
    if done.parameters:
        result["parameters"] = [{"name": k, "value": v} for k, v in done.parameters.items()]
    if done.attachments:
        result["attachments"] = _attachments(done.attachments)
    return result


def results(folded: Folded) -> list[dict[str, Any]]:
    """Every attempt of every scenario, in stream order; the passing rerun of a failed one is flaky."""
    found = []
    for location, attempts in folded.attempts.items():
        flaky = folded.final(location) == "flaky"
        for index, attempt in enumerate(attempts):
            found.append(test_result(folded.run, attempt, flaky=flaky and index == len(attempts) - 1))
    for contracts in folded.contracts:
        found.append(contract_result(contracts.check))
    return found


def write(folded: Folded, run_dir: Path) -> list[dict[str, Any]]:
    """``allure-results/`` from scratch: one file per result, and the attachments they reference."""
    target = run_dir / "allure-results"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    written = results(folded)
    for data in written:
        (target / f"{data['uuid']}-result.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    source = run_dir / ATTACHMENTS
    for path in source.iterdir() if source.is_dir() else []:
        try:
            os.link(path, target / path.name)   # the same bytes, no copy (attachments can be many MB)
        except OSError:
            shutil.copyfile(path, target / path.name)
    return written


