"""Attachment types from file names and MIME types, shared by the importers and discovery."""

from __future__ import annotations

from pathlib import PurePosixPath

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff"}
)
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".3gp", ".avi", ".mkv", ".webm", ".wmv"})
AUDIO_SUFFIXES = frozenset(
    {".opus", ".ogg", ".oga", ".m4a", ".mp3", ".aac", ".wav", ".amr", ".flac"}
)
MEDIA_SUFFIXES = IMAGE_SUFFIXES | VIDEO_SUFFIXES | AUDIO_SUFFIXES
"""Files that are never chat exports: discovery skips them without opening them."""

ATTACHMENT_TYPES = ("image", "video", "audio", "file")


def attachment_type(file_name: str | None, mime: str | None = None) -> str:
    """``image``, ``video``, ``audio`` or ``file`` from a MIME type or a file name's ending."""
    if mime:
        major = mime.split("/", 1)[0].lower()
        if major in ("image", "video", "audio"):
            return major
    if file_name:
        suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            return "image"
        if suffix in VIDEO_SUFFIXES:
            return "video"
        if suffix in AUDIO_SUFFIXES:
            return "audio"
    return "file"


def is_media_file(file_name: str) -> bool:
    """True for image, video and audio files (by name)."""
    return PurePosixPath(file_name).suffix.lower() in MEDIA_SUFFIXES
