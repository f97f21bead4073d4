"""CSV with column mapping, PAN 2012 XML, and the native JSON Lines format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from safeguard.core.conversation import Conversation, Role
from safeguard.core.errors import InputError, RecordError
from safeguard.importers.options import CsvColumns, ImportOptions
from safeguard.importers.registry import read_conversations

Write = Callable[[str, str | bytes], Path]


def read_all(path: Path, **kwargs: Any) -> list[Conversation]:
    return list(read_conversations(path, **kwargs))


def rows(conversations: list[Conversation]) -> list[tuple[str, str, str, str]]:
    return [(c.id, m.id, m.sender, m.text) for c in conversations for m in c.messages]


# --- CSV -----------------------------------------------------------------------------------


def test_when_csv_rows_interleave_then_grouped_by_conversation_in_order(write: Write) -> None:
    path = write(
        "export.csv",
        "conversation_id,message_id,sender,text,time\n"
        "c1,,tom,u online?,2026-02-03T21:15:00Z\n"
        "c2,,amy,see you at 4,2026-02-03T21:16:00Z\n"
        'c1,,lily,"ye, just finished\nhomework",1770153420\n',
    )
    conversations = read_all(path)
    assert rows(conversations) == [
        ("c1", "c1-1", "tom", "u online?"),
        ("c1", "c1-2", "lily", "ye, just finished\nhomework"),
        ("c2", "c2-1", "amy", "see you at 4"),
    ]
    assert conversations[0].messages[0].time == datetime(2026, 2, 3, 21, 15, tzinfo=UTC)
    assert conversations[0].messages[1].time == datetime(2026, 2, 3, 21, 17, tzinfo=UTC)
    assert conversations[0].source == str(path)


def test_when_csv_has_role_column_then_participants_get_roles(write: Write) -> None:
    path = write(
        "export.csv",
        "conversation_id,sender,text,role\nc1,mia,hi,child\nc1,dan,hey,Adult\nc1,mia,ok,\n",
    )
    [conversation] = read_all(path)
    assert [(p.id, p.role) for p in conversation.participants] == [
        ("mia", Role.CHILD),
        ("dan", Role.ADULT),
    ]


def test_when_csv_columns_mapped_then_read_from_named_columns(write: Write) -> None:
    path = write("export.tsv", "thread\tfrom\tbody\twhen\nt9\tsam\thello\t\n")
    options = ImportOptions(
        csv_columns=CsvColumns.from_spec("conversation_id=thread,sender=from,text=body,time=when")
    )
    [conversation] = read_all(path, format="csv", options=options)
    assert rows([conversation]) == [("t9", "t9-1", "sam", "hello")]
    assert conversation.messages[0].time is None


def test_when_csv_has_no_conversation_column_then_one_conversation_named_after_file(
    write: Write,
) -> None:
    path = write("class_chat.csv", "sender,text\nsam,hello\njo,hi\n")
    assert rows(read_all(path)) == [
        ("class_chat", "class_chat-1", "sam", "hello"),
        ("class_chat", "class_chat-2", "jo", "hi"),
    ]


@pytest.mark.parametrize(
    ("content", "columns", "line", "field", "expected"),
    [
        ("sender,body\nsam,hi\n", "", 1, "text", "header has no column 'text'"),
        ("sender,text\nsam,hi\n", "time=sent_at", 1, "sent_at", "no column 'sent_at'"),
        ("sender,text\nsam,hi\n,hello\n", "", 3, "sender", "is empty"),
        ("sender,text,time\nsam,hi,\nsam,hi,last tuesday\n", "", 3, "time", "ISO 8601"),
        ("sender,text,role\nsam,hi,teacher\n", "", 2, "role", "expected 'child', 'adult'"),
        ("sender,text,role\nsam,hi,child\njo,hi,\nsam,yo,adult\n", "", 4, "role", "earlier"),
        ("message_id,sender,text\n1,sam,hi\n1,jo,hi\n", "", 3, "message_id", "duplicate"),
        ("", "", 1, None, "expected a header row"),
    ],
)
def test_when_csv_malformed_then_error_names_file_line_and_column(
    write: Write, content: str, columns: str, line: int, field: str | None, expected: str
) -> None:
    path = write("bad.csv", content)
    options = ImportOptions(csv_columns=CsvColumns.from_spec(columns))
    with pytest.raises(RecordError) as caught:
        read_all(path, format="csv", options=options)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert caught.value.field == field
    assert expected in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_when_csv_skip_bad_then_bad_rows_reported_and_others_kept(write: Write) -> None:
    path = write(
        "export.csv",
        "conversation_id,sender,text,time\nc1,sam,one,\nc1,,two,\nc1,jo,three,soon\nc1,jo,four,\n",
    )
    skipped: list[RecordError] = []
    [conversation] = read_all(path, skip_bad=True, on_skip=skipped.append)
    assert [(e.line, e.field) for e in skipped] == [(3, "sender"), (4, "time")]
    # Ids count every row of the conversation, so they do not shift when one is skipped.
    assert [(m.id, m.text) for m in conversation.messages] == [("c1-1", "one"), ("c1-4", "four")]


def test_when_csv_not_utf8_then_error_and_earlier_rows_kept_with_skip_bad(write: Write) -> None:
    path = write("export.csv", b"sender,text\nsam,hello\njo,caf\xe9\n")
    with pytest.raises(RecordError):
        read_all(path)
    skipped: list[RecordError] = []
    [conversation] = read_all(path, skip_bad=True, on_skip=skipped.append)
    assert [m.text for m in conversation.messages] == ["hello"]
    assert "UTF-8" in str(skipped[0])


@pytest.mark.parametrize(
    ("spec", "message"),
    [("sender", "expected FIELD=COLUMN"), ("speaker=from", "unknown field 'speaker'")],
)
def test_when_column_spec_malformed_then_input_error(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        CsvColumns.from_spec(spec)


# --- PAN 2012 ------------------------------------------------------------------------------

PAN12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<conversations>
<conversation id="conv-a">
<message line="1">
<author>aaa</author>
<time>03:20</time>
<text>hello &amp; welcome</text>
</message>
<message line="2">
<author>bbb</author>
<time>03:21</time>
<text/>
</message>
</conversation>
<conversation id="conv-b">
<message line="1"><author>ccc</author><time>10:00</time><text>wifi is down again</text></message>
</conversation>
</conversations>
"""


def test_when_pan12_then_conversations_with_line_based_ids(write: Write) -> None:
    path = write("pan12.xml", PAN12)
    conversations = read_all(path)
    assert rows(conversations) == [
        ("conv-a", "conv-a-1", "aaa", "hello & welcome"),
        ("conv-a", "conv-a-2", "bbb", ""),
        ("conv-b", "conv-b-1", "ccc", "wifi is down again"),
    ]
    assert [p.id for p in conversations[0].participants] == ["aaa", "bbb"]
    assert all(c.platform == "pan12" and c.source == str(path) for c in conversations)


def test_when_pan12_message_has_no_author_then_error_names_its_line(write: Write) -> None:
    path = write("pan12.xml", PAN12.replace("<author>bbb</author>", "<author></author>"))
    with pytest.raises(RecordError) as caught:
        read_all(path)
    assert (caught.value.line, caught.value.field) == (9, "author")
    skipped: list[RecordError] = []
    conversations = read_all(path, skip_bad=True, on_skip=skipped.append)
    assert [m.id for c in conversations for m in c.messages] == ["conv-a-1", "conv-b-1"]
    assert [e.line for e in skipped] == [9]


def test_when_pan12_breaks_midway_then_earlier_conversations_are_kept(write: Write) -> None:
    broken = PAN12.replace("<text>wifi is down again</text>", "<text>wifi is down again</txet>")
    path = write("pan12.xml", broken)
    yielded: list[Conversation] = []
    with pytest.raises(RecordError) as caught:
        for conversation in read_conversations(path):
            yielded.append(conversation)
    assert [c.id for c in yielded] == ["conv-a"]
    assert caught.value.line == 16
    assert "not well-formed XML" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "line", "expected"),
    [
        (('<conversation id="conv-b">', "<conversation>"), 15, "expected an id attribute"),
        (('<conversation id="conv-b">', '<conversation id="conv-a">'), 15, "duplicate"),
    ],
)
def test_when_pan12_conversation_id_bad_then_error_names_its_line(
    write: Write, change: tuple[str, str], line: int, expected: str
) -> None:
    path = write("pan12.xml", PAN12.replace(*change))
    with pytest.raises(RecordError) as caught:
        read_all(path)
    assert (caught.value.line, caught.value.field) == (line, "conversation.id")
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE conversations [<!ENTITY lol "lol">]>\n',
        '<!DOCTYPE conversations SYSTEM "file:///etc/passwd">\n',
    ],
)
def test_when_pan12_declares_a_dtd_then_refused_before_any_expansion(
    write: Write, prolog: str
) -> None:
    text = PAN12.replace("<conversations>", prolog + "<conversations>", 1).replace(
        "hello &amp; welcome", "&lol;"
    )
    path = write("pan12.xml", text)
    with pytest.raises(RecordError, match="DTDs and entity declarations are not allowed") as caught:
        read_all(path, format="pan12")
    assert caught.value.line == 2


def test_when_pan12_uses_undeclared_entity_then_error_not_expansion(write: Write) -> None:
    path = write("pan12.xml", PAN12.replace("hello &amp; welcome", "&lol;"))
    with pytest.raises(RecordError, match="not well-formed XML"):
        read_all(path)


# --- native JSON Lines ---------------------------------------------------------------------

LINE = '{{"id": "{cid}", "messages": [{{"sender": "a", "text": "hi"}}]}}\n'


def test_when_jsonl_then_roles_and_ages_kept(write: Write, samples: dict[str, Any]) -> None:
    name, content = samples["jsonl"]
    [conversation] = read_all(write(name, content))
    assert [(p.id, p.role, p.age) for p in conversation.participants] == [
        ("mia", Role.CHILD, 12),
        ("dan_x", Role.UNKNOWN, None),
    ]


def test_when_jsonl_line_bad_then_error_names_line_and_skip_keeps_the_rest(
    write: Write,
) -> None:
    bad = '{"id": "c2", "messages": [{"sender": "a", "text": 5}]}\n'
    path = write("c.jsonl", LINE.format(cid="c1") + "\n" + bad + LINE.format(cid="c3"))
    yielded: list[str] = []
    with pytest.raises(RecordError) as caught:
        for conversation in read_conversations(path):
            yielded.append(conversation.id)
    assert yielded == ["c1"]
    assert (caught.value.line, caught.value.field) == (3, "messages[0].text")
    skipped: list[RecordError] = []
    ids = [c.id for c in read_all(path, skip_bad=True, on_skip=skipped.append)]
    assert ids == ["c1", "c3"]
    assert [e.line for e in skipped] == [3]


def test_when_jsonl_repeats_an_id_then_error(write: Write) -> None:
    path = write("c.jsonl", LINE.format(cid="c1") + LINE.format(cid="c1"))
    with pytest.raises(RecordError, match="duplicate conversation id 'c1'") as caught:
        read_all(path)
    assert caught.value.line == 2
