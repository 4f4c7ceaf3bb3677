"""The loyalty gesture in the customer's language: the thank-you letter's wording (rendered by
the shop's letter engine, documents/letter_pdf.py, so it carries the same letterhead, window
address and legal footer as every letter) and a voucher card page to hand over or print.
Every piece of user text goes through markup.para()."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.dates import format_date
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Image, Paragraph, Table, TableStyle

from disputedesk.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts
from disputedesk.documents.markup import para
from disputedesk.domain.aftercare import Gesture, GestureKind
from disputedesk.domain.records import BusinessProfile, Customer
from disputedesk.i18n import LOCALES, N_, Translator

INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
ACCENT = HexColor("#2f5d50")

KIND_TITLES = {
    GestureKind.VOUCHER: N_("Voucher"),
    GestureKind.DISCOUNT: N_("Discount on next purchase"),
    GestureKind.FREE_SERVICE: N_("Free service"),
}


@dataclass(frozen=True)
class VoucherRequest:
    gesture: Gesture
    customer: Customer
    reference: str
    profile: BusinessProfile
    lang: str
    logo: Path | None = None
    today: date | None = None


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("b", fontName=FAMILY, fontSize=10, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("s", base, fontSize=8, leading=10, textColor=MUTED),
        "head": ParagraphStyle("h", base, fontName=BOLD, fontSize=13, leading=16),
        "subject": ParagraphStyle("subj", base, fontName=BOLD, spaceBefore=4, spaceAfter=8),
        "box_title": ParagraphStyle(
            "bt", base, fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT
        ),
        "box_value": ParagraphStyle("bv", base, fontName=BOLD, fontSize=22, leading=26),
        "italic": ParagraphStyle("i", base, fontName=ITALIC, fontSize=9, leading=12),
    }


def voucher_letter_text(req: VoucherRequest) -> tuple[str, tuple[str, ...]]:
    """(subject, paragraphs) of the thank-you letter, plain text in the customer's language."""
    _ = Translator(req.lang).gettext
    locale = LOCALES.get(req.lang, "fr_FR")
    g = req.gesture
    subject = _("Our gesture after your complaint (case {reference})").format(
        reference=req.reference
    )
    what = _(KIND_TITLES[g.kind])
    if g.value.minor:
        what = _("{gesture} of {value}").format(gesture=what, value=g.value.format(locale))
    details = [_("{gesture}, code {code}").format(gesture=what, code=g.code)]
    if g.description:
        details.append(g.description)
    if g.expires_on is not None:
        until = format_date(g.expires_on, "long", locale=locale)
        details.append(_("Valid until {date}").format(date=until))
    paragraphs = (
        _(
            "Thank you for your patience and for the trust you placed in us while we "
            "handled your complaint. We are sorry for the inconvenience, and to thank "
            "you we are pleased to offer you the gesture below."
        ),
        " — ".join(details) + ".",
        _("Single use, not exchangeable for cash. Present the enclosed voucher or quote its code."),
        _("We would be delighted to welcome you again and remain at your disposal."),
    )
    return subject, paragraphs


def build_voucher_card(req: VoucherRequest) -> bytes:
    """One A4 page: the shop's name, the voucher framed with cut marks, the legal footer."""
    register_fonts()
    st = _styles()
    _ = Translator(req.lang).gettext
    locale = LOCALES.get(req.lang, "fr_FR")
    g, p, c = req.gesture, req.profile, req.customer
    buf = io.BytesIO()
    pdf = Canvas(buf, pagesize=A4, initialFontName=FAMILY, invariant=1)
    pdf.setTitle(_("Voucher {code}").format(code=g.code))
    pdf.setAuthor(p.trade_name or p.legal_name)
    width, height = A4
    head = [Paragraph(para(p.trade_name or p.legal_name), st["head"])]
    addr = p.address
    for line in (addr.line1, f"{addr.postcode} {addr.city}".strip(), p.phone, p.website):
        if line.strip():
            head.append(Paragraph(para(line), st["small"]))
    if req.logo is not None:
        try:
            head.insert(0, Image(str(req.logo), width=28 * mm, height=16 * mm, kind="proportional"))
        except OSError:
            pass  # a damaged logo must not stop the voucher
    Frame(30 * mm, height - 70 * mm, 150 * mm, 50 * mm, leftPadding=0).addFromList(head, pdf)
    box_rows = [
        [Paragraph(para(_(KIND_TITLES[g.kind])), st["box_title"])],
        [Paragraph(para(g.value.format(locale)) if g.value.minor else "", st["box_value"])],
    ]
    if g.description:
        box_rows.append([Paragraph(para(g.description), st["body"])])
    box_rows.append(
        [Paragraph(para(_("Offered to: {name}").format(name=c.display_name)), st["body"])]
    )
    box_rows.append([Paragraph(para(_("Code: {code}").format(code=g.code)), st["body"])])
    if g.expires_on is not None:
        until = format_date(g.expires_on, "long", locale=locale)
        box_rows.append([Paragraph(para(_("Valid until {date}").format(date=until)), st["body"])])
    box_rows.append(
        [
            Paragraph(
                para(
                    _(
                        "Single use, not exchangeable for cash. Present this voucher or quote "
                        "its code."
                    )
                ),
                st["italic"],
            )
        ]
    )
    box = Table(box_rows, colWidths=[width - 60 * mm])
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8 * mm),
                ("TOPPADDING", (0, 0), (0, 0), 5 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5 * mm),
            ]
        )
    )
    _bw, bh = box.wrap(width - 60 * mm, 120 * mm)
    top = height - 80 * mm
    box.drawOn(pdf, 30 * mm, top - bh)
    pdf.setDash(3, 3)
    pdf.setStrokeColor(MUTED)
    for y in (top + 6 * mm, top - bh - 6 * mm):  # cut lines
        pdf.line(15 * mm, y, width - 15 * mm, y)
    pdf.setDash()
    # Legal footer (Code de commerce R123-237: name, legal form, RCS).
    legal = " · ".join(
        x
        for x in (
            p.legal_name,
            p.legal_form,
            p.trade_register,
            _("SIRET {siret}").format(siret=p.siret) if p.siret else "",
        )
        if x
    )
    Frame(20 * mm, 8 * mm, width - 40 * mm, 14 * mm, leftPadding=0).addFromList(
        [Paragraph(para(legal), st["small"])], pdf
    )
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
