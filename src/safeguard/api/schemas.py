"""Request and response bodies of ``/api/v1``, which the OpenAPI document describes.

Requests follow DESIGN.md's conversation format; responses carry its assessment format.
Request models are strict (no silent type coercion) and refuse unknown fields, so a typo or a
wrongly typed field gets a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

from safeguard.api.config import MAX_BATCH_MESSAGES, MAX_CONVERSATION_MESSAGES, MAX_TEXT_CHARS
from safeguard.core.categories import CATEGORY_IDS

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]


def _iso_string(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 timestamp string with a time zone")
    return value


# An ISO 8601 timestamp with a time zone (JSON has no date type, so a string is parsed).
Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_string), Field(strict=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ParticipantIn(_In):
    """A participant; ``role`` and ``age`` are optional (detection works without them)."""

    id: Id
    role: Literal["child", "adult", "unknown"] | None = None
    age: Annotated[int, Field(gt=0, lt=130)] | None = None
    name: Annotated[str, Field(max_length=200)] | None = None


class AttachmentIn(_In):
    """An attachment is described, never uploaded: Safeguard never receives image bytes."""

    type: Annotated[str, Field(min_length=1, max_length=40)]
    path: Annotated[str, Field(max_length=1000)] | None = None
    mime: Annotated[str, Field(max_length=200)] | None = None
    url: Annotated[str, Field(max_length=2000)] | None = None


class MessageIn(_In):
    """One message of a conversation (DESIGN.md); ``id`` defaults to ``<conversation>-<n>``."""

    id: Id | None = None
    sender: Id
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] = ""
    time: Timestamp | None = None
    attachments: Annotated[list[AttachmentIn], Field(max_length=20)] = []


class StreamMessageIn(MessageIn):
    """A message sent on its own, naming its conversation.

    ``recipient`` is optional: give it to have each sender/recipient pair (dyad) of a group
    conversation assessed on its own; leave it out for one-to-one conversations.
    ``participants`` may be sent with any message; roles and ages given later update earlier.
    """

    conversation_id: Id
    recipient: Id | None = None
    platform: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    participants: Annotated[list[ParticipantIn], Field(max_length=50)] = []


class BatchIn(_In):
    """Up to 1,000 messages, from one or many conversations, stored in one transaction."""

    messages: Annotated[list[StreamMessageIn], Field(min_length=1, max_length=MAX_BATCH_MESSAGES)]


class ConversationIn(_In):
    """A whole conversation in DESIGN.md's format; messages already received are skipped."""

    id: Id
    platform: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    participants: Annotated[list[ParticipantIn], Field(max_length=200)] = []
    messages: Annotated[list[MessageIn], Field(min_length=1, max_length=MAX_CONVERSATION_MESSAGES)]


Severity = Literal["low", "medium", "high", "critical"]


class MonitoringAlertIn(_In):
    """An alert from a school monitoring product (a capture it judged worrying).

    ``severity`` is the product's severity mapped onto Safeguard's levels; ``child`` is the
    product's identifier for the child (a username or MIS id); ``category`` a Safeguard risk
    category id or ``other``; ``external_id`` the product's id for the capture (a repeat with
    the same id is recognised and not queued twice).
    """

    product: Annotated[str, Field(min_length=1, max_length=120, pattern=r"\S")]
    external_id: Id
    severity: Severity
    child: Id
    category: Annotated[str, Field(min_length=1, max_length=40)]
    summary: Annotated[str, Field(min_length=1, max_length=2000, pattern=r"\S")]
    captured_text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] = ""
    rule: Annotated[str, Field(max_length=200)] = ""
    observed_at: Timestamp

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORY_IDS and value != "other":
            raise ValueError("expected a Safeguard risk category id or 'other'")
        return value


# -- responses ---------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class EvidenceOut(_Out):
    message_id: str
    why: str


class StageOut(_Out):
    stage: str
    message_id: str
    label: str


class CategoryOut(_Out):
    category: str
    level: Literal["none", "low", "medium", "high", "critical"]
    score: float
    first_flag_message_id: str | None
    evidence: list[EvidenceOut]
    stages: list[StageOut] | None = None
    escalated: bool | None = None


class AssessmentOut(_Out):
    """DESIGN.md's assessment object."""

    conversation_id: str
    risk: Literal["none", "low", "medium", "high", "critical"]
    score: float
    categories: list[CategoryOut]
    actions: list[str]
    agencies: list[str]


class StreamResultOut(BaseModel):
    """Where a conversation (or dyad) stands after the submitted messages were stored."""

    conversation_id: str
    dyad: list[str] | None = Field(description="The sender/recipient pair, if assessed alone.")
    accepted: int = Field(description="New messages stored by this request.")
    duplicates: int = Field(description="Messages already stored (same id and content).")
    message_count: int
    assessment: AssessmentOut
    alert_id: str | None = Field(description="The DSL alert this request raised, if any.")


class BatchResultOut(BaseModel):
    accepted: int
    duplicates: int
    conversations: list[StreamResultOut]


class StreamStateOut(BaseModel):
    conversation_id: str
    dyad: list[str] | None
    message_count: int
    assessment: AssessmentOut
    updated_at: str


class MonitoringAlertOut(BaseModel):
    alert_id: str
    level: str
    duplicate: bool = Field(description="True when this capture had already been received.")


class Problem(BaseModel):
    field: str
    problem: str


class ErrorOut(BaseModel):
    """Every error: what went wrong and, for bad input, each field and its problem."""

    error: str
    problems: list[Problem] = []


def dump(model: BaseModel) -> dict[str, Any]:
    """A request model as the plain dict DESIGN.md describes (absent fields left out)."""
    return model.model_dump(mode="json", exclude_none=True)
