"""Packets built from the demo data with real exhibit files, checked page by page with pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from test_packet_support import (
    NOW,
    add_files,
    demo_dispute,
    every_kind,
    outline_titles,
    packet_service,
    page_number_of,
    page_texts,
)

from disputedesk.domain.packets import PacketKind


@pytest.fixture
def built(services, tmp_path):
    dispute = demo_dispute(services)
    add_files(services, dispute.id, every_kind(tmp_path / "files"))
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.language = "en"
    flow.set_kind(PacketKind.MEDIATION)
    ps.refill_summary(flow)
    request = flow.build()
    out = tmp_path / "packet.pdf"
    result = ps.generate(request, out, cover=False)  # the front matter; cover: test_letter_cover
    return request, result, out


def test_page_count_is_front_plus_every_exhibit_page(built):
    request, result, out = built
    reader = PdfReader(out)
    # demo photo + demo e-mail, then: 3-page PDF, 2 photos, PNG, multi-page text, e-mail.
    kinds = [e.file_name for e in request.exhibits]
    assert kinds[:2] == ["photo-0.jpg", "message-0.eml"]  # the complaint's files come first
    assert len(request.exhibits) == 8
    pages = dict(zip(kinds, result.exhibit_pages, strict=True))
    assert pages["devis.pdf"] == 3
    assert pages["photo-6.jpg"] == pages["capture.png"] == pages["courriel.eml"] == 1
    assert pages["notes.txt"] >= 2  # 180 lines do not fit one page
    assert len(reader.pages) == result.page_count == result.front_pages + sum(pages.values())


def test_every_page_says_page_x_of_y(built):
    _request, result, out = built
    for i, text in enumerate(page_texts(out), start=1):
        assert page_number_of(text) == (i, result.page_count), text[-200:]


def test_every_exhibit_page_is_stamped_with_its_number(built):
    _request, result, out = built
    texts = page_texts(out)
    for n, (first, count) in enumerate(
        zip(result.exhibit_first_pages, result.exhibit_pages, strict=True), start=1
    ):
        for page in range(first, first + count):
            assert f"Exhibit no. {n}" in texts[page - 1]
    for text in texts[: result.front_pages]:
        assert not re.search(r"Exhibit no\. \d+\s*$", text.splitlines()[0])


def test_merged_pdf_pages_are_the_originals(built):
    request, result, out = built
    texts = page_texts(out)
    n = [e.file_name for e in request.exhibits].index("devis.pdf")
    first = result.exhibit_first_pages[n]
    for k in range(3):
        assert f"Original page {k + 1}" in texts[first - 1 + k]
    reader = PdfReader(out)
    assert reader.pages[first].get("/Rotate") == 90  # kept as it was, stamp turned with it


def test_photos_are_upright_from_exif(built):
    request, result, out = built
    reader = PdfReader(out)
    names = [e.file_name for e in request.exhibits]
    for name in ("photo-6.jpg", "photo-3.jpg"):
        page = reader.pages[result.exhibit_first_pages[names.index(name)] - 1]
        image = page.images[0].image
        assert image.width > image.height  # stored 480×640 (or upside down), shown 640×480
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape page
    page = reader.pages[result.exhibit_first_pages[names.index("photo-3.jpg")] - 1]
    pixel = page.images[0].image.convert("RGB").getpixel((150, 150))
    assert pixel[2] > 90 and pixel[0] < 90  # the blue block is back at the top left


def test_text_and_email_are_laid_out_as_text(built):
    request, result, out = built
    texts = page_texts(out)
    names = [e.file_name for e in request.exhibits]
    notes = texts[result.exhibit_first_pages[names.index("notes.txt")] - 1]
    assert "Ligne 1 : l'artisan a dit <b>R&D</b> & « devis »" in notes
    mail = texts[result.exhibit_first_pages[names.index("courriel.eml")] - 1]
    assert "Réclamation : table rayée" in mail and "Élise Moreau" in mail
    assert "la table est rayée" in mail
    assert "x.bin" in mail  # its own attachment is named


def test_bookmarks_for_every_section_and_exhibit(built):
    request, result, out = built
    reader = PdfReader(out)
    marks = outline_titles(reader)
    texts = page_texts(out)
    top = [(t, p) for t, depth, p in marks if depth == 0]
    assert [t for t, _p in top] == [
        "Contents",
        "Summary",
        "Chronology",
        "Journal of communications",
        "List of exhibits",
        "Exhibits",
    ]
    for title, page in top[:-1]:
        assert texts[page].splitlines()[1].startswith(title) or title in texts[page][:400]
    children = [(t, p) for t, depth, p in marks if depth == 1]
    assert len(children) == len(request.exhibits)
    for n, ((title, page), first) in enumerate(
        zip(children, result.exhibit_first_pages, strict=True), start=1
    ):
        assert title.startswith(f"Exhibit no. {n} — ")
        assert page == first - 1


def test_table_of_contents_numbers_point_at_the_right_pages(built):
    request, result, out = built
    texts = page_texts(out)
    toc = texts[0]
    for heading in ("Summary", "Chronology", "Journal of communications", "List of exhibits"):
        m = re.search(rf"^{re.escape(heading)}\s*(\d+)$", toc, re.M)
        assert m, (heading, toc)
        page = int(m.group(1))
        assert heading in texts[page - 1].split("\n", 3)[1] or texts[page - 1].count(heading)
    for n in range(1, len(request.exhibits) + 1):
        m = re.search(rf"Exhibit no\. {n} — [^\n]*\n(\d+)$", toc, re.M)
        assert m, n
        assert int(m.group(1)) == result.exhibit_first_pages[n - 1]
        assert f"Exhibit no. {n}" in texts[int(m.group(1)) - 1]


def test_list_of_exhibits_matches_the_exhibits(built):
    request, result, out = built
    reader = PdfReader(out)
    marks = {t: p for t, d, p in outline_titles(reader) if d == 0}
    listing = "\n".join(
        p.extract_text() for p in reader.pages[marks["List of exhibits"] : result.front_pages]
    )
    rows = re.findall(r"^(\d+)\n(.+?)\n(\d{2}/\d{2}/\d{4})\n(\d+)\n(\d+)$", listing, re.M)
    assert [int(r[0]) for r in rows] == list(range(1, len(request.exhibits) + 1))
    for (_number, title, _date, pages, at), ex, count, first in zip(
        rows, request.exhibits, result.exhibit_pages, result.exhibit_first_pages, strict=True
    ):
        assert title == ex.title
        assert int(pages) == count
        assert int(at) == first
    for ex in request.exhibits:
        assert ex.file_name in listing


def test_summary_holds_the_parties_and_the_complaint(built):
    _request, _result, out = built
    text = "\n".join(page_texts(out)[1:3])
    assert "Atelier Dupré SARL" in text and "81234567600017" in text
    assert "Élise Moreau" in text and "8 rue d'Austerlitz" in text
    assert "Prior written complaint of the consumer" in text
    assert "890.00" in text or "890,00" in text
    assert "Médiateur de la consommation CNPM" in text


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (.ci/run)")
def test_qpdf_check_passes(built):
    _request, _result, out = built
    run = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_font_is_embedded(built):
    _request, _result, out = built
    run = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    rows = run.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Helvetica" not in row
        assert row.split()[-5] == "yes", row  # the "emb" column


def test_french_packet_uses_the_recipients_language(services, tmp_path):
    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.language = "fr"
    ps.refill_summary(flow)
    request = flow.build()
    result = ps.generate(request, tmp_path / "fr.pdf", cover=False)
    texts = page_texts(tmp_path / "fr.pdf")
    assert "Sommaire" in texts[0] and "Saisine du médiateur" in texts[0]
    first = result.exhibit_first_pages[0]
    assert "Pièce n° 1" in texts[first - 1]
    assert f"page 1 / {result.page_count}" in texts[0]
    titles = [t for t, _d, _p in outline_titles(PdfReader(tmp_path / "fr.pdf"))]
    assert "Bordereau de pièces" in titles and "Pièce n° 1 — Réclamation du client" in " ".join(
        titles
    )
    assert "novembre 2026" in "\n".join(texts[1:3])  # dates the French way


def test_a_cover_letter_comes_first_and_is_counted(services, tmp_path):
    """The assembly takes the cover letter as a PDF from the letter engine (issue 4)."""
    from test_packet_support import multi_page_pdf

    from disputedesk.documents.packet_builder import build_packet

    dispute = demo_dispute(services)
    ps = packet_service(services)
    flow = ps.flow(dispute.id, now=NOW)
    flow.language = "en"
    ps.refill_summary(flow)
    request = flow.build()
    cover = multi_page_pdf(tmp_path / "cover.pdf", 2).read_bytes()
    out = tmp_path / "p.pdf"
    built = build_packet(request, out, cover_pdf=cover)
    texts = page_texts(out)
    assert built.cover_pages == 2
    assert "Original page 1" in texts[0] and f"page 1 / {built.page_count}" in texts[0]
    assert "Exhibit no." not in texts[0]
    marks = outline_titles(PdfReader(out))
    assert marks[0] == ("Cover letter", 0, 0)
    assert ("Contents", 0, 2) in marks
    assert re.search(r"^\s*Cover letter\s*1$", texts[2], re.M)
    assert re.search(r"^Summary\s*4$", texts[2], re.M)
