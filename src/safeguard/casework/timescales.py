"""Timescale warnings for referrals and transfers, each naming its source and whether verified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Timescale:
    """How long until something should have happened, and on whose authority."""

    agencies: frozenset[str]
    working_days: int
    expectation: str
    source: str
    verified: bool


REFERRAL_TIMESCALES: tuple[Timescale, ...] = (
    Timescale(
        frozenset({"local_childrens_social_care", "out_of_hours_edt"}),
        1,
        "Children's social care should acknowledge a referral and decide next steps within "
        "one working day. Chase it if you have heard nothing.",
        "Working Together to Safeguard Children (England), referral response",
        False,
    ),
    Timescale(
        frozenset({"lado"}),
        1,
        "Allegations against staff go to the LADO within one working day; record the "
        "LADO's advice.",
        "Local safeguarding partnership procedures (e.g. Sheffield), PRACTICE.md C",
        True,
    ),
    Timescale(
        frozenset({"police_emergency", "police_non_emergency", "ceop_safety_centre"}),
        1,
        "Record the police or CEOP reference number once you have it.",
        "Record keeping: KCSIE (written record of referrals)",
        False,
    ),
)

TRANSFER_DAYS = 5  # CP file to the new setting within 5 school days (PRACTICE.md B11)


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` moved on by ``days`` working days (Monday to Friday; holidays not known)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def referral_warning(agency: str, referred_at: datetime, has_outcome: bool, now: datetime) -> str:
    """A warning to show for a referral with no outcome past its timescale ('' if none)."""
    if has_outcome:
        return ""
    for scale in REFERRAL_TIMESCALES:
        if agency in scale.agencies and now > add_working_days(referred_at, scale.working_days):
            checked = "verified" if scale.verified else "needs verification"
            return f"{scale.expectation} (Source: {scale.source}; {checked}.)"
    return ""
