"""An alert keeps the facts of the images behind it (never the image), merged per image."""

from __future__ import annotations

import json

import pytest

from safeguard.casework.alert_images import AlertImage, images_of
from safeguard.casework.scan_import import parse_scan_json
from safeguard.core.assessment import Assessment, CategoryAssessment, Evidence
from safeguard.core.errors import RecordError
from safeguard.core.image_evidence import ImageBankMatch, ImageEvidence, ImageModelLabel
from safeguard.core.levels import RiskLevel

FACTS = ImageEvidence(
    path="img/1.png",
    sha256="a" * 64,
    md5="b" * 32,
    pdq="c" * 64,
    quality=90,
    model="nudenet-320n (label table v1)",
    model_risk="high",
    model_labels=(ImageModelLabel("BUTTOCKS_EXPOSED", 0.9),),
)
MATCHED = ImageEvidence(
    path="img/1.png",
    sha256="a" * 64,
    md5="b" * 32,
    pdq="c" * 64,
    quality=90,
    match=ImageBankMatch("known", "k1", "pdq", 4, 31, ("csam",)),
)


def _assessment(*evidence: Evidence) -> Assessment:
    category = CategoryAssessment("sexual_imagery", RiskLevel.CRITICAL, 0.98, "c1-2", evidence)
    return Assessment("c1", RiskLevel.CRITICAL, 0.98, (category,))


def test_one_image_found_twice_is_one_alert_image_with_both_reasons_and_the_match() -> None:
    images = images_of(
        _assessment(
            Evidence("c1-2", "local nudity model: risk high", image=FACTS),
            Evidence("c1-2", "image matches known-image bank 'known'", image=MATCHED),
            Evidence("c1-1", "asks for a picture"),
        )
    )
    [image] = images
    assert image.message_id == "c1-2"
    assert image.why == ("local nudity model: risk high", "image matches known-image bank 'known'")
    assert image.facts.match is not None and image.facts.match.entry == "k1"


def test_alert_image_round_trips_through_its_stored_form() -> None:
    image = AlertImage("c1-2", ("why",), FACTS)
    assert AlertImage.from_data(image.to_data()) == image


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sha256": "not-hex"}, "sha256: expected 64 hexadecimal digits"),
        ({"pdq": "ab" * 200}, "pdq: expected 64 hexadecimal digits"),
        ({"quality": "high"}, "quality: expected a whole number"),
        ({"message_id": 3}, "message_id: expected a string"),
        ({"match": {"bank": "k"}}, "match.entry: expected a string"),
        ({"model": {"name": "m", "risk": "high", "labels": [{"label": "x"}]}}, "model.labels"),
    ],
)
def test_stored_form_with_a_bad_field_is_refused_with_its_name(
    change: dict[str, object], message: str
) -> None:
    data = {**AlertImage("c1-2", ("why",), FACTS).to_data(), **change}
    with pytest.raises(ValueError, match=message):
        AlertImage.from_data(data)


def _scan_line(image: object) -> str:
    evidence = {"message_id": "c1-2", "why": "image matches", "image": image}
    category = {
        "category": "sexual_imagery",
        "level": "critical",
        "score": 0.98,
        "first_flag_message_id": "c1-2",
        "evidence": [evidence],
    }
    line = {"conversation_id": "c1", "risk": "critical", "score": 0.98, "categories": [category]}
    return json.dumps(line)


def test_scan_import_reads_image_facts_back() -> None:
    [assessment] = parse_scan_json(_scan_line(MATCHED.to_dict()), "scan.jsonl")
    [image] = images_of(assessment)
    assert image.facts == MATCHED and image.why == ("image matches",)


def test_scan_import_names_the_line_and_field_of_bad_image_facts() -> None:
    bad = {**MATCHED.to_dict(), "md5": "iVBORw0KGgo="}  # e.g. someone pasting image data
    with pytest.raises(RecordError) as caught:
        parse_scan_json("\n" + _scan_line(bad), "scan.jsonl")
    assert str(caught.value) == (
        "scan.jsonl:2: field 'categories[0].evidence[0].image': md5: expected 32 hexadecimal digits"
    )
