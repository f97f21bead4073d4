"""Helpers shared by the detection-core tests: build conversations from (sender, text) rows."""

from __future__ import annotations

from collections.abc import Sequence

from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import conversation_from_dict


def conversation(
    rows: Sequence[tuple[str, str]],
    *,
    roles: dict[str, str] | None = None,
    ages: dict[str, int] | None = None,
    conv_id: str = "t",
) -> Conversation:
    """A conversation whose messages are ``rows`` of (sender, text); ids are t-1, t-2, …"""
    senders = list(dict.fromkeys(s for s, _ in rows))
    participants = []
    for s in senders:
        person: dict[str, object] = {"id": s}
        if roles and s in roles:
            person["role"] = roles[s]
        if ages and s in ages:
            person["age"] = ages[s]
        participants.append(person)
    return conversation_from_dict(
        {
            "id": conv_id,
            "participants": participants,
            "messages": [{"sender": s, "text": t} for s, t in rows],
        }
    )
