"""Alerts that arrive from outside the dashboard: scans, the ingestion API, monitoring products.

Every alert lands in the one DSL queue and says where it came from (``Alert.source`` and
``Alert.origin``), so a DSL can tell a scan upload from an API alert or a monitoring product's
capture. The ingestion API (``safeguard.api``) authenticates its callers and then uses these
functions; it never writes alerts another way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from safeguard.casework import events as ev
from safeguard.casework.alert_images import images_of
from safeguard.casework.errors import NotPermitted, ValidationFailed
from safeguard.casework.ports import UnitOfWork
from safeguard.casework.records import Actor, Alert, AlertSource, Signal, new_id
from safeguard.casework.roles import Permission, Role, allowed
from safeguard.core.assessment import Assessment
from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.levels import RiskLevel

MAX_ORIGIN = 200
MAX_SUMMARY = 2_000


def service_actor(source_name: str) -> Actor:
    """The actor an authenticated API source acts as: it may raise alerts and nothing else.

    It has the least privileged role (staff: log concerns, which raise alerts) and is named
    for the source, so the audit trail says which source raised each alert.
    """
    name = " ".join(source_name.split())[:MAX_ORIGIN] or "unnamed source"
    return Actor(f"src:{name}"[:32], Role.STAFF, name)


def _prefix(source: AlertSource, conversation_id: str) -> str:
    if source is AlertSource.SCAN:
        return f"Scan of conversation {conversation_id}"
    return f"Conversation {conversation_id}"


def alerts_from_assessments(
    assessments: Sequence[Assessment],
    now: datetime,
    *,
    source: AlertSource = AlertSource.SCAN,
    origin: str = "",
) -> list[Alert]:
    """One alert per conversation at medium risk or above (DESIGN.md)."""
    out = []
    for assessment in assessments:
        if not assessment.risk.is_alert:
            continue
        flagged = sorted(assessment.categories, key=lambda c: c.level, reverse=True)
        top = flagged[0].category if flagged else "other"
        signals: list[Signal] = []
        for cat in flagged:
            if not cat.level.is_alert and cat.level.value != "low":
                continue
            rules = sorted({e.rule for e in cat.evidence if e.rule})
            names = [f"{cat.category}:{rule}" for rule in rules] or [cat.category]
            why = cat.evidence[0].why if cat.evidence else ""
            signals.extend(Signal(name, cat.level.value, why) for name in names)
        reasons = "; ".join(sorted({e.why for c in flagged for e in c.evidence[:2]}))[:400]
        out.append(
            Alert(
                id=new_id(),
                source=source,
                level=assessment.risk.value,
                category=top,
                summary=f"{_prefix(source, assessment.conversation_id)}: {reasons}",
                created_at=now,
                signals=tuple(signals),
                conversation_id=assessment.conversation_id,
                origin=origin[:MAX_ORIGIN],
                images=images_of(assessment),
            )
        )
    return out


def monitoring_alert(
    *,
    product: str,
    level: str,
    category: str,
    summary: str,
    captured_at: datetime,
    rule: str = "",
    reference: str = "",
) -> Alert:
    """An alert from a school monitoring product, kept as the product reported it.

    ``level`` is a Safeguard risk level (the API maps the product's severity onto it);
    ``category`` a risk category id or ``other``; ``rule`` the product's rule or keyword list
    that fired (counted in the per-signal volumes); ``reference`` the product's own id for the
    capture. ValidationFailed names each bad field.
    """
    errors: dict[str, str] = {}
    try:
        parsed = RiskLevel.parse(level)
    except ValueError:
        errors["level"] = "expected one of none, low, medium, high, critical"
        parsed = RiskLevel.NONE
    if category not in CATEGORY_IDS and category != "other":
        errors["category"] = f"unknown category {category!r}"
    if not product.strip():
        errors["product"] = "name the monitoring product"
    if not summary.strip():
        errors["summary"] = "describe what was captured"
    if captured_at.tzinfo is None:
        errors["captured_at"] = "give a time zone"
    if errors:
        raise ValidationFailed(errors)
    signal = f"{product.strip()}:{rule.strip() or category}"[:200]
    text = " ".join(summary.split())[:MAX_SUMMARY]
    return Alert(
        id=new_id(),
        source=AlertSource.MONITORING,
        level=parsed.value,
        category=category,
        summary=f"{text} (ref {reference.strip()})" if reference.strip() else text,
        created_at=captured_at,
        signals=(Signal(signal, parsed.value),),
        conversation_id=reference.strip()[:200] or None,
        origin=product.strip()[:MAX_ORIGIN],
    )


def record_alerts(uow: UnitOfWork, actor: Actor, alerts: Sequence[Alert]) -> None:
    """Add ``alerts`` to the queue inside an open unit of work (the caller commits)."""
    if not allowed(actor.role, Permission.LOG_CONCERN):
        raise NotPermitted(f"{actor.role.value} may not raise alerts")
    for alert in alerts:
        uow.alerts.add(alert)
        uow.audit.record(actor, ev.AlertRaised(alert.id, alert.source.value, alert.level))


def queue_alerts(uow: UnitOfWork, actor: Actor, alerts: Sequence[Alert]) -> list[Alert]:
    """Add ``alerts`` to the DSL's queue in one transaction, each audited."""
    with uow:
        record_alerts(uow, actor, alerts)
        uow.commit()
    return list(alerts)
