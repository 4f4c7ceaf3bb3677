"""Packet benchmark: 40 exhibits (~300 pages) and 500 journal entries.

Compared, in the same run, with the baseline "pypdf merge alone + ReportLab layout alone" of
the same material (the exhibit PDFs appended with PdfWriter; the journal, text exhibits and
photos laid out with one SimpleDocTemplate). Target: packet time ≤ 2 × baseline. Peak memory
(tracemalloc, Python allocations) is measured in separate runs, so tracing does not skew the
times; the exhibits-doubled run shows that the packet's peak does not grow with the exhibits.
Each measurement runs in a fresh process. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

N_ENTRIES = 500
N_PDFS, PDF_PAGES = 30, 9  # 270 pages (x2: 60 files)
N_PHOTOS, N_TEXTS, N_MAILS = 6, 2, 2  # + 6 + ~6 + 2 pages


def _noise_jpeg(seed: int, size=(900, 650)) -> bytes:
    from PIL import Image

    img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def make_exhibits(folder: Path, scale: int) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from disputedesk.documents.fonts import FAMILY, register_fonts
    from disputedesk.services.demo_files import write_email, write_photo

    register_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(N_PDFS * scale):
        path = folder / f"scan-{n:02d}.pdf"
        c = Canvas(str(path), pagesize=A4, initialFontName=FAMILY)
        for p in range(PDF_PAGES):
            c.drawString(60, 800, f"Document {n}, page {p + 1}")
            c.drawImage(ImageReader(io.BytesIO(_noise_jpeg(n * 100 + p))), 60, 120, 470, 340)
            c.showPage()
        c.save()
        files.append(path)
    for n in range(N_PHOTOS):
        files.append(write_photo(folder / f"photo-{n}.jpg", f"Photo {n}"))
    for n in range(N_TEXTS):
        path = folder / f"notes-{n}.txt"
        path.write_text("\n".join(f"Note {i} : relevé l'état du meuble." for i in range(150)))
        files.append(path)
    for n in range(N_MAILS):
        files.append(
            write_email(
                folder / f"mail-{n}.eml",
                sender="client@example.fr",
                to="shop@example.fr",
                subject=f"Réclamation {n}",
                body="Bonjour,\n" * 30,
                sent=datetime(2026, 5, 1, tzinfo=UTC),
            )
        )
    return files


def make_store(folder: Path, scale: int):
    from disputedesk.domain.enums import Channel, Direction, DisputeCategory
    from disputedesk.domain.money import Money
    from disputedesk.domain.records import (
        BusinessProfile,
        CustomerDraft,
        DisputeDraft,
        PostalAddress,
    )
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.services.journal_service import EntryDraft
    from disputedesk.storage.store import open_store

    store = open_store(DataPaths(folder / "data"))
    sv = Services.build(store)
    sv.business.save(
        BusinessProfile(
            trade_name="Atelier Dupré",
            legal_name="Atelier Dupré SARL",
            address=PostalAddress("14 rue Mercière", "", "69002", "Lyon"),
        )
    )
    cust = sv.customers.create(
        CustomerDraft(
            first_name="Élise",
            last_name="Moreau",
            address=PostalAddress("8 rue d'Austerlitz", "", "69004", "Lyon"),
        )
    )
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    d = sv.disputes.open(
        DisputeDraft(
            cust.id,
            DisputeCategory.PRODUCT_QUALITY,
            "Table rayée.",
            Money(89000),
            received_via=Channel.EMAIL,
            received_at=start,
        ),
        now=start,
    )
    files = make_exhibits(folder / "files", scale)
    for i in range(N_ENTRIES):
        when = start + timedelta(hours=3 * i)
        atts = (files[i // 12],) if i % 12 == 0 and i // 12 < len(files) else ()
        sv.journal.add(
            EntryDraft(
                d.id,
                Channel.EMAIL,
                Direction.INCOMING if i % 2 else Direction.OUTGOING,
                f"Échange n° {i}",
                "Texte de l'échange, avec « guillemets » & R&D.\n" * 4,
                occurred_at=when,
                attachments=atts,
            ),
            now=start + timedelta(days=400),
        )
    rest = files[(N_ENTRIES + 11) // 12 :]
    if rest:
        sv.journal.add(
            EntryDraft(
                d.id,
                Channel.EMAIL,
                Direction.INCOMING,
                "Pièces",
                "",
                occurred_at=start + timedelta(days=70),
                attachments=tuple(rest),
            ),
            now=start + timedelta(days=400),
        )
    return store, sv, d, files


def prepare(folder: Path, scale: int) -> None:
    store, _sv, _d, files = make_store(folder, scale)
    store.close()
    (folder / "files.json").write_text(json.dumps([str(f) for f in files]))


def open_prepared(folder: Path):
    from disputedesk.paths import DataPaths
    from disputedesk.services import Services
    from disputedesk.storage.store import open_store

    store = open_store(DataPaths(folder / "data"))
    sv = Services.build(store)
    files = [Path(f) for f in json.loads((folder / "files.json").read_text())]
    return store, sv, sv.disputes.list()[0], files


def run_packet(folder: Path, trace: bool) -> dict:
    from disputedesk.domain.packets import PacketKind
    from disputedesk.services.packet_service import PacketService

    store, sv, d, _files = open_prepared(folder)
    ps = PacketService(sv)
    flow = ps.flow(d.id)
    flow.set_kind(PacketKind.CONCILIATION)
    request = flow.build()
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    built = ps.generate(request, folder / "packet.pdf")
    elapsed = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    store.close()
    return {
        "time": elapsed,
        "peak": peak,
        "pages": built.page_count,
        "exhibits": len(request.exhibits),
        "exhibit_pages": sum(built.exhibit_pages),
        "bytes": (folder / "packet.pdf").stat().st_size,
    }


def run_baseline(folder: Path, trace: bool) -> dict:
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from disputedesk.documents.fonts import FAMILY, register_fonts
    from disputedesk.documents.markup import para

    store, sv, d, files = open_prepared(folder)
    entries = sv.journal.list(d.id)
    store.close()
    register_fonts()
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    writer = PdfWriter()
    for f in files:
        if f.suffix == ".pdf":
            writer.append(PdfReader(f))
    with open(folder / "merged.pdf", "wb") as fh:
        writer.write(fh)
    style = ParagraphStyle("b", fontName=FAMILY, fontSize=9.5, leading=12.5)
    story = []
    # The same text as the packet: each entry in the journal and in the chronology, and the
    # list of exhibits.
    for e in entries:
        story += [Paragraph(para(e.summary), style), Paragraph(para(e.body), style)]
    for e in entries:
        story.append(Paragraph(para(f"{e.occurred_at:%d/%m/%Y %H:%M} {e.summary}"), style))
    for n, f in enumerate(files, start=1):
        story.append(Paragraph(para(f"{n} {f.name} 01/01/2026 9"), style))
    for f in files:
        if f.suffix in (".txt", ".eml"):
            story += [PageBreak(), Paragraph(para(f.read_text()), style)]
        elif f.suffix == ".jpg":
            story += [PageBreak(), RLImage(str(f), width=400, height=300)]
    SimpleDocTemplate(str(folder / "layout.pdf"), initialFontName=FAMILY).build(story)
    elapsed = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    return {"time": elapsed, "peak": peak}


def _child(which: str, folder: Path, trace: bool = False) -> dict:
    run = subprocess.run(
        [sys.executable, __file__, "--one", which, str(folder), "1" if trace else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        which, folder, trace = sys.argv[2], Path(sys.argv[3]), sys.argv[4] == "1"
        fn = run_packet if which == "packet" else run_baseline
        print(json.dumps(fn(folder, trace)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        one, two = Path(tmp) / "x1", Path(tmp) / "x2"
        prepare(one, 1)
        prepare(two, 2)
        # Alternate, fresh process each time, keep the best of three: the machine is shared.
        base, pack = [], []
        for _ in range(3):
            base.append(_child("baseline", one))
            pack.append(_child("packet", one))
        b = min(r["time"] for r in base)
        p = min(r["time"] for r in pack)
        info = pack[0]
        base_mem = _child("baseline", one, True)
        pack_mem = _child("packet", one, True)
        pack_mem2 = _child("packet", two, True)
    mb = 1024 * 1024
    print(
        f"packet: {info['exhibits']} exhibits, {info['exhibit_pages']} exhibit pages, "
        f"{info['pages']} pages in all, {N_ENTRIES} journal entries, {info['bytes'] / mb:.1f} MB"
    )
    print(f"baseline (pypdf merge + ReportLab layout), best of 3: {b:.2f} s")
    print(f"packet, best of 3:                                    {p:.2f} s")
    print(f"ratio packet / baseline: {p / b:.2f} (target <= 2.00)")
    print(f"peak Python memory (tracemalloc), baseline: {base_mem['peak'] / mb:.1f} MB")
    print(f"peak Python memory (tracemalloc), packet:   {pack_mem['peak'] / mb:.1f} MB")
    print(
        f"peak Python memory, packet with twice the exhibits: {pack_mem2['peak'] / mb:.1f} MB "
        f"({pack_mem2['exhibits']} exhibits, {pack_mem2['exhibit_pages']} exhibit pages, "
        f"{pack_mem2['bytes'] / mb:.1f} MB file)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
