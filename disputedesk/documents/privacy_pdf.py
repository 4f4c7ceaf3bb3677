"""The readable copy of a customer's personal data (right of access, RGPD art. 15): their
details, then every record that concerns them, table by table, in the customer's language.
The machine-readable copy (with the files) is the JSON written next to it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from disputedesk.documents.fonts import FAMILY, register_fonts
from disputedesk.documents.markup import para
from disputedesk.documents.packet_styles import styles
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.money import Money
from disputedesk.i18n import N_, Translator

SECTIONS = {
    "dispute": N_("Disputes"),
    "stage_change": N_("Stage changes"),
    "journal_entry": N_("Journal entries (calls, e-mails, letters, meetings)"),
    "attachment": N_("Attached files"),
    "document": N_("Documents (letters, packets)"),
    "letter": N_("Letters sent"),
    "invoice": N_("Invoices"),
    "payment": N_("Payments"),
    "task": N_("Follow-up deadlines"),
}
# Internal columns that mean nothing to the reader.
_HIDDEN = {"id", "sha256", "sort_name", "logo_sha256", "signature_sha256", "currency"}
FIELD_LABELS = {
    "reference": N_("Reference"),
    "title": N_("Title"),
    "category": N_("Category"),
    "description": N_("Description"),
    "customer_request": N_("Request"),
    "received_at": N_("Received on"),
    "received_via": N_("Received by"),
    "stage": N_("Stage"),
    "from_stage": N_("From stage"),
    "to_stage": N_("To stage"),
    "reason": N_("Reason"),
    "outcome": N_("Outcome"),
    "occurred_at": N_("Date"),
    "channel": N_("Channel"),
    "direction": N_("Direction"),
    "summary": N_("Summary"),
    "body": N_("Text"),
    "number": N_("Number"),
    "issue_date": N_("Issue date"),
    "due_date": N_("Due date"),
    "amount_minor": N_("Amount"),
    "paid_on": N_("Paid on"),
    "note": N_("Note"),
    "original_name": N_("File name"),
    "file_name": N_("File name"),
    "size": N_("Size (bytes)"),
    "subject": N_("Subject"),
    "created_at": N_("Recorded on"),
    "due_at": N_("Due on"),
}
_CUSTOMER_FIELDS = (
    ("title", N_("Title")),
    ("first_name", N_("First name")),
    ("last_name", N_("Last name")),
    ("company", N_("Company")),
    ("siret", N_("SIRET")),
    ("address_line1", N_("Address")),
    ("address_line2", N_("Address (continued)")),
    ("address_postcode", N_("Postcode")),
    ("address_city", N_("Town")),
    ("address_country", N_("Country")),
    ("email", N_("E-mail")),
    ("phone", N_("Phone")),
    ("language", N_("Language")),
    ("notes", N_("Notes")),
)


def _value(v: Any, locale: str) -> str:
    if isinstance(v, str) and len(v) >= 19 and v[4:5] == "-" and "T" in v[10:11]:
        try:
            return format_datetime(datetime.fromisoformat(v), "medium", locale=locale)
        except (ValueError, OverflowError):
            return v
    if v is True:
        return "✓"
    return "" if v is None or v is False else str(v)


def _cell(key: str, value: Any, row: dict[str, Any], locale: str) -> str:
    if key.endswith("_minor") and isinstance(value, int):
        try:
            return Money(value, str(row.get("currency") or "EUR")).format(locale)
        except (ValueError, TypeError, DisputeDeskError):
            return str(value)
    return _value(value, locale)


def render_personal_data(data: dict[str, Any]) -> bytes:
    register_fonts()
    st = styles()
    c = data["customer"]
    lang = c.get("language") or "fr"
    t = Translator(lang)
    _ = t.gettext
    locale = "fr_FR" if t.lang == "fr" else "en_GB"
    sep = "\u00a0: " if t.lang == "fr" else ": "  # French typography: space before a colon
    person = " ".join(p for p in (c.get("company"), c.get("first_name"), c.get("last_name")) if p)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_("Personal data held about {name}").format(name=person),
        initialFontName=FAMILY,
    )
    story: list = [
        Paragraph(para(_("Personal data held about {name}").format(name=person)), st["title"]),
        Paragraph(
            para(
                _(
                    "Exported on {date}. This copy lists every record that concerns you; the "
                    "files themselves are in the JSON file given with it."
                ).format(date=_value(data["exported_at"], locale))
            ),
            st["muted"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(para(_("Identity and contact details")), st["h1"]),
    ]
    for key, label in _CUSTOMER_FIELDS:
        value = c.get(key)
        if value:
            story.append(Paragraph(f"<b>{para(_(label))}</b>{sep}{para(str(value))}", st["body"]))
    records = data.get("records", {})
    for table, rows in records.items():
        if table == "customer" or not rows:
            continue
        heading = _(SECTIONS[table]) if table in SECTIONS else table.replace("_", " ")
        story.append(Paragraph(para(heading), st["h1"]))
        for row in rows:
            lines = [
                f"<b>{para(_(FIELD_LABELS[k]) if k in FIELD_LABELS else k.replace('_', ' '))}</b>"
                f"{sep}{para(_cell(k, v, row, locale))}"
                for k, v in row.items()
                if k not in _HIDDEN and not k.endswith("_id") and _value(v, locale)
            ]
            if lines:
                story.append(Paragraph("<br/>".join(lines), st["entry"]))
    doc.build(story)
    return buf.getvalue()
