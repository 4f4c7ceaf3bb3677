"""Embedded TTF fonts from resources/fonts (DejaVu Sans: French, €, œ, « », U+202F, many
scripts). Registering also makes it ReportLab's base font, so no PDF declares a
non-embedded Helvetica (PITFALLS 6 and 7)."""

from __future__ import annotations

import threading
from importlib import resources

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_lock = threading.Lock()
_done = False


def font_path(name: str):
    return resources.files("disputedesk.resources").joinpath("fonts", f"{name}.ttf")


def register_fonts() -> str:
    """Register the family once (thread-safe); returns the regular font's name."""
    global _done
    with _lock:
        if not _done:
            for name in (FAMILY, BOLD, ITALIC, BOLD_ITALIC):
                with resources.as_file(font_path(name)) as path:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
            addMapping(FAMILY, 0, 0, FAMILY)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            # Canvases created without initialFontName would otherwise declare Helvetica.
            rl_config.canvas_basefontname = FAMILY
            _done = True
    return FAMILY


def has_glyph(char: str, font: str = FAMILY) -> bool:
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return ord(char) in face.charToGlyph
