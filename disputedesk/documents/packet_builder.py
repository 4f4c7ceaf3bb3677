"""Assemble a packet: check every exhibit, lay out the front pages, stamp and merge exhibits.

Order: [cover letter] contents, summary, chronology, journal, list of exhibits, exhibits.
The file is written to a temporary name next to the target and renamed only when complete:
a cancelled or failed build leaves nothing behind, never a broken packet.
"""

from __future__ import annotations

import gc
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from disputedesk.documents import packet_exhibits as ex
from disputedesk.documents.packet_front import build_front
from disputedesk.documents.packet_outcome import BuiltPacket, ExhibitsRejected, PacketCancelled
from disputedesk.documents.packet_pdfout import OutlineItem, StreamingPdf
from disputedesk.documents.packet_stamp import (
    StampText,
    displayed_size,
    overlay,
    stamp_form,
    stamp_matrix,
)
from disputedesk.documents.packet_styles import binary_streams
from disputedesk.documents.packet_text import Wording
from disputedesk.domain.packets import ExhibitSource, PacketRequest
from disputedesk.i18n import N_, _

Progress = Callable[[int, int, str], None]


@dataclass
class _Checked:
    source: ExhibitSource
    kind: str
    sizes: list[tuple[float, float]]  # each page as the reader sees it (for its stamp)
    rendered: Path | None = None  # text and e-mails, laid out once during the check

    @property
    def pages(self) -> int:
        return len(self.sizes)


def _email_labels(w: Wording) -> dict[str, str]:
    _ = w.gettext
    return {
        "From": _("From"),
        "To": _("To"),
        "Cc": _("Cc"),
        "Date": _("Date"),
        "Subject": _("Subject"),
    }


def _check_one(source: ExhibitSource, w: Wording, workdir: Path, index: int) -> _Checked:
    kind = ex.kind_of(source)
    if kind is None:
        raise ex.ExhibitProblem(
            source, N_("this kind of file cannot be put in a packet; save it as PDF first")
        )
    if kind == "pdf":
        path = ex._existing(source)
        reader = ex.open_pdf(source, path)
        return _Checked(source, kind, [displayed_size(p) for p in reader.pages])
    if kind == "image":
        return _Checked(source, kind, [ex.check_image(source)])
    if kind == "email":
        mail = ex.read_email(source, _email_labels(w))
        notes = []
        if mail.attachments:
            notes.append(
                w.gettext(N_("Files attached to this e-mail: {names}")).format(
                    names=", ".join(mail.attachments)
                )
            )
        pdf = ex.text_pages(source.title, mail.headers, mail.body, notes)
    else:
        pdf = ex.text_pages(source.title, [], ex.read_text(source), [])
    rendered = workdir / f"exhibit-{index}.pdf"
    rendered.write_bytes(pdf)
    sizes = [displayed_size(p) for p in PdfReader(io.BytesIO(pdf)).pages]
    return _Checked(source, kind, sizes, rendered)


def check_exhibits(
    request: PacketRequest,
    workdir: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[_Checked], list[ex.ExhibitProblem]]:
    w = Wording(request.language)
    checked, problems = [], []
    total = len(request.exhibits)
    for i, source in enumerate(request.exhibits, start=1):
        if cancelled and cancelled():
            raise PacketCancelled()
        if progress:
            progress(i - 1, total, source.file_name)
        try:
            checked.append(_check_one(source, w, workdir, i))
        except ex.ExhibitProblem as problem:
            problems.append(problem)
    return checked, problems


def _exhibit_reader(item: _Checked, w: Wording) -> PdfReader:
    if item.kind == "pdf":
        return ex.open_pdf(item.source, ex._existing(item.source))
    if item.kind == "image":
        caption = f"{item.source.title} — {item.source.file_name}"
        return PdfReader(io.BytesIO(ex.image_page(item.source, caption)))
    assert item.rendered is not None
    return PdfReader(item.rendered)


def build_packet(
    request: PacketRequest,
    out_path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    cover_pdf: bytes | None = None,
) -> BuiltPacket:
    """Write the packet to `out_path`. Raises ExhibitsRejected, PacketCancelled."""
    out_path = Path(out_path)
    w = Wording(request.language)
    stop = cancelled or (lambda: False)
    with binary_streams(), tempfile.TemporaryDirectory(prefix="dd-packet-") as tmp:
        workdir = Path(tmp)
        n = len(request.exhibits)

        def check_progress(done: int, _total: int, name: str) -> None:
            if progress:
                progress(done, n + 1 + 1, name)

        checked, problems = check_exhibits(
            request, workdir, progress=check_progress, cancelled=stop
        )
        if problems:
            raise ExhibitsRejected(problems)
        pages = [c.pages for c in checked]
        cover_reader = PdfReader(io.BytesIO(cover_pdf)) if cover_pdf else None
        cover_pages = len(cover_reader.pages) if cover_reader else 0
        if progress:
            progress(n, n + 1 + 1, _("Laying out the summary and the journal"))
        front = build_front(request, pages, cover_pages)
        total_pages = cover_pages + front.page_count + sum(pages)
        if stop():
            raise PacketCancelled()
        stamps = _stamps(w, checked, cover_reader, front, total_pages)
        units = n + 1 + total_pages
        done = n + 1
        fd, tmp_name = tempfile.mkstemp(prefix=".packet-", suffix=".pdf", dir=out_path.parent)
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                out = StreamingPdf(fh)
                out.share(stamps.pdf)
                if cover_reader is not None:
                    out.add_pages(cover_reader.pages, _take(stamps, cover_reader.pages))
                    cover_reader = None
                    done += cover_pages
                out.add_pages(PdfReader(io.BytesIO(front.pdf)).pages)
                done += front.page_count
                if progress:
                    progress(done, units, _("Adding the exhibits"))
                for item in checked:
                    if stop():
                        raise PacketCancelled()
                    try:
                        reader = _exhibit_reader(item, w)
                        if len(reader.pages) != item.pages:
                            raise ValueError("the file changed while the packet was being made")
                        out.add_pages(reader.pages, _take(stamps, reader.pages))
                    except ex.ExhibitProblem as problem:
                        raise ExhibitsRejected([problem]) from problem
                    except Exception as exc:  # damage pypdf only meets while copying
                        raise ExhibitsRejected(
                            [
                                ex.ExhibitProblem(
                                    item.source,
                                    N_("the file cannot be merged ({error})"),
                                    error=ex._short(exc),
                                )
                            ]
                        ) from exc
                    del reader  # one exhibit in memory at a time
                    # pypdf's objects form cycles: free them now, not later. Unless the
                    # window collects on its own thread (ui/collector.py): a collection here,
                    # in a pool thread, could destroy the window's Qt objects on it.
                    if gc.isenabled():
                        gc.collect(1)
                    done += item.pages
                    if progress:
                        progress(done, units, item.source.file_name)
                outline = _outline(request, w, front, cover_pages)
                out.close(
                    title=w.title(request.kind, request.dispute.reference),
                    outline=outline,
                    author=request.business.legal_name or request.business.trade_name,
                )
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_path, out_path)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
    return BuiltPacket(
        out_path,
        total_pages,
        front.page_count,
        cover_pages,
        tuple(front.exhibit_first_pages),
        tuple(pages),
    )


class _Stamps:
    """The overlay of every stamped page, handed out in page order."""

    def __init__(self, pdf: PdfReader) -> None:
        self.pdf = pdf
        self.next = 0


def _stamps(w: Wording, checked, cover_reader, front, total: int) -> _Stamps:
    sizes: list[tuple[float, float]] = []
    texts: list[StampText] = []
    if cover_reader is not None:
        for i, page in enumerate(cover_reader.pages, start=1):
            sizes.append(displayed_size(page))
            texts.append(StampText("", w.page_of(i, total)))
    for number, item in enumerate(checked, start=1):
        first = front.exhibit_first_pages[number - 1]
        for k, size in enumerate(item.sizes):
            sizes.append(size)
            texts.append(StampText(w.exhibit_no(number), w.page_of(first + k, total)))
    return _Stamps(PdfReader(io.BytesIO(overlay(sizes, texts))))


def _take(stamps: _Stamps, pages) -> list:
    out = []
    for page in pages:
        form = stamp_form(stamps.pdf.pages[stamps.next])
        stamps.next += 1
        out.append((form, stamp_matrix(page)))
    return out


def _outline(request: PacketRequest, w: Wording, front, cover_pages: int) -> list[OutlineItem]:
    _ = w.gettext
    items = []
    if cover_pages:
        items.append(OutlineItem(_("Cover letter"), 0))
    names = {
        "toc": _("Contents"),
        "summary": _("Summary"),
        "chronology": _("Chronology"),
        "journal": _("Journal of communications"),
        "exhibits": _("List of exhibits"),
    }
    for key, title in names.items():
        items.append(OutlineItem(title, cover_pages + front.section_pages[key]))
    if request.exhibits:
        children = [
            OutlineItem(f"{w.exhibit_no(i)} — {src.title}", first - 1)
            for i, (src, first) in enumerate(
                zip(request.exhibits, front.exhibit_first_pages, strict=True), start=1
            )
        ]
        items.append(OutlineItem(_("Exhibits"), children[0].page_index, children))
    return items
