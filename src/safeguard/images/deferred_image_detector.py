"""An image detector that costs nothing until a conversation has an image attachment.

Scans of text-only chats must stay as fast as before images were supported: the real
:class:`~safeguard.images.image_detector.ImageDetector` (numpy, the image library, the PDQ index
over the banks, and on first use the nudity model on onnxruntime) is built by ``factory`` the
first time a conversation carries an image attachment with a path, then reused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from safeguard.core.detector import ConversationView, Detector
from safeguard.core.signals import Signal
from safeguard.images.attachments import (
    IMAGE_DETECTOR_NAME,
    IMAGE_DETECTOR_VERSION,
    has_image_attachments,
)


class DeferredImageDetector(Detector):
    """Builds the image detector on the first conversation with an image, then delegates."""

    name: ClassVar[str] = IMAGE_DETECTOR_NAME
    version: ClassVar[str] = IMAGE_DETECTOR_VERSION
    categories: ClassVar[tuple[str, ...]] = ("sexual_imagery",)

    def __init__(self, factory: Callable[[], Detector]) -> None:
        self._factory = factory
        self._detector: Detector | None = None

    @property
    def loaded(self) -> bool:
        """Whether the real detector has been built (an image attachment was seen)."""
        return self._detector is not None

    def detect(self, view: ConversationView) -> Sequence[Signal]:
        if not has_image_attachments(view.conversation):
            return ()
        if self._detector is None:
            self._detector = self._factory()
        return self._detector.detect(view)
