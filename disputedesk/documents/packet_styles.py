"""Paragraph styles of the packet pages (embedded DejaVu fonts only)."""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from disputedesk.documents.fonts import BOLD, FAMILY, ITALIC, register_fonts

INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
RULE = HexColor("#999999")
SHADE = HexColor("#eeeeee")


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FAMILY, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=6
        ),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=2,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,  # a heading never ends a page alone
        ),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11),
        "small_bold": ParagraphStyle("small_bold", base, fontName=BOLD, fontSize=8.5, leading=11),
        "muted": ParagraphStyle(
            "muted", base, fontName=ITALIC, fontSize=8.5, leading=11, textColor=MUTED
        ),
        "mono": ParagraphStyle("mono", base, fontSize=8.5, leading=11),
        "entry": ParagraphStyle("entry", base, spaceAfter=3 * mm),
        "chrono": ParagraphStyle(
            "chrono",
            base,
            fontSize=8.5,
            leading=11,
            leftIndent=30 * mm,
            firstLineIndent=-30 * mm,  # continuation lines hang under the text, not the date
            spaceAfter=2.5,
        ),
        "toc": ParagraphStyle("toc", base, fontSize=10, leading=13),
        "toc_sub": ParagraphStyle("toc_sub", base, fontSize=9.5, leading=12.5, leftIndent=12),
    }


def table_style(*commands) -> TableStyle:
    """A TableStyle whose cells use our font: Table's default is Helvetica (PITFALLS 7)."""
    register_fonts()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands])


@contextmanager
def binary_streams():
    """Write streams as binary, not ASCII85 (ReportLab's default): a quarter smaller and
    faster to write and to read back. A global ReportLab switch, restored afterwards; both
    encodings are valid PDF, so a concurrent document is never harmed."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
