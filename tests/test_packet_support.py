"""Shared helpers for the packet tests: real exhibit files of every kind, demo disputes."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from disputedesk.documents.fonts import FAMILY, register_fonts
from disputedesk.domain.enums import Channel, Direction
from disputedesk.services.demo_service import seed_demo
from disputedesk.services.journal_service import EntryDraft
from disputedesk.services.packet_service import PacketService

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def multi_page_pdf(path: Path, pages: int = 3) -> Path:
    """Pages "Original page N"; page 2 is rotated (/Rotate 90), page 3 is landscape."""
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, initialFontName=FAMILY)
    for n in range(1, pages + 1):
        if n == 3:
            c.setPageSize(landscape(A4))
        else:
            c.setPageSize(A4)
        c.drawString(72, 400, f"Original page {n}")
        c.showPage()
    c.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    writer = PdfWriter()
    for i, page in enumerate(reader.pages):
        added = writer.add_page(page)
        if i == 1:
            added.rotate(90)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def exif_jpeg(path: Path, orientation: int) -> Path:
    """A phone photo stored sideways (480×640) whose EXIF says how to turn it upright."""
    img = Image.new("RGB", (640, 480), (200, 170, 140))
    ImageDraw.Draw(img).rectangle((100, 100, 300, 200), fill=(40, 40, 120))
    stored = img.rotate(90, expand=True) if orientation in (6, 8) else img.rotate(180)
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", exif=exif.tobytes())
    return path


def png(path: Path) -> Path:
    img = Image.new("RGBA", (300, 500), (255, 0, 0, 128))
    img.save(path, "PNG")
    return path


def long_text(path: Path) -> Path:
    lines = [f"Ligne {i} : l'artisan a dit <b>R&D</b> & « devis »" for i in range(1, 181)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def email_file(path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Élise Moreau <elise@example.fr>"
    msg["To"] = "contact@atelier-dupre.fr"
    msg["Subject"] = "Réclamation : table rayée"
    msg["Date"] = "Tue, 10 Nov 2026 11:23:31 +0000"
    msg.set_content("Bonjour,\nla table est rayée.\nCordialement")
    msg.add_alternative("<p>Bonjour,</p><p>la table est <b>rayée</b>.</p>", subtype="html")
    msg.add_attachment(b"fake", maintype="application", subtype="octet-stream", filename="x.bin")
    path.write_bytes(bytes(msg))
    return path


def every_kind(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        multi_page_pdf(folder / "devis.pdf"),
        exif_jpeg(folder / "photo-6.jpg", 6),
        exif_jpeg(folder / "photo-3.jpg", 3),
        png(folder / "capture.png"),
        long_text(folder / "notes.txt"),
        email_file(folder / "courriel.eml"),
    ]


def demo_dispute(services, title: str = "Table rayée à la livraison"):
    seed_demo(services, now=NOW)
    return next(d for d in services.disputes.list() if d.title == title)


def add_files(services, dispute_id: int, files: list[Path], days_ago: int = 5):
    return services.journal.add(
        EntryDraft(
            dispute_id=dispute_id,
            channel=Channel.EMAIL,
            direction=Direction.INCOMING,
            summary="Pièces envoyées par la cliente",
            body="Voici les documents.",
            occurred_at=NOW - timedelta(days=days_ago),
            attachments=tuple(files),
        ),
        now=NOW,
    )


def packet_service(services) -> PacketService:
    return PacketService(services)


def page_texts(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def outline_titles(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, depth, 0-based page) for every bookmark."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((item.title, depth, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def page_number_of(text: str) -> tuple[int, int] | None:
    m = re.search(r"page (\d+) / (\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None
