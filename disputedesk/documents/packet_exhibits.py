"""Exhibits of a packet: check each file, and turn images, text and e-mails into PDF pages.

Each file is opened on its own and closed before the next (memory: one exhibit at a time).
A file that cannot go into a packet raises ExhibitProblem naming the file and the reason, so
the owner can leave it out; the packet itself is never produced broken.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from disputedesk.documents.fonts import FAMILY, register_fonts
from disputedesk.documents.markup import para
from disputedesk.documents.packet_styles import styles, table_style
from disputedesk.domain.packets import ExhibitSource
from disputedesk.i18n import N_

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp", "image/webp"}
TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}
EMAIL_TYPES = {"message/rfc822"}
# Stamps sit in the top and bottom 14 mm: pages we lay out keep clear of them.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 22 * mm, 20 * mm, 18 * mm
MAX_IMAGE_PIXELS = 2480  # long side: A4 at 300 dpi, plenty for a photo of evidence


class ExhibitProblem(Exception):
    """A file that cannot go into the packet, with the reason in words."""

    def __init__(self, source: ExhibitSource, reason: str, **params: str) -> None:
        super().__init__(reason)
        self.source = source
        self.reason = reason  # N_()-marked msgid
        self.params = params

    def translated(self, gettext) -> str:
        return gettext(self.reason).format(**self.params)


def kind_of(source: ExhibitSource) -> str | None:
    media = source.media_type.lower()
    suffix = Path(source.file_name).suffix.lower()
    if media == "application/pdf" or suffix == ".pdf":
        return "pdf"
    if media in IMAGE_TYPES or suffix in {".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff"}:
        return "image"
    if media in EMAIL_TYPES or suffix == ".eml":
        return "email"
    if media in TEXT_TYPES or suffix in {".txt", ".csv", ".md", ".log"}:
        return "text"
    return None


def _existing(source: ExhibitSource) -> Path:
    if source.path is None or not source.path.is_file():
        raise ExhibitProblem(source, N_("the file is missing from the data folder"))
    try:
        size = source.path.stat().st_size
    except OSError as exc:
        raise ExhibitProblem(
            source, N_("the file cannot be read: {error}"), error=exc.strerror or str(exc)
        ) from exc
    if size == 0:
        raise ExhibitProblem(source, N_("the file is empty (0 bytes)"))
    return source.path


def open_pdf(source: ExhibitSource, path: Path | io.BytesIO) -> PdfReader:
    """Open a PDF exhibit, refusing what would break the packet."""
    try:
        if isinstance(path, Path):
            with open(path, "rb") as fh:
                fh.seek(max(0, path.stat().st_size - 2048))
                if b"%%EOF" not in fh.read():  # lost its end: pages may be missing
                    raise ExhibitProblem(source, N_("the PDF is truncated (incomplete file)"))
        reader = PdfReader(path)
        if reader.is_encrypted:
            # Protected "against modification" only: it opens with the empty password.
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, FileNotDecryptedError, PdfReadError):
                ok = 0
            if not ok:
                raise ExhibitProblem(
                    source, N_("the PDF is protected by a password; print it to a new PDF first")
                )
        count = len(reader.pages)
        if count == 0:
            raise ExhibitProblem(source, N_("the PDF has no pages"))
        for page in reader.pages:
            _ = page.mediabox, page.cropbox, page.get("/Resources")
            # The page's drawing instructions are copied as they are: a damaged stream
            # would break the packet (qpdf --check), so each one must decode here.
            contents = page.get("/Contents")
            contents = contents.get_object() if contents is not None else None
            for stream in contents if isinstance(contents, list) else [contents]:
                if stream is not None:
                    _check_stream(stream.get_object())
        return reader
    except ExhibitProblem:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise ExhibitProblem(
            source, N_("the PDF is damaged and cannot be read ({error})"), error=_short(exc)
        ) from exc


def _check_stream(stream) -> None:
    """Decode a content stream; pypdf only logs a broken Flate stream, so zlib checks it."""
    filters = stream.get("/Filter")
    if filters == "/FlateDecode" or filters == ["/FlateDecode"]:
        zlib.decompressobj().decompress(stream._data)
    else:
        stream.get_data()


def _short(exc: Exception) -> str:
    return (str(exc) or exc.__class__.__name__).splitlines()[0][:120]


def image_page_size(width: int, height: int) -> tuple[float, float]:
    """A4, turned to match the picture, so a landscape photo is not shrunk."""
    return landscape(A4) if width > height else A4


def check_image(source: ExhibitSource) -> tuple[float, float]:
    """Decode the whole image (a truncated file fails here); returns its page's size."""
    path = _existing(source)
    try:
        with Image.open(path) as img:
            img.draft("RGB", (MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS))
            img.load()
            width, height = img.size
            if img.getexif().get(0x0112) in (5, 6, 7, 8):  # stored sideways (PITFALLS 8)
                width, height = height, width
            return image_page_size(width, height)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ExhibitProblem(
            source, N_("the image cannot be decoded ({error})"), error=_short(exc)
        ) from exc


def image_page(source: ExhibitSource, caption: str) -> bytes:
    """One page: the image upright (EXIF orientation applied, PITFALLS 8), fitted to A4."""
    register_fonts()
    path = _existing(source)
    try:
        with Image.open(path) as raw:
            raw.draft("RGB", (MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS))  # JPEG: decode smaller
            img = ImageOps.exif_transpose(raw)
            img.thumbnail((MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS))
            if img.mode in ("RGBA", "LA", "P"):
                img = img.convert("RGBA")
                flat = Image.new("RGB", img.size, (255, 255, 255))
                flat.paste(img, mask=img.getchannel("A"))
                img = flat
            elif img.mode != "RGB":
                img = img.convert("RGB")
            buf = io.BytesIO()
            if raw.format == "JPEG":
                img.save(buf, "JPEG", quality=88)  # embedded as is: small and fast
            else:
                img.save(buf, "PNG", optimize=False)  # screenshots keep sharp text
            width, height = img.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ExhibitProblem(
            source, N_("the image cannot be decoded ({error})"), error=_short(exc)
        ) from exc
    pagesize = image_page_size(width, height)
    pw, ph = pagesize
    box_w, box_h = pw - 2 * MARGIN_SIDE, ph - MARGIN_TOP - MARGIN_BOTTOM - 8 * mm
    scale = min(box_w / width, box_h / height)
    w, h = width * scale, height * scale
    out = io.BytesIO()
    c = Canvas(out, pagesize=pagesize, initialFontName=FAMILY, initialFontSize=8)
    buf.seek(0)
    x, y = (pw - w) / 2, MARGIN_BOTTOM + 8 * mm + (box_h - h) / 2
    c.drawImage(ImageReader(buf), x, y, w, h)
    c.setFont(FAMILY, 8)
    c.drawCentredString(pw / 2, MARGIN_BOTTOM + 2 * mm, caption[:150])
    c.showPage()
    c.save()
    return out.getvalue()


def read_text(source: ExhibitSource) -> str:
    data = _existing(source).read_bytes()
    if b"\x00" in data[:65536]:
        raise ExhibitProblem(source, N_("the file is not plain text"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@dataclass(frozen=True)
class Email:
    headers: list[tuple[str, str]]
    body: str
    attachments: list[str]


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read_email(source: ExhibitSource, labels: dict[str, str]) -> Email:
    data = _existing(source).read_bytes()
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
        if not msg.keys():
            raise ValueError("no headers")
        headers = [
            (labels[k], str(msg[k])) for k in ("From", "To", "Cc", "Date", "Subject") if msg[k]
        ]
        part = msg.get_body(preferencelist=("plain", "html"))
        body = ""
        if part is not None:
            body = part.get_content()
            if part.get_content_type() == "text/html":
                parser = _HtmlText()
                parser.feed(body)
                body = "".join(parser.parts)
        names = [a.get_filename() or a.get_content_type() for a in msg.iter_attachments()]
    except Exception as exc:  # the email package raises many types for broken messages
        raise ExhibitProblem(
            source, N_("the e-mail cannot be read ({error})"), error=_short(exc)
        ) from exc
    return Email(headers, body, names)


def text_pages(title: str, header_rows: list[tuple[str, str]], body: str, notes: list[str]):
    """PDF bytes: a text exhibit (or an e-mail) laid out as pages with room for the stamps."""
    register_fonts()
    st = styles()
    story = [Paragraph(para(title), st["h2"]), Spacer(1, 3 * mm)]
    if header_rows:
        table = Table(
            [
                [Paragraph(para(k), st["small_bold"]), Paragraph(para(v), st["small"])]
                for k, v in header_rows
            ],
            colWidths=[28 * mm, None],
        )
        table.setStyle(
            table_style(
                *[
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, "#888888"),
                ]
            )
        )
        story += [table, Spacer(1, 4 * mm)]
    for note in notes:
        story.append(Paragraph(para(note), st["small"]))
    # One paragraph per block of lines: long files stay fast and break across pages.
    lines = body.replace("\r\n", "\n").split("\n")
    for start in range(0, len(lines), 40):
        chunk = "\n".join(lines[start : start + 40])
        story.append(Paragraph(para(chunk) or "&nbsp;", st["mono"]))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        initialFontName=FAMILY,
        title=title,
    )
    doc.build(story)
    return out.getvalue()
