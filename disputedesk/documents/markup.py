"""The one place user text is made safe for ReportLab's Paragraph markup (PITFALLS 5).

`R&D`, `<b>`, `a<b`, `</para>` and quotes print as typed; newlines become line breaks;
characters that cannot appear in a PDF text string (NUL and other C0 controls) are dropped.
Call it on every piece of user text, and nowhere else escape by hand.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(text: str | None) -> str:
    if not text:
        return ""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        cat = unicodedata.category(ch)
        if ch in _ALLOWED_CONTROLS:
            out.append(ch)
        elif cat in ("Cc", "Cs", "Co", "Cn"):
            continue  # controls, lone surrogates, private/unassigned: never printable
        else:
            out.append(ch)
    return "".join(out)


def para(text: str | None) -> str:
    """User text → Paragraph markup: escaped, newlines kept as <br/>."""
    safe = escape(clean_text(text), {'"': "&quot;", "'": "&#39;"})
    return safe.replace("\t", "    ").replace("\n", "<br/>")
