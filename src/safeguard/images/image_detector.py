"""The image detector: hashes every image attachment, matches banks, scores nudity.

For each message attachment of type ``image`` with a ``path``, the path is resolved against the
folder of the conversation file (``Conversation.source``), the file is hashed as a stream and
decoded once in memory, its hashes are matched against the hash banks and, unless disabled, the
local nudity model scores the pixels. The pixels are dropped straight after. Findings are
``sexual_imagery`` signals whose reason is plain English and whose quote is the image's SHA-256
and facts, never image content. :class:`ImageFacts` carries the same facts for reports and
dashboards, which show a grey placeholder and these facts instead of the image. Each signal
also carries an :class:`~safeguard.core.image_evidence.ImageEvidence` (hashes, bank match,
model labels) that the assessor passes on to the assessment's evidence.

An attachment that cannot be examined (missing file, unreadable, not an image) is logged by
ids only and handed to ``on_skip`` as a :class:`SkippedImage`, so a command can warn with the
path; the rest of the conversation is still assessed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from safeguard.core.conversation import Conversation
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.image_evidence import ImageBankMatch, ImageEvidence, ImageModelLabel
from safeguard.core.levels import RiskLevel
from safeguard.core.signals import Signal, Voice
from safeguard.images.attachments import (
    IMAGE_DETECTOR_NAME,
    IMAGE_DETECTOR_VERSION,
    ImageAttachment,
    SkippedImage,
    image_attachments,
)
from safeguard.images.bank_matcher import BankMatch, BankMatcher, SuppressedMatch
from safeguard.images.hash_bank import HashBank
from safeguard.images.image_hashes import (
    ImageReadError,
    hash_image_file,
    hash_image_file_with_pixels,
)
from safeguard.images.nudity import NudityLabel, NudityResult, NudityScorer

logger = logging.getLogger(__name__)

CATEGORY = "sexual_imagery"
# Weights (confidence this one image shows the category) by how the finding was made.
_EXACT_MATCH_WEIGHT = 0.98
_PDQ_MATCH_BEST = 0.97
_PDQ_MATCH_WORST = 0.85
_NUDITY_WEIGHTS = {RiskLevel.LOW: 0.3, RiskLevel.MEDIUM: 0.55, RiskLevel.HIGH: 0.8}


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What Safeguard knows about one image attachment, without the image.

    ``skipped`` says why an attachment was not examined (missing file, not decodable); then
    the hash fields are empty. ``risk`` is the highest of the findings: ``critical`` for a
    known-image bank match, else the nudity model's level.
    """

    message_id: str
    message_index: int
    path: str
    sha256: str = ""
    md5: str = ""
    pdq: str = ""
    quality: int = 0
    matches: tuple[BankMatch, ...] = ()
    suppressed: tuple[SuppressedMatch, ...] = ()
    nudity_labels: tuple[NudityLabel, ...] = ()
    nudity_reason: str = ""
    nudity_risk: RiskLevel = RiskLevel.NONE
    nudity_model: str = ""
    risk: RiskLevel = RiskLevel.NONE
    skipped: str | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready facts for a report or dashboard placeholder."""
        return {
            "message_id": self.message_id,
            "path": self.path,
            "sha256": self.sha256,
            "md5": self.md5,
            "pdq": self.pdq,
            "quality": self.quality,
            "matches": [match.as_dict() for match in self.matches],
            "suppressed": [item.as_dict() for item in self.suppressed],
            "nudity_labels": [
                {"label": n.label, "score": n.score, "group": n.group} for n in self.nudity_labels
            ],
            "nudity_risk": self.nudity_risk.value,
            "nudity_model": self.nudity_model,
            "risk": self.risk.value,
            "skipped": self.skipped,
        }


class ImageDetector(Detector):
    """``sexual_imagery`` from image attachments: known-image bank matches and nudity risk."""

    name: ClassVar[str] = IMAGE_DETECTOR_NAME
    version: ClassVar[str] = IMAGE_DETECTOR_VERSION
    categories: ClassVar[tuple[str, ...]] = (CATEGORY,)

    def __init__(
        self,
        banks: Sequence[HashBank] | BankMatcher = (),
        *,
        score_nudity: bool = True,
        nudity_scorer: NudityScorer | None = None,
        on_skip: Callable[[SkippedImage], None] | None = None,
    ) -> None:
        self._matcher = banks if isinstance(banks, BankMatcher) else BankMatcher(list(banks))
        self._score_nudity = score_nudity
        self._scorer = nudity_scorer or (NudityScorer() if score_nudity else None)
        self._on_skip = on_skip

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        signals: list[Signal] = []
        for facts in self.inspect(view.conversation):
            signals.extend(self._signals(view.conversation, facts))
        return signals

    def inspect(self, conversation: Conversation) -> tuple[ImageFacts, ...]:
        """The facts of every image attachment, in message order (skipped ones included)."""
        found: list[ImageFacts] = []
        for attachment in image_attachments(conversation):
            facts = self._examine(attachment)
            if facts.skipped is not None:
                # A caller told through on_skip warns the user itself; the log line is then info.
                logger.log(
                    logging.INFO if self._on_skip is not None else logging.WARNING,
                    "image attachment skipped: %s (conversation %s, message %s)",
                    facts.skipped,
                    conversation.id,
                    attachment.message_id,
                )
                if self._on_skip is not None:
                    self._on_skip(
                        SkippedImage(
                            conversation.id, attachment.message_id, attachment.shown, facts.skipped
                        )
                    )
            found.append(facts)
        return tuple(found)

    def _examine(self, attachment: ImageAttachment) -> ImageFacts:
        index, message_id, shown = attachment.message_index, attachment.message_id, attachment.shown
        if not attachment.file.is_file():
            return ImageFacts(message_id, index, shown, skipped="image file not found")
        nudity: NudityResult | None = None
        try:
            if self._scorer is not None and self._score_nudity:
                hashes, pixels = hash_image_file_with_pixels(attachment.file)
                nudity = self._scorer.score_pixels(pixels)
                del pixels
            else:
                hashes = hash_image_file(attachment.file)
        except ImageReadError as exc:
            # The message starts with the file name; keep only what went wrong.
            reason = str(exc).removeprefix(f"{attachment.file}: ")
            return ImageFacts(message_id, index, shown, skipped=reason)
        outcome = self._matcher.match(hashes)
        risk = RiskLevel.CRITICAL if outcome.matches else RiskLevel.NONE
        if nudity is not None:
            risk = max(risk, nudity.risk)
        return ImageFacts(
            message_id=message_id,
            message_index=index,
            path=shown,
            sha256=hashes.sha256,
            md5=hashes.md5,
            pdq=hashes.pdq,
            quality=hashes.quality,
            matches=outcome.matches,
            suppressed=outcome.suppressed,
            nudity_labels=nudity.labels if nudity else (),
            nudity_reason=nudity.reason if nudity else "",
            nudity_risk=nudity.risk if nudity else RiskLevel.NONE,
            nudity_model=f"{nudity.model} (label table v{nudity.policy_version})" if nudity else "",
            risk=risk,
        )

    def _signals(self, conversation: Conversation, facts: ImageFacts) -> list[Signal]:
        if facts.skipped is not None:
            return []
        message = conversation.messages[facts.message_index]
        quote = f"image sha256 {facts.sha256}"
        found: list[Signal] = []
        for match in facts.matches:
            found.append(
                Signal(
                    category=CATEGORY,
                    message_index=facts.message_index,
                    message_id=facts.message_id,
                    sender=message.sender,
                    weight=_match_weight(match),
                    reason=_match_reason(match),
                    detector=self.name,
                    detector_version=self.version,
                    rule=f"hash_bank:{match.bank}:{match.signal_type}",
                    quote=f"{quote}, pdq {facts.pdq}, bank entry {match.entry_id}",
                    voice=Voice.ANY,
                    image=image_evidence(facts, match),
                )
            )
        nudity_risk = facts.nudity_risk
        if nudity_risk in _NUDITY_WEIGHTS:
            found.append(
                Signal(
                    category=CATEGORY,
                    message_index=facts.message_index,
                    message_id=facts.message_id,
                    sender=message.sender,
                    weight=_NUDITY_WEIGHTS[nudity_risk],
                    reason=facts.nudity_reason,
                    detector=self.name,
                    detector_version=self.version,
                    rule="nudity_model",
                    quote=f"{quote}, labels {', '.join(n.label for n in facts.nudity_labels)}",
                    voice=Voice.ANY,
                    image=image_evidence(facts),
                )
            )
        return found


def image_evidence(facts: ImageFacts, match: BankMatch | None = None) -> ImageEvidence:
    """The evidence record of one image: its hashes, the bank match (if any), model labels."""
    return ImageEvidence(
        path=facts.path,
        sha256=facts.sha256,
        md5=facts.md5,
        pdq=facts.pdq,
        quality=facts.quality,
        match=ImageBankMatch(
            bank=match.bank,
            entry=match.entry_id,
            hash_type=match.signal_type,
            distance=match.distance,
            threshold=match.threshold,
            labels=match.labels,
        )
        if match is not None
        else None,
        model=facts.nudity_model,
        model_risk=facts.nudity_risk.value if facts.nudity_model else "",
        model_labels=tuple(ImageModelLabel(n.label, n.score) for n in facts.nudity_labels),
    )


def _match_weight(match: BankMatch) -> float:
    if match.signal_type != "pdq":
        return _EXACT_MATCH_WEIGHT
    closeness = 1 - match.distance / max(1, match.threshold)
    return round(_PDQ_MATCH_WORST + (_PDQ_MATCH_BEST - _PDQ_MATCH_WORST) * closeness, 3)


def _match_reason(match: BankMatch) -> str:
    if match.signal_type == "pdq":
        return (
            f"image matches known-image bank '{match.bank}' "
            f"(PDQ distance {match.distance} of 256, quality {match.quality})"
        )
    return f"image matches known-image bank '{match.bank}' (exact {match.signal_type.upper()})"
