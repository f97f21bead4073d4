"""Read and write the JSON Lines conversation format of DESIGN.md, validating every field.

A bad record raises :class:`RecordError` naming the file, line, field and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from safeguard.core.conversation import Attachment, Conversation, Message, Participant, Role
from safeguard.core.errors import RecordError

_ROLES = {"child": Role.CHILD, "adult": Role.ADULT}


def parse_time(value: str) -> datetime:
    """An ISO 8601 timestamp; a trailing ``Z`` means UTC."""
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    return datetime.fromisoformat(text)


class _Checker:
    """Field checks that raise RecordError with the file and line already filled in."""

    def __init__(self, path: str, line: int | None, record_id: str | None = None) -> None:
        self.path = path
        self.line = line
        self.record_id = record_id

    def fail(self, field: str, problem: str) -> RecordError:
        return RecordError(self.path, self.line, problem, field=field, record_id=self.record_id)

    def text(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is missing; expected a string")
            return None
        if not isinstance(value, str):
            raise self.fail(f"{where}{key}", f"expected a string, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(f"{where}{key}", "is empty; expected a non-empty string")
        return value

    def array(self, obj: dict[str, Any], key: str, where: str, *, required: bool) -> list[Any]:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is missing; expected an array")
            return []
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", f"expected an array, got {type(value).__name__}")
        return value

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        return value


def conversation_from_dict(
    record: Any, *, path: str = "<input>", line: int | None = None
) -> Conversation:
    """Validate one decoded JSON record and build a :class:`Conversation`."""
    check = _Checker(path, line)
    rec = check.obj(record, "(record)")
    conv_id = check.text(rec, "id", "")
    assert conv_id is not None
    check.record_id = conv_id
    platform = check.text(rec, "platform", "", required=False)

    participants: list[Participant] = []
    for i, raw in enumerate(check.array(rec, "participants", "", required=False)):
        where = f"participants[{i}]."
        person = check.obj(raw, f"participants[{i}]")
        pid = check.text(person, "id", where)
        assert pid is not None
        role_text = person.get("role")
        if role_text is None or role_text == "unknown":
            role = Role.UNKNOWN
        elif isinstance(role_text, str) and role_text in _ROLES:
            role = _ROLES[role_text]
        else:
            raise check.fail(
                f"{where}role", f"expected 'child', 'adult' or absent, got {role_text!r}"
            )
        age = person.get("age")
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 0 < age < 130
        ):
            raise check.fail(f"{where}age", f"expected a whole number of years, got {age!r}")
        name = check.text(person, "name", where, required=False)
        participants.append(Participant(id=pid, role=role, age=age, name=name))

    raw_messages = check.array(rec, "messages", "", required=True)
    messages: list[Message] = []
    seen_ids: set[str] = set()
    for i, raw in enumerate(raw_messages):
        # Fast path for the common, valid shape; anything else goes through _message, which
        # builds the same Message or raises the precise error.
        if type(raw) is dict:
            mid = raw.get("id")
            if mid is None:
                mid = f"{conv_id}-{i + 1}"
            sender = raw.get("sender")
            text = raw.get("text", "")
            raw_time = raw.get("time")
            attached = raw.get("attachments")
            if (
                type(mid) is str
                and mid
                and mid not in seen_ids
                and type(sender) is str
                and sender.strip()
                and type(text) is str
                and (raw_time is None or type(raw_time) is str)
                and (attached is None or attached == [])
            ):
                try:
                    time = None if raw_time is None else parse_time(raw_time)
                except ValueError:
                    pass
                else:
                    seen_ids.add(mid)
                    messages.append(Message(id=mid, sender=sender, text=text, time=time))
                    continue
        messages.append(_message(check, raw, i, conv_id, seen_ids))
    return Conversation(
        id=conv_id,
        messages=tuple(messages),
        participants=tuple(participants),
        platform=platform,
        source=path,
    )


def _message(check: _Checker, raw: Any, i: int, conv_id: str, seen_ids: set[str]) -> Message:
    """Validate message ``i`` of a record and build it (adding its id to ``seen_ids``)."""
    where = f"messages[{i}]."
    msg = check.obj(raw, f"messages[{i}]")
    mid = msg.get("id")
    if mid is None:
        mid = f"{conv_id}-{i + 1}"
    elif isinstance(mid, int) and not isinstance(mid, bool):
        mid = str(mid)
    elif not isinstance(mid, str) or not mid:
        raise check.fail(f"{where}id", f"expected a string, got {mid!r}")
    if mid in seen_ids:
        raise check.fail(f"{where}id", f"duplicate message id {mid!r}")
    seen_ids.add(mid)
    sender = check.text(msg, "sender", where)
    assert sender is not None
    text = msg.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise check.fail(f"{where}text", f"expected a string, got {type(text).__name__}")
    time = None
    raw_time = msg.get("time")
    if raw_time is not None:
        if not isinstance(raw_time, str):
            raise check.fail(f"{where}time", "expected an ISO 8601 timestamp string")
        try:
            time = parse_time(raw_time)
        except ValueError:
            raise check.fail(
                f"{where}time", f"expected an ISO 8601 timestamp, got {raw_time!r}"
            ) from None
    attachments: list[Attachment] = []
    for j, raw_att in enumerate(check.array(msg, "attachments", where, required=False)):
        awhere = f"{where}attachments[{j}]."
        att = check.obj(raw_att, f"{where}attachments[{j}]")
        kind = check.text(att, "type", awhere)
        assert kind is not None
        attachments.append(
            Attachment(
                type=kind,
                path=check.text(att, "path", awhere, required=False),
                mime=check.text(att, "mime", awhere, required=False),
                url=check.text(att, "url", awhere, required=False),
            )
        )
    return Message(id=mid, sender=sender, text=text, time=time, attachments=tuple(attachments))


def conversation_to_dict(conversation: Conversation) -> dict[str, Any]:
    """The DESIGN.md JSON object for a conversation (inverse of :func:`conversation_from_dict`)."""
    out: dict[str, Any] = {"id": conversation.id}
    if conversation.platform:
        out["platform"] = conversation.platform
    people = []
    for p in conversation.participants:
        person: dict[str, Any] = {"id": p.id}
        if p.role is not Role.UNKNOWN:
            person["role"] = p.role.value
        if p.age is not None:
            person["age"] = p.age
        if p.name:
            person["name"] = p.name
        people.append(person)
    out["participants"] = people
    messages = []
    for m in conversation.messages:
        msg: dict[str, Any] = {"id": m.id, "sender": m.sender, "text": m.text}
        if m.time is not None:
            msg["time"] = m.time.isoformat().replace("+00:00", "Z")
        if m.attachments:
            msg["attachments"] = [
                {
                    k: v
                    for k, v in (
                        ("type", a.type),
                        ("path", a.path),
                        ("mime", a.mime),
                        ("url", a.url),
                    )
                    if v
                }
                for a in m.attachments
            ]
        messages.append(msg)
    out["messages"] = messages
    return out


def iter_jsonl_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Yield (line number, raw line) for each non-blank line of a JSON Lines file."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, raw


def read_conversation_line(raw: bytes, *, path: str, line: int) -> Conversation:
    """Decode and validate one JSON Lines record."""
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RecordError(path, line, f"not valid JSON ({exc})") from None
    return conversation_from_dict(record, path=path, line=line)


def dumps_conversation(conversation: Conversation) -> str:
    """One JSON Lines record for ``conversation``."""
    return orjson.dumps(conversation_to_dict(conversation)).decode()
