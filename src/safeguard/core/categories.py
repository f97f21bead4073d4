"""The fourteen stable risk-category ids of DESIGN.md."""

from __future__ import annotations

from typing import Final

CATEGORY_IDS: Final[tuple[str, ...]] = (
    "grooming",
    "sexual_conversation",
    "image_solicitation",
    "sextortion",
    "webcam_abuse",
    "sexual_imagery",
    "threats_abuse",
    "hate_group",
    "self_harm_encouragement",
    "self_harm_risk",
    "impersonation",
    "exploitation_commercial",
    "adult_content_exposure",
    "personal_info",
)


def check_category(category: str) -> str:
    """Return ``category`` if it is a known id; ValueError otherwise."""
    if category not in CATEGORY_IDS:
        raise ValueError(
            f"unknown category {category!r}; expected one of {', '.join(CATEGORY_IDS)}"
        )
    return category
