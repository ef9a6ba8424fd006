"""Attaches what happened inside a step to the Allure report: traffic, retries, data changes."""

from __future__ import annotations

import json
from typing import Any

import allure

from support.clients.exchange import Exchange
from support.clients.masking import mask_text
from support.plugins.hookspecs import hookimpl


def _attach(body: str, name: str, kind: Any) -> None:
    try:
        allure.attach(body, name=name, attachment_type=kind)
    except Exception:  # no test is running (a hook outside a scenario): nothing to attach to
        pass


class AllureReporter:
    """Registered by the behave hooks; exchanges and created data come masked by the clients, diffs are masked here."""

    @hookimpl
    def jump_exchange(self, exchange: Exchange) -> None:
        document = {
            "request": {"method": exchange.method, "url": exchange.url, "headers": exchange.request_headers, "body": exchange.request_body},
            "response": {"status": exchange.status, "headers": exchange.response_headers, "body": exchange.response_body},
            "duration_ms": round(exchange.duration_ms, 1),
            "retries": [r.model_dump() for r in exchange.retries],
            "error": exchange.error,
        }
        _attach(json.dumps(document, indent=2, ensure_ascii=False, default=str), f"{exchange.service}: {exchange.title}",
                allure.attachment_type.JSON)

    @hookimpl
    def jump_retry(self, service: str, operation: str, attempt: int, reason: str, wait_s: float) -> None:
        _attach(f"{service} {operation}: attempt {attempt} failed with {reason}; retrying in {wait_s:.2f}s",
                f"retry {attempt}: {operation} ({reason})", allure.attachment_type.TEXT)

    @hookimpl
    def jump_data_changed(self, database: str, summary: dict[str, tuple[int, int, int]], text: str) -> None:
        _attach(mask_text(text), f"{database} database diff", allure.attachment_type.TEXT)  # rows hold e-mails, phones

    @hookimpl
    def jump_data_created(self, entity: str, data: dict[str, Any]) -> None:
        _attach(json.dumps(data, indent=2, ensure_ascii=False, default=str), f"created {entity}", allure.attachment_type.JSON)
