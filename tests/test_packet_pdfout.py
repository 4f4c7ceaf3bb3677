"""The page-by-page writer keeps links, form fields and shared resources of an exhibit valid."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from disputedesk.documents.fonts import FAMILY, register_fonts
from disputedesk.documents.packet_pdfout import OutlineItem, StreamingPdf


def _rich_pdf() -> bytes:
    """Two pages: an internal link from page 1 to page 2, and a filled text field."""
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, initialFontName=FAMILY)
    c.drawString(72, 700, "Voir la page 2")
    c.linkAbsolute("p2", "page2", Rect=(72, 690, 200, 715))
    c.acroForm.textfield(name="montant", value="890,00 EUR", x=72, y=600, width=200, height=20)
    c.showPage()
    c.bookmarkPage("page2")
    c.drawString(72, 700, "Page 2")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_links_and_fields_survive_and_the_file_is_valid(tmp_path):
    out = tmp_path / "out.pdf"
    with open(out, "wb") as fh:
        pdf = StreamingPdf(fh)
        for _ in range(2):  # the same source twice: objects must not collide
            pdf.add_pages(PdfReader(io.BytesIO(_rich_pdf())).pages)
        pdf.close(title="Test « é »", outline=[OutlineItem("Début", 0), OutlineItem("Fin", 3)])
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    assert reader.metadata.title == "Test « é »"
    for first in (0, 2):
        annots = [a.get_object() for a in reader.pages[first]["/Annots"]]
        link = next(a for a in annots if a["/Subtype"] == "/Link")
        dest = link["/Dest"] if "/Dest" in link else link["/A"]["/D"]
        target = dest[0].get_object() if isinstance(dest, list) else None
        if target is not None:  # an explicit destination: it must point at its own copy
            assert target.indirect_reference == reader.pages[first + 1].indirect_reference
        widget = next(a for a in annots if a["/Subtype"] == "/Widget")
        assert "/AP" in widget  # the filled value stays visible
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == [
        ("Début", 0),
        ("Fin", 3),
    ]
    if shutil.which("qpdf"):
        run = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("count", [0, 1])
def test_outline_may_be_empty_or_single(tmp_path, count):
    out = tmp_path / "o.pdf"
    with open(out, "wb") as fh:
        pdf = StreamingPdf(fh)
        pdf.add_pages(PdfReader(io.BytesIO(_rich_pdf())).pages)
        pdf.close(title="t", outline=[OutlineItem("Seul", 1)] * count)
    assert len(PdfReader(out).outline) == count
