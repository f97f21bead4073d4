"""Wires the standard scan engine: rule detectors, response guidance, image and learned detectors.

The detection core (``safeguard.core``) stays free of I/O-heavy parts; this module is where a
command or service asks for "the engine Safeguard ships with".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from safeguard.core.assessor import AssessorConfig
from safeguard.core.conversation import Conversation, Role
from safeguard.core.detector import Detector
from safeguard.core.engine import ScanEngine, build_engine
from safeguard.core.levels import RiskLevel

if TYPE_CHECKING:
    from safeguard.images.attachments import SkippedImage
    from safeguard.images.hash_bank import HashBank


def _guide(
    categories: Sequence[tuple[str, RiskLevel]], conversation: Conversation
) -> tuple[Sequence[str], Sequence[str]]:
    from safeguard.core.guidance import guidance_for

    ages = [p.age for p in conversation.participants if p.role is Role.CHILD and p.age is not None]
    adult = any(p.role is Role.ADULT for p in conversation.participants)
    guidance = guidance_for(
        categories,
        child_age=min(ages) if ages else None,
        adult_involved=True if adult else None,
    )
    return guidance.actions, guidance.agencies


def _category_caps() -> dict[str, RiskLevel]:
    from safeguard.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return {c.id: c.max_level for c in taxonomy.categories}


def build_default_engine() -> ScanEngine:
    """The text-only engine: rule detectors, category caps and response guidance."""
    return build_scan_engine()


@dataclass(frozen=True, slots=True)
class ImageScanOptions:
    """How a scan treats image attachments (see :func:`build_scan_engine`).

    ``bank_dirs``: hash-bank folders (a bank folder, or a folder of banks) to match against.
    ``nudity``: score each image with the local nudity model. ``on_skip``: told about each
    image attachment that could not be examined (missing, unreadable, not an image).
    """

    bank_dirs: tuple[Path, ...] = ()
    nudity: bool = True
    on_skip: Callable[[SkippedImage], None] | None = None


def build_scan_engine(
    images: ImageScanOptions | None = None,
    *,
    learned: bool = False,
    thresholds_path: Path | None = None,
) -> ScanEngine:
    """The engine ``safeguard scan`` uses; with ``images``, image attachments are examined too.

    Banks are loaded (and checked) now, so a bad bank fails before any conversation is read;
    everything else about images (numpy, the PDQ index, the nudity model) loads only when a
    conversation first carries an image attachment. With ``learned``, the learned detectors
    (MiniLM behind the speed cascade, see ``safeguard.learn``) are added to the rules, with the
    thresholds of ``thresholds_path`` or the packaged ones; their models load on first use.
    """
    extra: list[Detector] = []
    if images is not None:
        extra.append(_image_detector(images))
    if learned:
        from safeguard.learn.learned_detector import LearnedDetector
        from safeguard.learn.thresholds import load_thresholds

        extra.append(LearnedDetector(thresholds=load_thresholds(thresholds_path)))
    return build_engine(
        config=AssessorConfig(caps=_category_caps()), guide=_guide, extra=tuple(extra)
    )


def _image_detector(options: ImageScanOptions) -> Detector:
    from safeguard.images.deferred_image_detector import DeferredImageDetector

    banks: list[HashBank] = []
    if options.bank_dirs:
        from safeguard.images.bank_repository import load_banks_from

        banks = load_banks_from(options.bank_dirs)

    def factory() -> Detector:
        from safeguard.images.image_detector import ImageDetector

        return ImageDetector(banks, score_nudity=options.nudity, on_skip=options.on_skip)

    return DeferredImageDetector(factory)
