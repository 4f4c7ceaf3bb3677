"""The dashboard as a PDF report for a period: key figures, the same charts as on screen
(drawn with ReportLab from the same ChartSpecs) and how each figure is computed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from disputedesk.documents.fonts import FAMILY
from disputedesk.documents.markup import para
from disputedesk.documents.policy_pdf import page_footer, styles
from disputedesk.domain.money import Money
from disputedesk.i18n import Translator

PALETTE = (HexColor("#2f6f8f"), HexColor("#7fb069"), HexColor("#e0a458"), HexColor("#c8553d"))
INK = HexColor("#222222")
MUTED = HexColor("#666666")
SHADE = HexColor("#eef3f1")


@dataclass(frozen=True)
class DashboardReport:
    shop_name: str
    lang: str
    period_from: date | None
    period_to: date | None
    today: date
    figures: tuple[tuple[str, str], ...]
    charts: tuple  # ChartSpec
    currency: str
    empty: bool


class BarChart(Flowable):
    """A ChartSpec drawn as horizontal or grouped vertical bars, each with its number."""

    def __init__(self, spec, currency: str, locale: str, width: float, height: float) -> None:
        super().__init__()
        self.spec, self.currency, self.locale = spec, currency, locale
        self.width, self.height = width, height

    def _text(self, v: int) -> str:
        return Money(v, self.currency).format(self.locale) if self.spec.money else str(v)

    def draw(self) -> None:
        c = self.canv
        spec = self.spec
        values = [v for _n, vals in spec.series for v in vals]
        c.setFont(FAMILY, 8)
        c.setFillColor(INK)
        if not spec.categories or not any(values):
            c.setFillColor(MUTED)
            c.drawString(0, self.height / 2, self.empty_text)
            return
        top = max(values) or 1
        if spec.horizontal:
            n = len(spec.categories)
            row = min(self.height / n, 14)
            label_w = min(
                self.width * 0.4, max(c.stringWidth(x, FAMILY, 8) for x in spec.categories) + 6
            )
            value_w = c.stringWidth(self._text(top), FAMILY, 8) + 6
            bar_w = self.width - label_w - value_w
            for i, cat in enumerate(spec.categories):
                y = self.height - (i + 1) * row
                text = cat
                while c.stringWidth(text, FAMILY, 8) > label_w - 6 and len(text) > 2:
                    text = text[:-2] + "…"
                c.setFillColor(INK)
                c.drawRightString(label_w - 6, y + row * 0.3, text)
                v = spec.series[0][1][i]
                w = max(bar_w * v / top, 1)
                c.setFillColor(PALETTE[i % len(PALETTE)])
                c.rect(label_w, y + row * 0.15, w, row * 0.7, stroke=0, fill=1)
                c.setFillColor(INK)
                c.drawString(label_w + w + 3, y + row * 0.3, self._text(v))
        else:
            legend_x = 0
            for k, (name, _vals) in enumerate(spec.series):
                c.setFillColor(PALETTE[k % len(PALETTE)])
                c.rect(legend_x, self.height - 8, 7, 7, stroke=0, fill=1)
                c.setFillColor(INK)
                c.drawString(legend_x + 10, self.height - 8, name)
                legend_x += 20 + c.stringWidth(name, FAMILY, 8)
            plot_top = self.height - 24
            base = 12
            n = len(spec.categories)
            slot = self.width / n
            groups = len(spec.series)
            bar = slot * 0.8 / groups
            c.setStrokeColor(MUTED)
            c.line(0, base, self.width, base)
            for i, cat in enumerate(spec.categories):
                x0 = i * slot + slot * 0.1
                for k, (_name, vals) in enumerate(spec.series):
                    v = vals[i]
                    h = (plot_top - base) * v / top
                    c.setFillColor(PALETTE[k % len(PALETTE)])
                    c.rect(x0 + k * bar, base, bar * 0.92, h, stroke=0, fill=1)
                    if v:
                        c.setFillColor(INK)
                        c.drawCentredString(x0 + k * bar + bar * 0.46, base + h + 2, str(v))
                c.setFillColor(MUTED)
                c.drawCentredString(i * slot + slot / 2, 2, cat)

    empty_text = ""


def build_dashboard_pdf(report: DashboardReport) -> bytes:
    st = styles()
    _ = Translator(report.lang).gettext
    locale = "fr_FR" if report.lang == "fr" else "en_GB"
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_("Dispute report"),
        author=report.shop_name,
    )

    def day(d: date) -> str:
        return format_date(d, "long", locale=locale)

    if report.period_from and report.period_to:
        period = _("Complaints received from {start} to {end}").format(
            start=day(report.period_from), end=day(report.period_to)
        )
    elif report.period_from:
        period = _("Complaints received since {start}").format(start=day(report.period_from))
    elif report.period_to:
        period = _("Complaints received until {end}").format(end=day(report.period_to))
    else:
        period = _("All complaints recorded")
    story = [
        Paragraph(para(_("Dispute report")), st["title"]),
        Paragraph(
            para(
                _("{shop} — {period} — printed on {date}").format(
                    shop=report.shop_name, period=period, date=day(report.today)
                )
            ),
            st["sub"],
        ),
    ]
    if report.empty:
        story.append(
            Paragraph(
                para(_("No dispute was received in this period: nothing to report.")), st["body"]
            )
        )
    width = A4[0] - 36 * mm
    rows = [
        [Paragraph(para(k), st["small"]), Paragraph(para(v), st["body"])] for k, v in report.figures
    ]
    table = Table(rows, colWidths=[62 * mm, width - 62 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, MUTED),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    if not report.empty:
        for spec in report.charts:
            n = max(len(spec.categories), 1)
            height = 150 if not spec.horizontal else min(max(n * 14, 30), 150)
            chart = BarChart(spec, report.currency, locale, width, height)
            chart.empty_text = _("Nothing to show yet")
            heading = Paragraph(para(spec.title), st["h"])
            story.append(KeepTogether([heading, Spacer(1, 2 * mm), chart, Spacer(1, 6 * mm)]))
    story.append(Paragraph(para(_("How the figures are computed")), st["h"]))
    for line in (
        _("The period selects disputes by the day the complaint was received."),
        _(
            "First response: the earliest of the dispute leaving “Received”, the first message "
            "sent to the customer, or the acknowledgement step ticked; in opening hours, "
            "waits for the customer left out, like the acknowledgement clock."
        ),
        _("Resolution: disputes closed as resolved, from the complaint to the closing."),
        _(
            "Mediation success: of the mediations that ended, the share resolved straight from "
            "mediation."
        ),
        _("Refunded and recovered amounts come from the closings recorded in DisputeDesk."),
    ):
        story.append(Paragraph(para("• " + line), st["small"]))
    footer = page_footer(_("Dispute report — {shop}").format(shop=report.shop_name))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
