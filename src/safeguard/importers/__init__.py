"""Importers: read chat exports (WhatsApp, Discord, Instagram, Telegram, CSV, PAN12, JSON Lines)
into the :class:`~safeguard.core.conversation.Conversation` model."""

from safeguard.importers.base import Importer, OnBad
from safeguard.importers.options import CsvColumns, ImportOptions
from safeguard.importers.registry import (
    FORMAT_NAMES,
    all_importers,
    detect_format,
    discover_inputs,
    get_importer,
    read_conversations,
)

__all__ = [
    "FORMAT_NAMES",
    "CsvColumns",
    "ImportOptions",
    "Importer",
    "OnBad",
    "all_importers",
    "detect_format",
    "discover_inputs",
    "get_importer",
    "read_conversations",
]
