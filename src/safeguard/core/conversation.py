"""The conversation model of DESIGN.md as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Role(Enum):
    """A participant's role; ``UNKNOWN`` when the input does not say."""

    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    role: Role = Role.UNKNOWN
    age: int | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message: a path relative to the conversation file, never its bytes."""

    type: str
    path: str | None = None
    mime: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    sender: str
    text: str
    time: datetime | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    messages: tuple[Message, ...]
    participants: tuple[Participant, ...] = ()
    platform: str | None = None
    source: str | None = field(default=None, compare=False)

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id, or an unknown-role participant if not listed."""
        for person in self.participants:
            if person.id == participant_id:
                return person
        return Participant(id=participant_id)

    def role_of(self, participant_id: str) -> Role:
        return self.participant(participant_id).role

    @property
    def sender_ids(self) -> tuple[str, ...]:
        """Everyone who wrote or is listed, in order of first appearance."""
        seen: dict[str, None] = {p.id: None for p in self.participants}
        for message in self.messages:
            seen.setdefault(message.sender, None)
        return tuple(seen)
