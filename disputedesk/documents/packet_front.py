"""The packet's own pages: contents, summary, chronology, journal and list of exhibits.

Laid out once. Page numbers that depend on the final page count ("page X / Y", the contents'
page numbers, the list of exhibits' page column) are PDF forms referenced where they appear
and defined when the canvas is saved, once the count is known: no second layout pass.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from disputedesk.documents.fonts import FAMILY, register_fonts
from disputedesk.documents.markup import para
from disputedesk.documents.packet_sections import (
    bordereau,
    chronology,
    journal,
    summary,
)
from disputedesk.documents.packet_stamp import draw_page_number
from disputedesk.documents.packet_styles import MUTED, RULE, styles, table_style
from disputedesk.documents.packet_text import Wording
from disputedesk.domain.packets import PacketRequest

SECTIONS = ("toc", "summary", "chronology", "journal", "exhibits")
NUMBER_WIDTH = 12 * mm


@dataclass
class FrontResult:
    pdf: bytes
    page_count: int
    section_pages: dict[str, int]  # key → 0-based page index within the front matter
    exhibit_first_pages: list[int] = field(default_factory=list)  # 1-based packet pages


class SectionMark(Flowable):
    """Zero-size marker: records the page its section starts on."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        pass


class PageRef(Flowable):
    """A page number known only at the end: a form drawn right-aligned in its box."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, aw, ah):
        self._avail = aw
        return aw, 10

    def draw(self):
        # The form is NUMBER_WIDTH wide, its number flush right: align it to the cell's right.
        self.canv.saveState()
        self.canv.translate(self._avail - NUMBER_WIDTH, 0)
        self.canv.doForm(self.name)
        self.canv.restoreState()


class _Resolver:
    def __init__(self, wording: Wording, cover_pages: int, exhibit_pages: list[int]) -> None:
        self.w = wording
        self.cover = cover_pages
        self.exhibit_pages = exhibit_pages
        self.section_pages: dict[str, int] = {}
        self.page_count = 0
        self.exhibit_first: list[int] = []

    def define(self, c: Canvas, width: float) -> None:
        front = self.page_count
        total = self.cover + front + sum(self.exhibit_pages)
        for n in range(1, front + 1):
            c.beginForm(f"ddfoot{n}")
            draw_page_number(c, width, self.w.page_of(self.cover + n, total))
            c.endForm()
        targets = {k: self.cover + p + 1 for k, p in self.section_pages.items()}
        if self.cover:
            targets["cover"] = 1
        page = self.cover + front + 1
        for i, count in enumerate(self.exhibit_pages, start=1):
            targets[f"ex{i}"] = page
            self.exhibit_first.append(page)
            page += count
        for key, number in targets.items():
            c.beginForm(f"ddref_{key}", 0, 0, NUMBER_WIDTH, 10)
            c.setFont(FAMILY, 9.5)
            c.drawRightString(NUMBER_WIDTH, 2.6, str(number))
            c.endForm()


def _canvas_class(resolver: _Resolver):
    class FrontCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = FAMILY  # no Helvetica declared (PITFALLS 7)
            super().__init__(*args, **kwargs)

        def showPage(self):
            resolver.page_count += 1
            self.saveState()
            self.doForm(f"ddfoot{resolver.page_count}")
            self.restoreState()
            super().showPage()

        def save(self):
            resolver.define(self, self._pagesize[0])
            super().save()

    return FrontCanvas


class _Doc(BaseDocTemplate):
    def __init__(self, buf, resolver: _Resolver, footer: str, **kw) -> None:
        super().__init__(buf, pagesize=A4, **kw)
        self._resolver = resolver
        self._footer = footer
        frame = Frame(18 * mm, 20 * mm, A4[0] - 36 * mm, A4[1] - 38 * mm, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def _decorate(self, c: Canvas, doc) -> None:
        c.saveState()
        c.setFont(FAMILY, 7.5)
        c.setFillColor(MUTED)
        c.drawString(18 * mm, A4[1] - 12 * mm, self._footer[:140])
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(18 * mm, A4[1] - 14 * mm, A4[0] - 18 * mm, A4[1] - 14 * mm)
        c.restoreState()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, SectionMark):
            self._resolver.section_pages.setdefault(flowable.key, self.page - 1)


def _contents(request: PacketRequest, w: Wording, cover_pages: int) -> list:
    _ = w.gettext
    st = styles()
    d = request.dispute
    out = [
        SectionMark("toc"),
        Paragraph(para(w.title(request.kind, d.reference)), st["title"]),
        Paragraph(
            para(
                _("Prepared on {date} by {shop}").format(
                    date=w.date(request.created_on),
                    shop=request.business.legal_name or request.business.trade_name,
                )
            ),
            st["muted"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(para(_("Contents")), st["h1"]),
    ]
    rows = []
    if cover_pages:
        rows.append((_("Cover letter"), "cover", "toc"))
    rows += [
        (_("Contents"), "toc", "toc"),
        (_("Summary"), "summary", "toc"),
        (_("Chronology"), "chronology", "toc"),
        (_("Journal of communications"), "journal", "toc"),
        (_("List of exhibits"), "exhibits", "toc"),
    ]
    for i, ex in enumerate(request.exhibits, start=1):
        rows.append((f"{w.exhibit_no(i)} — {ex.title}", f"ex{i}", "toc_sub"))
    table = Table(
        [[Paragraph(para(text), st[style]), PageRef(f"ddref_{key}")] for text, key, style in rows],
        colWidths=[None, NUMBER_WIDTH + 6 * mm],
    )
    table.setStyle(
        table_style(
            *[
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out.append(table)
    return out


def build_front(
    request: PacketRequest, exhibit_pages: list[int], cover_pages: int = 0
) -> FrontResult:
    """Lay out the front matter; `exhibit_pages[i]` is exhibit i+1's page count."""
    register_fonts()
    w = Wording(request.language)
    resolver = _Resolver(w, cover_pages, exhibit_pages)
    buf = io.BytesIO()
    footer = " — ".join(
        x
        for x in (
            request.business.legal_name or request.business.trade_name,
            w.title(request.kind, request.dispute.reference),
        )
        if x
    )
    doc = _Doc(
        buf,
        resolver,
        footer,
        title=w.title(request.kind, request.dispute.reference),
        author=request.business.legal_name or request.business.trade_name,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
    )
    numbers = {i: ex for i, ex in enumerate(request.exhibits, start=1)}
    story = _contents(request, w, cover_pages)
    for key, make in (
        ("summary", lambda: summary(request, w, numbers)),
        ("chronology", lambda: chronology(request, w, numbers)),
        ("journal", lambda: journal(request, w, numbers)),
        ("exhibits", lambda: bordereau(request, w, exhibit_pages)),
    ):
        story += [PageBreak(), SectionMark(key), *make()]
    doc.build(story, canvasmaker=_canvas_class(resolver))
    return FrontResult(
        buf.getvalue(), resolver.page_count, dict(resolver.section_pages), resolver.exhibit_first
    )
