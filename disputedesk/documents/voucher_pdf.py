"""The loyalty gesture letter: a short thank-you letter with the voucher printed below it, in
the customer's language. Own layout (letterhead, window address, voucher box, legal footer);
every piece of user text goes through markup.para()."""

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
from reportlab.platypus import Frame, Image, Paragraph, Spacer, Table, TableStyle

from disputedesk.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts
from disputedesk.documents.markup import para
from disputedesk.domain.aftercare import Gesture, GestureKind
from disputedesk.domain.records import BusinessProfile, Customer
from disputedesk.i18n import N_, Translator

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
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


def _address_lines(c: Customer) -> list[str]:
    name = " ".join(p for p in (c.title, c.first_name, c.last_name) if p)
    lines = [c.company] if c.company else []
    lines.append(name)
    a = c.address
    lines += [a.line1, a.line2, f"{a.postcode} {a.city.upper()}".strip()]
    if a.country and a.country != "FR":
        lines.append(a.country)
    return [line for line in lines if line.strip()]


def build_voucher_pdf(req: VoucherRequest) -> bytes:
    register_fonts()
    st = _styles()
    _ = Translator(req.lang).gettext
    locale = LOCALES.get(req.lang, "fr_FR")
    g, p = req.gesture, req.profile
    buf = io.BytesIO()
    pdf = Canvas(buf, pagesize=A4, initialFontName=FAMILY, invariant=1)
    pdf.setTitle(_("Voucher {code}").format(code=g.code))
    pdf.setAuthor(p.trade_name or p.legal_name)
    width, height = A4

    # Letterhead (top left) and logo.
    x0 = 20 * mm
    head = [Paragraph(para(p.trade_name or p.legal_name), st["head"])]
    addr = p.address
    for line in (addr.line1, f"{addr.postcode} {addr.city}".strip(), p.phone, p.email, p.website):
        if line.strip():
            head.append(Paragraph(para(line), st["small"]))
    if req.logo is not None:
        try:
            head.insert(0, Image(str(req.logo), width=28 * mm, height=16 * mm, kind="proportional"))
        except OSError:
            pass  # a damaged logo must not stop the letter
    Frame(x0, height - 60 * mm, 85 * mm, 45 * mm, showBoundary=0, leftPadding=0).addFromList(
        head, pdf
    )

    # Window address: 110 mm from the left, top 55 mm from the top (see PITFALLS letter facts).
    address = [Paragraph(para(line), st["body"]) for line in _address_lines(req.customer)[:6]]
    Frame(110 * mm, height - 88 * mm, 85 * mm, 33 * mm, showBoundary=0, leftPadding=0).addFromList(
        address, pdf
    )

    today = req.today or date.today()
    city = addr.city or ""
    dated = format_date(today, "long", locale=locale)
    place = _("{city}, {date}").format(city=city, date=dated) if city else dated
    c = req.customer
    if c.title and req.lang == "fr":
        salutation = f"{c.title},"  # French letters greet "Madame," without the name
    elif c.title and c.last_name:
        salutation = _("Dear {title} {name},").format(title=c.title, name=c.last_name)
    else:
        salutation = _("Dear Sir or Madam,")
    value = g.value.format(locale)
    body = [
        Paragraph(para(place), st["body"]),
        Spacer(1, 8 * mm),
        Paragraph(
            para(
                _("Subject: our gesture after your complaint (case {reference})").format(
                    reference=req.reference
                )
            ),
            st["subject"],
        ),
        Paragraph(para(salutation), st["body"]),
        Spacer(1, 3 * mm),
        Paragraph(
            para(
                _(
                    "Thank you for your patience and for the trust you placed in us while we "
                    "handled your complaint. We are sorry for the inconvenience, and to thank "
                    "you we are pleased to offer you the gesture below."
                )
            ),
            st["body"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            para(_("We would be delighted to welcome you again and remain at your disposal.")),
            st["body"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(para(_("Yours sincerely,")), st["body"]),
        Spacer(1, 4 * mm),
        Paragraph(para(p.signatory_name or p.trade_name), st["body"]),
    ]
    Frame(x0, 120 * mm, width - 40 * mm, height - 95 * mm - 120 * mm, leftPadding=0).addFromList(
        body, pdf
    )

    # The voucher itself, framed with cut marks so it can be handed over on its own.
    box_rows = [
        [Paragraph(para(_(KIND_TITLES[g.kind])), st["box_title"])],
        [Paragraph(para(value) if g.value.minor else "", st["box_value"])],
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
    _bw, bh = box.wrap(width - 60 * mm, 100 * mm)
    top = 112 * mm
    box.drawOn(pdf, 30 * mm, top - bh)
    pdf.setDash(3, 3)
    pdf.setStrokeColor(MUTED)
    pdf.line(10 * mm, top + 4 * mm, width - 10 * mm, top + 4 * mm)
    pdf.setDash()

    # Legal footer (Code de commerce R123-237: name, legal form, RCS, registered office).
    legal = " · ".join(
        x
        for x in (
            p.legal_name,
            p.legal_form,
            p.trade_register,
            _("SIRET {siret}").format(siret=p.siret) if p.siret else "",
            _("VAT {number}").format(number=p.vat_number) if p.vat_number else "",
        )
        if x
    )
    Frame(x0, 8 * mm, width - 40 * mm, 14 * mm, leftPadding=0).addFromList(
        [Paragraph(para(legal), st["small"])], pdf
    )
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
