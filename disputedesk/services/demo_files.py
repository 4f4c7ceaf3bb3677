"""Real sample exhibits for the demo store: a phone photo, a PDF invoice, an e-mail."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from PIL import Image, ImageDraw


def write_photo(path: Path, caption: str) -> Path:
    """A JPEG like a phone's: stored sideways with an EXIF orientation tag (6 = rotate 90°)."""
    img = Image.new("RGB", (640, 480), (196, 180, 160))
    draw = ImageDraw.Draw(img)
    draw.rectangle((120, 140, 520, 360), fill=(90, 60, 40), outline=(40, 20, 10), width=6)
    draw.line((160, 180, 470, 330), fill=(240, 240, 240), width=5)  # the scratch
    draw.text((130, 380), caption, fill=(20, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.rotate(90, expand=True).save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def write_invoice_pdf(
    path: Path,
    *,
    shop: str,
    number: str,
    customer: str,
    issued: date,
    due: date,
    lines: list[tuple[str, int]],
) -> Path:
    """A one-page invoice, as the shop's invoicing software would have printed it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from disputedesk.documents.fonts import BOLD, FAMILY, register_fonts

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, initialFontName=FAMILY, initialFontSize=10)
    c.setTitle(f"Facture {number}")
    _width, height = A4
    c.setFont(BOLD, 16)
    c.drawString(20 * mm, height - 25 * mm, shop)
    c.setFont(FAMILY, 11)
    c.drawString(20 * mm, height - 40 * mm, f"Facture n° {number}")
    c.drawString(20 * mm, height - 47 * mm, f"Date : {issued:%d/%m/%Y}   Échéance : {due:%d/%m/%Y}")
    c.drawString(120 * mm, height - 40 * mm, customer)
    y = height - 70 * mm
    total = 0
    for label, cents in lines:
        c.drawString(20 * mm, y, label)
        c.drawRightString(190 * mm, y, f"{cents / 100:,.2f} €".replace(",", " ").replace(".", ","))
        total += cents
        y -= 7 * mm
    c.setFont(BOLD, 11)
    c.drawString(20 * mm, y - 5 * mm, "Total TTC")
    c.drawRightString(
        190 * mm, y - 5 * mm, f"{total / 100:,.2f} €".replace(",", " ").replace(".", ",")
    )
    c.setFont(FAMILY, 8)
    c.drawString(
        20 * mm,
        20 * mm,
        "Pénalités de retard : taux BCE + 10 points. Indemnité "
        "forfaitaire pour frais de recouvrement : 40 € (C. com. L441-10, D441-5).",
    )
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def write_email(
    path: Path, *, sender: str, to: str, subject: str, body: str, sent: datetime
) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent.astimezone(UTC))
    msg.set_content(body)
    path.write_bytes(bytes(msg))
    return path
