"""Alerts from school monitoring products, queued for the DSL with the product's severity."""

from __future__ import annotations

from safeguard.api.schemas import MonitoringAlertIn
from safeguard.casework.intake import monitoring_alert, record_alerts, service_actor
from safeguard.casework.records import new_id, utcnow
from safeguard.storage.ingest_tables import MonitoringAlertRow
from safeguard.storage.ingest_unit_of_work import IngestUnitOfWork


def receive_monitoring_alert(
    uow: IngestUnitOfWork, source: str, report: MonitoringAlertIn
) -> tuple[str, str, bool]:
    """Queue ``report`` as an alert (inside the open unit of work); a capture already received
    (same product and external id) is not queued twice. Returns (alert id, level, duplicate)."""
    product = " ".join(report.product.split())
    earlier = uow.monitoring.by_external(source, product, report.external_id)
    if earlier is not None:
        return earlier.alert_id, earlier.severity, True
    alert = monitoring_alert(
        product=product,
        level=report.severity,
        category=report.category,
        summary=f"Child {report.child}: {report.summary}",
        captured_at=report.observed_at,
        rule=report.rule,
        reference=report.external_id,
    )
    record_alerts(uow, service_actor(source), [alert])
    uow.monitoring.add(
        MonitoringAlertRow(
            id=new_id(),
            source=source,
            product=product,
            external_id=report.external_id,
            child_ref=report.child,
            category=report.category,
            severity=report.severity,
            summary=report.summary,
            captured_text=report.captured_text,
            observed_at=report.observed_at,
            received_at=utcnow(),
            alert_id=alert.id,
        )
    )
    return alert.id, alert.level, False
