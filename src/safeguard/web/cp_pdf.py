"""A printable PDF of a CP file document (fpdf2), for settings that transfer on paper."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF


def _latin(text: object) -> str:
    """fpdf2's core fonts are Latin-1: replace what they cannot show, keep the rest."""
    replacements = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                    "\u2014": "-", "\u2026": "..."}  # fmt: skip
    out = str(text)
    for bad, good in replacements.items():
        out = out.replace(bad, good)
    return out.encode("latin-1", errors="replace").decode("latin-1")


def cp_file_pdf(document: dict[str, Any]) -> bytes:
    """The document as a PDF: child, checksum, chronology, concerns and every case entry."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, 7, _latin(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)

    def line(text: object) -> None:
        pdf.multi_cell(width, 5, _latin(text), new_x="LMARGIN", new_y="NEXT")

    heading("Child protection file - CONFIDENTIAL", 16)
    child = document["child"]
    line(f"Child: {child['full_name']}")
    line(
        f"From: {document['source_setting']['name']} ({document['source_setting']['jurisdiction']})"
    )
    if child.get("date_of_birth"):
        keep = child.get("retain_until")
        line(f"Date of birth: {child['date_of_birth']}  (keep this file until {keep})")
    moving = document.get("transfer")
    if moving:
        line(
            f"Moving to: {moving['new_setting']} ({moving['move'].replace('_', ' ')} from "
            f"{moving['starts_on']}); the file is due there by {moving['due_on']}"
        )
    line(f"Exported: {document['exported_at']} by {document['exported_by']}")
    line(f"Export id: {document['export_id']}")
    line(f"SHA-256 of the JSON file: {document['sha256']}")
    signature = document.get("signature") or {}
    line(
        f"Signature ({signature.get('alg', '')}, key {signature.get('key_id', '')}): "
        f"{signature.get('value', '')}"
    )
    line("Keep separate from the pupil file. Send by a secure route, never by ordinary post or")
    line("with the parents, and obtain confirmation of receipt.")
    pdf.ln(3)
    heading("Manifest (SHA-256 of each section)", 11)
    for name, value in sorted((document.get("manifest") or {}).items()):
        line(f"{name}: {value}")
    pdf.ln(3)
    heading("Chronology")
    for item in document["chronology"]:
        line(f"{item['at'][:16].replace('T', ' ')}  {item['title']}")
    pdf.ln(3)
    heading("Concerns")
    for concern in document["concerns"]:
        at = concern["created_at"][:16].replace("T", " ")
        line(f"{at} - {concern['category']} - by {concern['author']}")
        line(f"  {concern['account']}")
        if concern.get("opinion"):
            line(f"  Opinion: {concern['opinion']}")
    for case in document["cases"]:
        pdf.ln(3)
        heading(f"Case: {case['title']} ({case['status']})")
        for entry in case["entries"]:
            version = f" v{entry['version']}" if entry.get("version", 1) > 1 else ""
            at = entry["created_at"][:16].replace("T", " ")
            line(f"{at} - {entry['kind']}{version} - {entry['author']}")
            if entry.get("correction_reason"):
                line(f"  Correction: {entry['correction_reason']}")
            for key, value in entry["data"].items():
                if value not in (None, "", []):
                    line(f"  {key}: {value}")
    return bytes(pdf.output())
