"""The scan engine: normalise once, run every detector, assess. Pure: no I/O of its own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from safeguard.core.assessment import Assessment
from safeguard.core.assessor import AssessorConfig, ConversationAssessor, Guide
from safeguard.core.conversation import Conversation
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.detectors.adult_domain_detector import AdultDomainDetector
from safeguard.core.detectors.personal_info_detector import PersonalInfoDetector
from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector
from safeguard.core.signals import Signal


def default_detectors() -> list[Detector]:
    """The rule-based detectors every scan runs."""
    return [SignalLibraryDetector(), PersonalInfoDetector(), AdultDomainDetector()]


class ScanEngine:
    """Runs detectors over conversations and assesses each one."""

    def __init__(
        self,
        detectors: Sequence[Detector] | None = None,
        assessor: ConversationAssessor | None = None,
    ) -> None:
        self.detectors = list(detectors) if detectors is not None else default_detectors()
        self.assessor = assessor or ConversationAssessor()

    def signals(self, view: ConversationView) -> list[Signal]:
        """Every signal of every detector for one conversation."""
        found: list[Signal] = []
        for detector in self.detectors:
            found.extend(detector.detect(view))
        return found

    def assess(self, conversation: Conversation) -> Assessment:
        view = ConversationView.of(conversation)
        return self.assessor.assess(view, self.signals(view))

    def assess_all(self, conversations: Iterable[Conversation]) -> Iterator[Assessment]:
        for conversation in conversations:
            yield self.assess(conversation)

    def assess_many(self, conversations: Sequence[Conversation]) -> list[Assessment]:
        """``assess`` of each conversation, worked a stage at a time over them all.

        The same assessments in the same order; running each detector over a batch keeps its
        code and data warm, which is faster than one conversation at a time.
        """
        cls = type(self)
        if cls.assess is not ScanEngine.assess or cls.signals is not ScanEngine.signals:
            return [self.assess(c) for c in conversations]
        views = [ConversationView.of(c) for c in conversations]
        found: list[list[Signal]] = [[] for _ in views]
        for detector in self.detectors:
            for signals, view in zip(found, views, strict=True):
                signals.extend(detector.detect(view))
        return [self.assessor.assess(v, s) for v, s in zip(views, found, strict=True)]


def build_engine(
    *,
    config: AssessorConfig | None = None,
    guide: Guide | None = None,
    extra: Sequence[Detector] = (),
) -> ScanEngine:
    """The standard engine with optional assessor config, response guide and extra detectors."""
    return ScanEngine([*default_detectors(), *extra], ConversationAssessor(config, guide=guide))
