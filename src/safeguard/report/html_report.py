"""A self-contained HTML report of a scan: risk, categories, evidence in context, a risk chart.

Everything from a conversation is escaped by Jinja2's autoescaping; the page loads nothing
from outside (inline CSS and SVG, a Content-Security-Policy that forbids scripts and images).
Image attachments are never embedded, linked or encoded: they appear as a grey placeholder with
their type, or, for an image behind a finding, with its facts (hashes, bank match, nudity model
labels) taken from the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from safeguard.core.assessment import Assessment
from safeguard.core.conversation import Conversation
from safeguard.core.image_evidence import ImageEvidence

CONTEXT = 2  # messages shown either side of each evidence message


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str
    marked: bool


@dataclass(frozen=True, slots=True)
class Row:
    id: str = ""
    sender: str = ""
    time: str = ""
    parts: tuple[TextPart, ...] = ()
    why: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    images: tuple[ImageEvidence, ...] = ()
    gap: int = 0


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("safeguard.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _labels() -> dict[str, str]:
    from safeguard.core.taxonomy import load_taxonomy

    return {c.id: c.label for c in load_taxonomy().categories}


def _split(text: str, spans: list[tuple[int, int]]) -> tuple[TextPart, ...]:
    """Cut ``text`` into plain and highlighted parts at the (merged) evidence spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts: list[TextPart] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            parts.append(TextPart(text[pos:start], False))
        parts.append(TextPart(text[start:end], True))
        pos = end
    if pos < len(text):
        parts.append(TextPart(text[pos:], False))
    return tuple(parts)


def evidence_rows(conversation: Conversation, assessment: Assessment) -> list[Row]:
    """The evidence messages with their context, gaps collapsed."""
    whys: dict[str, list[str]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    images = image_facts(assessment)
    for category in assessment.categories:
        for ev in category.evidence:
            whys.setdefault(ev.message_id, [])
            if ev.why not in whys[ev.message_id]:
                whys[ev.message_id].append(ev.why)
            if ev.span is not None:
                spans.setdefault(ev.message_id, []).append(ev.span)
    messages = conversation.messages
    flagged = [i for i, m in enumerate(messages) if m.id in whys]
    show: set[int] = set()
    for i in flagged:
        show.update(range(max(0, i - CONTEXT), min(len(messages), i + CONTEXT + 1)))
    rows: list[Row] = []
    last = -1
    for i in sorted(show):
        if i > last + 1:
            rows.append(Row(gap=i - last - 1))
        m = messages[i]
        facts = images.get(m.id, ())
        described = {f.path for f in facts}
        rows.append(
            Row(
                id=m.id,
                sender=m.sender,
                time=m.time.strftime("%Y-%m-%d %H:%M") if m.time else "",
                parts=_split(m.text, spans.get(m.id, [])),
                why=tuple(whys.get(m.id, ())),
                attachments=tuple(
                    a.type for a in m.attachments if not (a.path and a.path in described)
                ),
                images=facts,
            )
        )
        last = i
    if rows and last < len(messages) - 1:
        rows.append(Row(gap=len(messages) - 1 - last))
    return rows


def image_facts(assessment: Assessment) -> dict[str, tuple[ImageEvidence, ...]]:
    """Per message, the facts of each image behind a finding, merged across its evidence.

    One image can be evidence twice (a bank match and the nudity model); the facts shown keep
    the bank match if any evidence item has one.
    """
    merged: dict[str, dict[tuple[str, str], ImageEvidence]] = {}
    for category in assessment.categories:
        for ev in category.evidence:
            if ev.image is None:
                continue
            key = (ev.image.path, ev.image.sha256)
            per_message = merged.setdefault(ev.message_id, {})
            known = per_message.get(key)
            if known is None or (known.match is None and ev.image.match is not None):
                per_message[key] = ev.image
    return {message_id: tuple(found.values()) for message_id, found in merged.items()}


def risk_chart(conversation: Conversation, assessment: Assessment) -> Markup:
    """An inline SVG step chart of the conversation's risk score after each message."""
    if not assessment.risk_timeline:
        return Markup("")
    index_of = {m.id: i for i, m in enumerate(conversation.messages)}
    n = max(1, len(conversation.messages) - 1)
    width, height, pad = 600, 140, 28
    points = [(0, 0.0)]
    for message_id, score in assessment.risk_timeline:
        points.append((index_of.get(message_id, 0), score))
    points.append((n, points[-1][1]))
    path: list[str] = []
    prev_y = 0.0
    for x_index, score in points:
        x = pad + (width - 2 * pad) * x_index / n
        path.append(f"{x:.1f},{height - pad - (height - 2 * pad) * prev_y:.1f}")
        path.append(f"{x:.1f},{height - pad - (height - 2 * pad) * score:.1f}")
        prev_y = score
    bands = ""
    for label, floor in (("medium", 0.5), ("high", 0.75), ("critical", 0.92)):
        y = height - pad - (height - 2 * pad) * floor
        bands += (
            f'<line x1="{pad}" x2="{width - pad}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dce3" '
            f'stroke-dasharray="4 3"/><text x="{width - pad + 2}" y="{y + 4:.1f}" font-size="10" '
            f'fill="#5b6475">{label}</text>'
        )
    title = escape(f"Risk score over {len(conversation.messages)} messages")
    svg = (
        f'<svg viewBox="0 0 {width + 40} {height}" role="img" aria-label="{title}">'
        f"<title>{title}</title>{bands}"
        f'<polyline fill="none" stroke="#c53030" stroke-width="2" points="{" ".join(path)}"/>'
        f'<text x="{pad}" y="{height - 8}" font-size="10" fill="#5b6475">message 1</text>'
        f'<text x="{width - pad}" y="{height - 8}" font-size="10" fill="#5b6475" '
        f'text-anchor="end">message {n + 1}</text></svg>'
    )
    return Markup(svg)  # built only from numbers and escaped text


def render_report(
    results: Sequence[tuple[Conversation, Assessment]], *, totals_line: str = ""
) -> str:
    """The report as an HTML string."""
    items = []
    order = sorted(results, key=lambda ca: (-ca[1].risk.rank, -ca[1].score, ca[1].conversation_id))
    for conversation, assessment in order:
        items.append(
            {
                "assessment": assessment,
                "platform": conversation.platform,
                "participants": ", ".join(
                    p
                    if conversation.role_of(p).value == "unknown"
                    else f"{p} ({conversation.role_of(p).value})"
                    for p in conversation.sender_ids
                ),
                "rows": evidence_rows(conversation, assessment),
                "chart": risk_chart(conversation, assessment),
            }
        )
    template = _environment().get_template("report.html.j2")
    return template.render(
        items=items,
        labels=_labels(),
        totals_line=totals_line,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(
    path: Path, results: Sequence[tuple[Conversation, Assessment]], *, totals_line: str = ""
) -> None:
    """Write the HTML report, creating the folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(results, totals_line=totals_line), encoding="utf-8")
