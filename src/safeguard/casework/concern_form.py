"""What staff fill in to log a concern: short, with prompts for good recording practice."""

from __future__ import annotations

from safeguard.casework.entries import DEVICE_SECURED
from safeguard.casework.fields import FieldSpec, full_name
from safeguard.core.categories import CATEGORY_IDS

CATEGORY_LABELS: dict[str, str] = {
    "grooming": "Grooming (trust, secrecy, isolation)",
    "sexual_conversation": "Sexual talk with a child",
    "image_solicitation": "Asked or pressured to send images",
    "sextortion": "Sextortion (threats to share images)",
    "webcam_abuse": "Webcam or live-stream abuse",
    "sexual_imagery": "Nude or semi-nude images shared",
    "threats_abuse": "Threats, abuse or cyberbullying",
    "hate_group": "Group or page targeting a child",
    "self_harm_encouragement": "Encouraged to self-harm",
    "self_harm_risk": "Child at risk of self-harm or suicide",
    "impersonation": "Fake account or impersonation",
    "exploitation_commercial": "Exploitation (money, gifts, drugs)",
    "adult_content_exposure": "Exposed to adult pornography",
    "personal_info": "Shared personal details with a stranger",
    "other": "Other safeguarding concern",
}
CONCERN_CATEGORIES: tuple[tuple[str, str], ...] = tuple(
    (key, CATEGORY_LABELS[key]) for key in (*CATEGORY_IDS, "other")
)

CONCERN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "child_name",
        "Child's full name",
        required=True,
        check=full_name,
        help="First and last name, not initials.",
    ),
    FieldSpec("category", "What is it about?", "select", required=True, choices=CONCERN_CATEGORIES),
    FieldSpec(
        "account",
        "What did you see or hear?",
        "textarea",
        required=True,
        help="Facts only: who, what, when, where. Write the child's own words in quotes, "
        "exactly as said. Do not ask leading questions.",
    ),
    FieldSpec(
        "dsl_told",
        "Have you told the DSL in person?",
        "yesno",
        required=True,
        help="If a child is in immediate danger, tell the DSL now and call 999.",
    ),
    FieldSpec(
        "opinion",
        "Your opinion (optional, kept separate from the facts)",
        "textarea",
    ),
    FieldSpec(
        "device",
        "Was a device secured?",
        "select",
        choices=DEVICE_SECURED,
        default="no_device",
        help="Secure it, don't search it. Never view, copy or forward an image.",
    ),
    FieldSpec("device_notes", "Device notes (which device, where it is now)"),
    FieldSpec(
        "linked_children",
        "Other children involved (optional)",
        "textarea",
        help="Only children who were involved. One full name per line.",
    ),
)

# Categories whose concerns come to the DSL as high rather than medium alerts.
HIGH_CATEGORIES = frozenset(
    {
        "sextortion",
        "self_harm_risk",
        "self_harm_encouragement",
        "sexual_imagery",
        "webcam_abuse",
        "exploitation_commercial",
        "image_solicitation",
        "grooming",
    }
)
