"""Stamps on exhibit pages: "Exhibit no. N" at the top right and "page X / Y" at the bottom.

The stamps of the whole packet are drawn by ReportLab as one small PDF (a page per stamped
page, each the size the reader sees); each overlay page becomes a form XObject that the
streaming writer draws over its page. Rotated or cropped pages get a matrix that keeps the
stamp upright and in the corner the reader sees.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    FloatObject,
    NameObject,
    StreamObject,
)
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from disputedesk.documents.fonts import BOLD, FAMILY, register_fonts

EDGE = 5 * mm
STAMP_INK = HexColor("#7a1010")


def visible_box(page: PageObject) -> tuple[float, float, float, float]:
    box = page.cropbox
    return float(box.left), float(box.bottom), float(box.right), float(box.top)


def rotation(page: PageObject) -> int:
    return int(page.get("/Rotate", 0) or 0) % 360


def displayed_size(page: PageObject) -> tuple[float, float]:
    x0, y0, x1, y1 = visible_box(page)
    w, h = abs(x1 - x0), abs(y1 - y0)
    return (h, w) if rotation(page) in (90, 270) else (w, h)


def stamp_matrix(page: PageObject) -> tuple[float, float, float, float, float, float]:
    """Maps the overlay (drawn upright, as displayed) into the page's own coordinates."""
    x0, y0, x1, y1 = visible_box(page)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    w, h = x1 - x0, y1 - y0
    return {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x0 + w, y0),
        180: (-1, 0, 0, -1, x0 + w, y0 + h),
        270: (0, -1, 1, 0, x0, y0 + h),
    }.get(rotation(page), (1, 0, 0, 1, x0, y0))


def _box(
    c: Canvas, x_right: float, y: float, text: str, font: str, size: float, see_through: bool
) -> None:
    width = stringWidth(text, font, size) + 3 * mm
    height = size + 2.4 * mm
    c.saveState()
    c.setFillColor(white)
    if see_through:
        c.setFillAlpha(0.85)  # the evidence under a stamp stays faintly visible
    c.setStrokeColor(STAMP_INK)
    c.setLineWidth(0.6)
    c.rect(x_right - width, y, width, height, stroke=1, fill=1)
    c.restoreState()
    c.setFillColor(STAMP_INK)
    c.setFont(font, size)
    c.drawRightString(x_right - 1.5 * mm, y + 1.3 * mm + size * 0.12, text)


def draw_page_number(c: Canvas, width: float, text: str, see_through: bool = False) -> None:
    """The packet's "page X / Y", at the same place on every page of the packet.

    Opaque on our own pages: they are drawn in a form, whose resources cannot carry the
    transparency state (and nothing lies under it there)."""
    _box(c, width - EDGE, EDGE, text, FAMILY, 7.5, see_through)


@dataclass(frozen=True)
class StampText:
    exhibit: str  # "Exhibit no. 3", or "" on pages that are not exhibits (the cover letter)
    page: str  # "page 12 / 240"


def overlay(sizes: list[tuple[float, float]], texts: list[StampText]) -> bytes:
    """One page of stamps per stamped page of the packet, each the size the reader sees."""
    register_fonts()
    out = io.BytesIO()
    c = Canvas(out, initialFontName=FAMILY, initialFontSize=8)
    c.setPageCompression(1)
    for (w, h), text in zip(sizes, texts, strict=True):
        c.setPageSize((w, h))
        if text.exhibit:
            _box(c, w - EDGE, h - EDGE - 7 * mm, text.exhibit, BOLD, 10, True)
        draw_page_number(c, w, text.page, see_through=True)
        c.showPage()
    c.save()
    return out.getvalue()


def stamp_form(stamp_page: PageObject) -> StreamObject:
    """The overlay page as a form XObject, to be drawn over an exhibit page.

    Stamping with a form drawn after the page's own content (wrapped in q/Q) leaves the
    evidence byte for byte as it was: nothing of it is parsed or rewritten. pypdf's
    merge_page (on a page added to a PdfWriter first, PITFALLS 9) would parse and rewrite
    every content stream, and holds the whole exhibit in a writer; this is 2-3× faster.
    """
    content = stamp_page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    w, h = float(stamp_page.mediabox.width), float(stamp_page.mediabox.height)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(
        [FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)]
    )
    form[NameObject("/Resources")] = stamp_page["/Resources"]
    return form.flate_encode()
