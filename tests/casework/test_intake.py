"""Alerts from outside the dashboard land in the one queue, saying where they came from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from safeguard.casework import handlers, intake
from safeguard.casework.errors import NotPermitted, ValidationFailed
from safeguard.casework.records import Actor, AlertSource
from safeguard.core.assessment import Assessment, CategoryAssessment, Evidence
from safeguard.core.levels import RiskLevel

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _assessment(cid: str, level: RiskLevel) -> Assessment:
    evidence = (Evidence(f"{cid}-3", "asks the child to keep the chat secret", "rules", "secrecy"),)
    category = CategoryAssessment("grooming", level, 0.8, f"{cid}-3", evidence)
    return Assessment(cid, level, 0.8, (category,), (), ())


def test_scan_upload_alerts_name_the_uploaded_file(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    assessments = [_assessment("c1", RiskLevel.HIGH), _assessment("c2", RiskLevel.LOW)]
    alerts = handlers.ingest_scan(uow, actors["dsl"], assessments, b"{}", T0, origin="chat.txt")
    assert [a.conversation_id for a in alerts] == ["c1"]
    (stored,) = store.alerts.values()
    assert stored.source is AlertSource.SCAN
    assert stored.source_label == "Scan upload: chat.txt"
    assert stored.summary.startswith("Scan of conversation c1: ")


def test_api_alerts_are_queued_by_a_source_that_can_do_nothing_else(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    source = intake.service_actor("  Chat   service  ")
    alerts = intake.alerts_from_assessments(
        [_assessment("room-9", RiskLevel.CRITICAL)], T0, source=AlertSource.API, origin=source.name
    )
    intake.queue_alerts(uow, source, alerts)
    (stored,) = store.alerts.values()
    assert stored.source_label == "Ingestion API: Chat service"
    assert stored.summary.startswith("Conversation room-9: ")
    assert store.audit[-1].event == "alert.raised"
    assert store.audit[-1].actor_id == "src:Chat service"
    with pytest.raises(NotPermitted):
        handlers.alert_queue(uow, source)
    with pytest.raises(NotPermitted):
        intake.queue_alerts(uow, actors["auditor"], alerts)


def test_monitoring_product_alert_keeps_its_severity_and_rule_as_a_signal(
    uow: Any, store: Any, actors: dict[str, Actor]
) -> None:
    alert = intake.monitoring_alert(
        product="Smoothwall Monitor", level="high", category="self_harm_risk",
        summary="Searched for ways to hurt myself", captured_at=T0, rule="self-harm phrases",
        reference="SW-1042",
    )  # fmt: skip
    intake.queue_alerts(uow, intake.service_actor("Smoothwall Monitor"), [alert])
    queue = handlers.alert_queue(uow, actors["dsl"])
    (shown,) = queue.items
    assert shown.source_label == "Monitoring product: Smoothwall Monitor"
    assert (shown.level, shown.created_at) == ("high", T0)
    assert shown.summary.endswith("(ref SW-1042)")
    stats = handlers.signal_stats(uow, actors["dsl"])
    assert [name for name, *_ in stats] == ["Smoothwall Monitor:self-harm phrases"]


def test_a_bad_monitoring_alert_names_every_bad_field() -> None:
    with pytest.raises(ValidationFailed) as error:
        intake.monitoring_alert(
            product=" ", level="severe", category="bad", summary="",
            captured_at=datetime(2026, 3, 2),
        )  # fmt: skip
    assert set(error.value.errors) == {"product", "level", "category", "summary", "captured_at"}
