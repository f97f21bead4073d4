"""The kinds of case-record entry and the fields each one records.

A case record is an append-only list of entries. Each entry has a kind (a note, an action, a
decision, a referral, ...) and JSON-ready ``data`` cleaned by the kind's field specs. A
correction is a new entry of the same kind that supersedes an older one and carries a reason;
nothing is ever overwritten or deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from safeguard.casework.fields import FieldSpec, Value, clean_form, hex_digest


class EntryKind(Enum):
    NOTE = "note"
    ACTION = "action"
    DECISION = "decision"
    REFERRAL = "referral"
    PARENTS = "parents"
    EVIDENCE = "evidence"
    UKCIS_REVIEW = "ukcis_review"
    VIEWING = "viewing"
    CLOSURE = "closure"
    ALERT = "alert"  # written by triage: an alert escalated to or merged into the case


@dataclass(frozen=True, slots=True)
class EntryForm:
    """What a person fills in to add an entry of one kind."""

    kind: EntryKind
    title: str
    summary_field: str
    fields: tuple[FieldSpec, ...]
    written_by_people: bool = True

    def clean(self, raw: Mapping[str, str | list[str]]) -> dict[str, Value]:
        """Validated data for this kind, or ValidationFailed naming every bad field."""
        return clean_form(self.fields, raw)


# New information that may make an immediate referral necessary (UKCIS triggers). Any entry
# may carry it, so the triggers are re-checked whenever something new is recorded.
FACT_CHOICES: tuple[tuple[str, str], ...] = (
    ("adult_involved", "An adult is involved (made, shared, received or asked for images)"),
    ("coerced_or_groomed", "The young person was coerced or groomed"),
    ("blackmailed", "The young person was blackmailed"),
    ("capacity_concern", "There are concerns about their capacity to consent (e.g. SEND)"),
    ("unusual_or_violent_acts", "Sexual acts unusual for their developmental stage, or violent"),
    ("under_13_sexual_acts", "Imagery involves sexual acts and a child in it is under 13"),
    (
        "immediate_risk_of_harm",
        "Immediate risk of harm, e.g. presenting as suicidal or self-harming",
    ),
    ("financially_motivated", "Financially motivated sexual extortion (demands for money)"),
    ("other_harm_concern", "Any other concern that a child has been harmed or is at risk"),
)

YES_NO_UNKNOWN: tuple[tuple[str, str], ...] = (
    ("unknown", "Not known yet"),
    ("yes", "Yes"),
    ("no", "No"),
)

# The facts of a nude-image incident (``safeguard.core.ukcis.IncidentFacts``), asked plainly.
FACT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("images_involved", "Are nude or semi-nude images involved (not only words)?"),
    ("ai_generated", "Are the images AI-generated or manipulated?"),
    ("adult_involved", "Is an adult involved in making, sharing, receiving or asking for them?"),
    ("shared_with_adult", "Has a young person shared a peer's image with an adult?"),
    ("coerced_or_groomed", "Was the young person coerced or groomed?"),
    ("blackmailed", "Was the young person blackmailed or threatened?"),
    ("capacity_concern", "Is their capacity to consent in doubt (e.g. SEND)?"),
    ("unusual_or_violent_acts", "From what you were told, acts unusual for their age, or violent?"),
    ("sexual_acts", "From what you were told, does the imagery involve sexual acts?"),
    ("immediate_risk_of_harm", "Is any young person at immediate risk of harm (e.g. suicidal)?"),
    ("financially_motivated", "Was money demanded (financially motivated sextortion)?"),
    ("other_harm_concern", "Any other concern that a child has been harmed or is at risk?"),
)


def _child_age(text: str) -> str | None:
    return None if text.isdigit() and 0 <= int(text) < 18 else "enter an age from 0 to 17"


FACTS_FIELD = FieldSpec(
    "new_facts",
    "Does this show any of the following?",
    kind="checks",
    choices=FACT_CHOICES,
    help="Tick any that apply. Each one means an immediate referral to police or children's "
    "social care.",
)

DEVICE_SECURED: tuple[tuple[str, str], ...] = (
    ("no_device", "No device involved"),
    ("flight_mode", "Confiscated and set to flight mode"),
    ("switched_off", "Confiscated and switched off"),
    ("isolated_on", "Confiscated, powered on and isolated (police advice)"),
    ("not_secured", "Not secured (say why below)"),
)

DECISIONS: tuple[tuple[str, str], ...] = (
    ("refer_police", "Refer to police"),
    ("refer_csc", "Refer to children's social care"),
    ("refer_police_and_csc", "Refer to police and children's social care"),
    ("early_help", "Early help / support within the setting"),
    ("manage_in_setting", "Manage within the setting (no immediate-referral trigger)"),
    ("not_to_refer", "Decide not to refer"),
    ("monitor", "Monitor and review"),
)

# Referral routes: ids of the agency directory (``safeguard.core.agencies``), plus "other".
AGENCIES: tuple[tuple[str, str], ...] = (
    ("police_emergency", "Police (999 emergency)"),
    ("police_non_emergency", "Police (101 non-emergency)"),
    ("local_childrens_social_care", "Children's social care / MASH"),
    ("out_of_hours_edt", "Emergency duty team (out of hours)"),
    ("lado", "LADO (allegation against staff)"),
    ("ceop_safety_centre", "CEOP Safety Centre"),
    ("report_remove", "Report Remove (Childline + IWF)"),
    ("take_it_down", "Take It Down (NCMEC)"),
    ("iwf_hotline", "Internet Watch Foundation"),
    ("nspcc_helpline", "NSPCC Helpline"),
    ("posh", "Professionals Online Safety Helpline"),
    ("other", "Other, e.g. health or CAMHS (say which in the reference)"),
)

CLOSURE_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("resolved_in_setting", "Resolved within the setting"),
    ("referred_accepted", "Referred; accepted by the agency"),
    ("referred_nfa", "Referred; no further action by the agency"),
    ("child_left", "Child left the setting (file transferred)"),
    ("no_concern", "No safeguarding concern on review"),
)

VIEWING_REASONS: tuple[tuple[str, str], ...] = (
    ("only_way_to_decide", "Viewing is the only way to decide whether to refer"),
    ("needed_for_takedown", "Needed to report the image for removal"),
    ("unavoidable", "Unavoidable: the child presented it, or it was found on a setting device"),
)

_HASH_HELP = "From a hashing tool only. Never open, copy or upload the image itself."

ENTRY_FORMS: dict[EntryKind, EntryForm] = {
    form.kind: form
    for form in (
        EntryForm(
            EntryKind.NOTE,
            "Note",
            "text",
            (
                FieldSpec(
                    "text",
                    "What happened",
                    "textarea",
                    required=True,
                    help="Facts: who, what, when, where. Put the child's words in quotes.",
                ),
                FieldSpec("opinion", "Your professional opinion (kept separate)", "textarea"),
                FACTS_FIELD,
            ),
        ),
        EntryForm(
            EntryKind.ACTION,
            "Action",
            "description",
            (
                FieldSpec("description", "Action", "textarea", required=True),
                FieldSpec("owner", "Owner (full name)", required=True),
                FieldSpec("due", "Due by", "date", required=True),
                FieldSpec(
                    "status",
                    "Status",
                    "select",
                    required=True,
                    choices=(("open", "Open"), ("done", "Done")),
                    default="open",
                ),
            ),
        ),
        EntryForm(
            EntryKind.DECISION,
            "Decision",
            "decision",
            (
                FieldSpec("decision", "Decision", "select", required=True, choices=DECISIONS),
                FieldSpec(
                    "reasons",
                    "Reasons",
                    "textarea",
                    required=True,
                    help="Record why, including why not to refer (KCSIE).",
                ),
                FieldSpec("consulted", "People consulted"),
                FACTS_FIELD,
            ),
        ),
        EntryForm(
            EntryKind.REFERRAL,
            "Referral",
            "agency",
            (
                FieldSpec("agency", "Agency", "select", required=True, choices=AGENCIES),
                FieldSpec("referred_at", "Referred on", "datetime", required=True),
                FieldSpec("reference", "Agency reference"),
                FieldSpec("contact", "Who you spoke to"),
                FieldSpec(
                    "outcome",
                    "Outcome",
                    "textarea",
                    help="Leave blank until the agency tells you; you will be prompted to chase.",
                ),
            ),
        ),
        EntryForm(
            EntryKind.PARENTS,
            "Parents or carers",
            "informed",
            (
                FieldSpec("informed", "Parents or carers informed?", "yesno", required=True),
                FieldSpec("when", "When", "datetime", required_when=("informed", ("yes",))),
                FieldSpec("by_whom", "By whom", required_when=("informed", ("yes",))),
                FieldSpec(
                    "why_not",
                    "Why not",
                    "textarea",
                    required_when=("informed", ("no",)),
                    help="Parents are told early unless that would put the child at risk.",
                ),
            ),
        ),
        EntryForm(
            EntryKind.EVIDENCE,
            "Evidence",
            "item",
            (
                FieldSpec("item", "Item", required=True, help="e.g. pupil's phone, laptop"),
                FieldSpec("secured", "How secured", "select", True, choices=DEVICE_SECURED),
                FieldSpec("secured_at", "When secured", "datetime"),
                FieldSpec("secured_by", "Secured by (full name)"),
                FieldSpec("to_police", "Handed to police?", "yesno"),
                FieldSpec("police_reference", "Police reference"),
                FieldSpec(
                    "facts",
                    "Facts about any image (never the image)",
                    "textarea",
                    help="Who reported it, platform, how far it spread. Do not search the device.",
                ),
                FieldSpec("sha256", "SHA-256", check=hex_digest(64), help=_HASH_HELP),
                FieldSpec("md5", "MD5", check=hex_digest(32), help=_HASH_HELP),
                FieldSpec("pdq", "PDQ hash", check=hex_digest(64), help=_HASH_HELP),
            ),
        ),
        EntryForm(
            EntryKind.UKCIS_REVIEW,
            "UKCIS initial review",
            "f_images_involved",
            (
                *(
                    FieldSpec(
                        f"f_{fact}",
                        question,
                        "select",
                        choices=YES_NO_UNKNOWN,
                        default="unknown",
                    )
                    for fact, question in FACT_QUESTIONS
                ),
                FieldSpec(
                    "youngest_age",
                    "Age of the youngest child in the imagery (if known)",
                    check=_child_age,
                ),
                FieldSpec(
                    "immediate_risk_answer", "Is there an immediate risk to any child?", "textarea"
                ),
                FieldSpec("why_shared", "Why was it shared? Was there pressure?", "textarea"),
                FieldSpec(
                    "spread", "Shared beyond the intended recipient? Where online?", "textarea"
                ),
                FieldSpec("more_than_one", "Was it sent to more than one person?", "yesno"),
                FieldSpec(
                    "containment",
                    "What has been done to contain it? Is action needed now to remove it from "
                    "devices or online services?",
                    "textarea",
                    help="Report Remove (Childline + IWF) and Take It Down help a young person "
                    "get images removed without anyone viewing them.",
                ),
                FieldSpec("ages", "Ages of everyone involved"),
                FieldSpec("vulnerability", "Any vulnerability concerns?", "textarea"),
                FieldSpec("parent_risk", "Additional risks if parents are told?", "textarea"),
                FieldSpec("others_to_contact", "Other settings or people to contact?"),
                FieldSpec("further_information", "What further information is needed?", "textarea"),
            ),
        ),
        EntryForm(
            EntryKind.VIEWING,
            "Viewing decision",
            "decision",
            (
                FieldSpec(
                    "decision",
                    "Viewing decision",
                    "select",
                    required=True,
                    choices=(
                        ("not_viewed", "Not viewed (the default)"),
                        ("exception", "Exception: the DSL views it"),
                    ),
                    default="not_viewed",
                ),
                FieldSpec(
                    "reason",
                    "Reason for the exception",
                    "select",
                    choices=VIEWING_REASONS,
                    required_when=("decision", ("exception",)),
                ),
                FieldSpec(
                    "agreed_by",
                    "Agreed with (head teacher / SLT, full name)",
                    required_when=("decision", ("exception",)),
                ),
                FieldSpec("viewer", "Who viewed", required_when=("decision", ("exception",))),
                FieldSpec(
                    "present",
                    "Other staff member present",
                    required_when=("decision", ("exception",)),
                ),
                FieldSpec("written_reasons", "Reasons in full", "textarea", required=True),
                FieldSpec("subsequent_actions", "Subsequent actions", "textarea"),
            ),
        ),
        EntryForm(
            EntryKind.CLOSURE,
            "Close the case",
            "outcome",
            (
                FieldSpec("outcome", "Outcome", "select", True, choices=CLOSURE_OUTCOMES),
                FieldSpec("summary", "Summary", "textarea", required=True),
            ),
        ),
        EntryForm(EntryKind.ALERT, "Alert", "summary", (), written_by_people=False),
    )
}


def entry_form(kind: str) -> EntryForm:
    """The form for the entry kind named ``kind``; ValueError if it is unknown."""
    try:
        return ENTRY_FORMS[EntryKind(kind)]
    except ValueError:
        raise ValueError(f"unknown entry kind {kind!r}") from None


def choice_label(choices: tuple[tuple[str, str], ...], key: object) -> str:
    """The label of ``key`` among ``choices`` (the key itself if unknown)."""
    for candidate, label in choices:
        if candidate == key:
            return label
    return str(key)
