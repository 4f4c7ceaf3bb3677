"""The policy register as a PDF for the staff: "what we learned", each policy change with its
status, owner, review date and the disputes that led to it. User text through para()."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from disputedesk.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts
from disputedesk.documents.markup import para
from disputedesk.domain.aftercare import Policy, PolicyStatus
from disputedesk.i18n import LOCALES, N_, Translator

INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
SHADE = HexColor("#eef3f1")
STATUS = {
    PolicyStatus.PROPOSED: N_("Proposed"),
    PolicyStatus.ADOPTED: N_("Adopted"),
    PolicyStatus.REVIEWED: N_("Reviewed"),
}


@dataclass(frozen=True)
class PolicyReport:
    shop_name: str
    policies: tuple[Policy, ...]
    lang: str
    today: date


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("b", fontName=FAMILY, fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("t", base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        "sub": ParagraphStyle("s", base, fontName=ITALIC, textColor=MUTED, spaceAfter=8),
        "h": ParagraphStyle("h", base, fontName=BOLD, fontSize=11, leading=14),
        "small": ParagraphStyle("sm", base, fontSize=8.5, leading=11, textColor=MUTED),
    }


def page_footer(text: str):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FAMILY, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, 10 * mm, text)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    return draw


def build_policy_pdf(report: PolicyReport) -> bytes:
    st = styles()
    tr = Translator(report.lang)
    _, pgettext = tr.gettext, tr.pgettext
    locale = LOCALES.get(report.lang, "fr_FR")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Policy register"),
        author=report.shop_name,
    )
    today = format_date(report.today, "long", locale=locale)
    story = [
        Paragraph(para(_("What we learned: our policy changes")), st["title"]),
        Paragraph(
            para(_("{shop} — register on {date}").format(shop=report.shop_name, date=today)),
            st["sub"],
        ),
    ]
    if not report.policies:
        story.append(Paragraph(para(_("No policy change recorded yet.")), st["body"]))
    width = A4[0] - 36 * mm
    for p in report.policies:
        facts = [
            [pgettext("policy", "Status"), _(STATUS[p.status])],
            [_("In charge"), p.owner or "—"],
            [
                _("Review on"),
                format_date(p.review_on, "long", locale=locale) if p.review_on else "—",
            ],
            [_("Decided on"), format_date(p.created_at.date(), "long", locale=locale)],
            [_("Disputes behind it"), ", ".join(p.dispute_refs) or "—"],
        ]
        rows = [[Paragraph(para(k), st["small"]), Paragraph(para(v), st["body"])] for k, v in facts]
        table = Table(rows, colWidths=[40 * mm, width - 40 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), SHADE),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, MUTED),
                ]
            )
        )
        block = [Paragraph(para(p.title), st["h"]), Spacer(1, 2 * mm)]
        if p.description:
            block += [Paragraph(para(p.description), st["body"]), Spacer(1, 2 * mm)]
        block += [table, Spacer(1, 6 * mm)]
        story.append(KeepTogether(block))
    footer = page_footer(_("Policy register — {shop}").format(shop=report.shop_name))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
