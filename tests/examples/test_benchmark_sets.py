"""The realistic dev, holdout, dev2 and holdout2 sets are valid, labelled, large enough and
independent."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from safeguard.core.categories import CATEGORY_IDS
from safeguard.core.conversation import Conversation
from safeguard.core.conversation_json import iter_jsonl_lines, read_conversation_line

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
SETS = ("realistic_dev", "realistic_holdout", "realistic_dev2", "realistic_holdout2")
LEVELS = ("none", "low", "medium", "high", "critical")
GROOMING_STAGES = {
    "rapport",
    "probing",
    "isolation",
    "secrecy",
    "desensitisation",
    "image_request",
    "platform_move",
    "gifts",
    "meeting",
    "threats",
}


def _conversations(name: str) -> list[Conversation]:
    path = DATA / f"{name}.jsonl"
    return [
        read_conversation_line(raw, path=str(path), line=number)
        for number, raw in iter_jsonl_lines(path)
    ]


def _labels(name: str) -> list[dict[str, Any]]:
    path = DATA / f"{name}.labels.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("name", SETS)
def test_every_conversation_has_exactly_one_consistent_label(name: str) -> None:
    conversations = _conversations(name)
    labels = _labels(name)
    ids = [c.id for c in conversations]
    assert len(set(ids)) == len(ids)
    assert [lab["conversation_id"] for lab in labels] == ids
    for conversation, lab in zip(conversations, labels, strict=True):
        assert 5 <= len(conversation.messages) <= 40, conversation.id
        assert all(m.time is not None for m in conversation.messages)
        assert set(lab["categories"]) <= set(CATEGORY_IDS), conversation.id
        assert set(lab.get("also_acceptable", [])) <= set(CATEGORY_IDS), conversation.id
        assert not set(lab["categories"]) & set(lab.get("also_acceptable", [])), conversation.id
        assert lab["min_level"] in LEVELS
        assert lab["benign"] is (not lab["categories"]), conversation.id
        message_ids = {m.id for m in conversation.messages}
        if lab["benign"]:
            assert lab["first_concern_message_id"] is None
            assert LEVELS.index(lab["min_level"]) <= LEVELS.index("low")
        else:
            assert lab["first_concern_message_id"] in message_ids, conversation.id
            assert LEVELS.index(lab["min_level"]) >= LEVELS.index("medium")
        assert lab["note"].strip()


@pytest.mark.parametrize("name", SETS)
def test_set_meets_the_coverage_the_evaluation_needs(name: str) -> None:
    labels = _labels(name)
    assert len(labels) >= 70
    per_category = Counter(c for lab in labels for c in lab["categories"])
    for category in CATEGORY_IDS:
        assert per_category[category] >= 3, category
    assert per_category["grooming"] >= 8
    assert sum(lab["hard_negative"] for lab in labels) >= 25
    stages = {
        tag.removeprefix("stage:")
        for lab in labels
        if "grooming" in lab["categories"]
        for tag in lab.get("tags", [])
        if tag.startswith("stage:")
    }
    assert stages == GROOMING_STAGES


@pytest.mark.parametrize("name", SETS)
def test_every_conversation_gives_roles_and_children_have_ages(name: str) -> None:
    for conversation in _conversations(name):
        senders = {m.sender for m in conversation.messages}
        listed = {p.id for p in conversation.participants}
        assert senders <= listed, conversation.id
        for person in conversation.participants:
            if person.role.value == "child":
                assert person.age is not None, (conversation.id, person.id)


def _sentences(name: str) -> set[str]:
    out = set()
    for conversation in _conversations(name):
        for message in conversation.messages:
            words = re.sub(r"[^a-z0-9 ]", "", message.text.lower()).split()
            if len(words) >= 5:
                out.add(" ".join(words))
    return out


def test_holdout_does_not_reuse_dev_sentences() -> None:
    shared = _sentences("realistic_dev") & _sentences("realistic_holdout")
    assert not shared


@pytest.mark.parametrize("other", ["realistic_dev", "realistic_holdout"])
def test_dev2_does_not_reuse_sentences_of_the_other_sets(other: str) -> None:
    shared = _sentences("realistic_dev2") & _sentences(other)
    assert not shared


@pytest.mark.parametrize("other", ["realistic_dev", "realistic_holdout", "realistic_dev2"])
def test_holdout2_does_not_reuse_sentences_of_the_other_sets(other: str) -> None:
    shared = _sentences("realistic_holdout2") & _sentences(other)
    assert not shared
