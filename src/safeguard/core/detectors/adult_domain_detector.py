"""Links to adult websites, from the shipped domain lists; sex-education sites are allowed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from safeguard.core.detector import ConversationView, Detector
from safeguard.core.signals import Signal, Voice

_URL = re.compile(
    r"(?<![@\w.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,12})"
    r"(/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# A host's last label ends in a letter or digit, then a dot and at least two TLD letters: text
# without that cannot hold a _URL match (same flags, so the same letters).
_DOTTED = re.compile(r"[a-z0-9]\.[a-z]{2}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DomainLists:
    """Blocked hosts and the allow-list (sex education, health)."""

    blocked_hosts: frozenset[str]
    allowed_hosts: frozenset[str]

    def classify(self, host: str) -> str | None:
        """'allowed', 'blocked' or None for a URL's host and path."""
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        parents = _suffixes(host)
        if any(p in self.allowed_hosts for p in parents):
            return "allowed"
        if any(p in self.blocked_hosts for p in parents):
            return "blocked"
        return None


def _suffixes(host: str) -> list[str]:
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def _read_list(name: str) -> list[str]:
    text = resources.files("safeguard.data").joinpath("domains", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def default_domain_lists() -> DomainLists:
    """The packaged lists: popular-porn domains (GPL-3) and the allow-lists."""
    hosts = set(_read_list("popular_porn_domains.txt"))
    allowed = set(_read_list("allow_list.txt")) | set(
        _read_list("ut1_sexual_education_domains.txt")
    )
    return DomainLists(frozenset(hosts), frozenset(allowed))


class AdultDomainDetector(Detector):
    """Flags links to adult sites under ``adult_content_exposure``."""

    name = "adult_domains"
    version = "1"
    categories = ("adult_content_exposure",)

    def __init__(self, lists: DomainLists | None = None) -> None:
        self._lists = lists or default_domain_lists()

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        messages = view.conversation.messages
        joined = "\n".join([m.text for m in messages])
        if "." not in joined or _DOTTED.search(joined) is None:
            return ()
        signals: list[Signal] = []
        for index, message in enumerate(messages):
            text = message.text
            if "." not in text or _DOTTED.search(text) is None:
                continue
            for m in _URL.finditer(text):
                verdict = self._lists.classify(m.group(1))
                if verdict != "blocked":
                    continue
                host = m.group(1).lower()
                signals.append(
                    Signal(
                        category="adult_content_exposure",
                        message_index=index,
                        message_id=message.id,
                        sender=message.sender,
                        weight=0.8,
                        reason=f"sends a link to an adult (pornographic) website: {host}",
                        detector=self.name,
                        detector_version=self.version,
                        rule="domain.adult",
                        quote=m.group(0),
                        span=m.span(),
                        voice=Voice.ANY,
                    )
                )
                break
        return signals
