"""Which attachments of a conversation are images to examine, where their files are, and why
one could not be examined.

An attachment's ``path`` is relative to the folder of the conversation file
(``Conversation.source``); an absolute path is used as it is. This module is light on purpose
(no numpy, no image library): a scan asks it whether a conversation has images at all before
anything heavy is loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from safeguard.core.conversation import Attachment, Conversation

IMAGE_DETECTOR_NAME = "image"
IMAGE_DETECTOR_VERSION = "2"


@dataclass(frozen=True, slots=True)
class ImageAttachment:
    """One image attachment to examine: its message, as written in the input, and on disk."""

    message_id: str
    message_index: int
    shown: str
    file: Path


@dataclass(frozen=True, slots=True)
class SkippedImage:
    """An image attachment that could not be examined (missing, unreadable, not an image)."""

    conversation_id: str
    message_id: str
    path: str
    reason: str

    def describe(self) -> str:
        """One line for a warning: conversation, message, path and reason."""
        return (
            f"conversation {self.conversation_id}, message {self.message_id}: "
            f"image {self.path} not examined: {self.reason}"
        )


def attachment_folder(conversation: Conversation) -> Path:
    """The folder attachment paths are relative to: the conversation file's folder."""
    return Path(conversation.source).parent if conversation.source else Path()


def resolve_attachment(folder: Path, attachment: Attachment) -> Path:
    """The file of an attachment: its path under ``folder``, or the path itself if absolute."""
    path = Path(attachment.path or "")
    return path if path.is_absolute() else folder / path


def image_attachments(conversation: Conversation) -> Iterator[ImageAttachment]:
    """Every image attachment with a path, in message order."""
    folder = attachment_folder(conversation)
    for index, message in enumerate(conversation.messages):
        for attachment in message.attachments:
            if attachment.type == "image" and attachment.path:
                yield ImageAttachment(
                    message.id, index, attachment.path, resolve_attachment(folder, attachment)
                )


def has_image_attachments(conversation: Conversation) -> bool:
    """Whether any message carries an image attachment with a path."""
    return next(image_attachments(conversation), None) is not None
