"""Referral packets: gather a dispute's facts, generate the PDF, store it and record it.

`generate` may run off the GUI thread (it only reads files and the store); it reports
progress and can be cancelled. Exhibits that cannot be used are reported by name and reason
(ExhibitsRejected) so the caller can leave them out and try again. `save` stores the PDF
immutably (DocumentService), records it in the journal and, only when the owner confirms,
moves the dispute to the mediation or conciliation stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from disputedesk.documents.packet_outcome import BuiltPacket, ExhibitsRejected, PacketCancelled
from disputedesk.documents.packet_text import Wording
from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.packets import (
    ExhibitSource,
    PacketContext,
    PacketFlow,
    PacketRequest,
    default_summary,
)
from disputedesk.domain.records import Dispute, Document, JournalEntry
from disputedesk.i18n import N_, _, ngettext
from disputedesk.services.journal_service import EntryDraft

if TYPE_CHECKING:
    from disputedesk.documents.packet_exhibits import ExhibitProblem

__all__ = ["BuiltPacket", "ExhibitsRejected", "PacketCancelled", "PacketService", "SavedPacket"]


@dataclass(frozen=True)
class SavedPacket:
    document: Document
    entry: JournalEntry
    dispute: Dispute


class PacketService:
    def __init__(self, services) -> None:
        self._s = services

    # --- reading ------------------------------------------------------------------------
    def context(self, dispute_id: int, *, now: datetime | None = None) -> PacketContext:
        s = self._s
        now = now or datetime.now(UTC)
        dispute = s.disputes.get(dispute_id)
        entries = tuple(s.journal.list(dispute_id))
        sources: list[ExhibitSource] = []
        for e in entries:
            for a in e.attachments:
                sources.append(
                    ExhibitSource(
                        key=f"att:{a.id}",
                        # Several files of one message: the name tells them apart.
                        title=f"{e.summary} ({a.original_name})"
                        if len(e.attachments) > 1
                        else e.summary,
                        file_name=a.original_name,
                        dated=e.occurred_at.astimezone().date(),
                        path=self._attachment_path(a),
                        media_type=a.media_type,
                        size=a.size,
                        entry_id=e.id,
                    )
                )
        for doc in s.documents.list(dispute_id):
            if doc.kind.startswith("packet"):
                continue  # earlier packets are not evidence of the dispute itself
            sources.append(
                ExhibitSource(
                    key=f"doc:{doc.id}",
                    title=doc.title or doc.file_name,
                    file_name=doc.file_name,
                    dated=doc.created_at.astimezone().date(),
                    path=self._document_path(doc),
                    media_type="application/pdf",
                    size=doc.size,
                )
            )
        return PacketContext(
            business=s.business.get(),
            customer=s.customers.get(dispute.customer_id),
            dispute=dispute,
            entries=entries,
            stage_changes=tuple(s.disputes.history(dispute_id)),
            invoices=tuple(s.invoices.list(dispute_id=dispute_id)),
            exhibits=tuple(sources),
            today=now.astimezone().date(),
        )

    def _attachment_path(self, attachment) -> Path | None:
        try:
            return self._s.journal.attachment_path(attachment)
        except NotFoundError:
            return None

    def _document_path(self, document) -> Path | None:
        try:
            return self._s.documents.path(document)
        except NotFoundError:
            return None

    def flow(self, dispute_id: int, *, now: datetime | None = None) -> PacketFlow:
        """A wizard flow with the owner's likely choices and a pre-filled summary."""
        flow = PacketFlow(self.context(dispute_id, now=now))
        self.refill_summary(flow)
        return flow

    @staticmethod
    def refill_summary(flow: PacketFlow) -> None:
        w = Wording(flow.language)
        flow.summary = default_summary(flow, w.gettext, w.date)

    # --- generating ---------------------------------------------------------------------
    def generate(
        self,
        request: PacketRequest,
        out_path: Path,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        cover: bool = True,
    ) -> BuiltPacket:
        out_path = Path(out_path)
        if not out_path.parent.is_dir():
            raise ValidationError(
                N_("The folder {folder} does not exist."), field="out", folder=str(out_path.parent)
            )
        # Page 1: the cover letter to the recipient (mediator, conciliator, lawyer), written
        # by the letter engine; none when the owner named no recipient.
        letters = getattr(self._s, "letters", None)
        wanted = cover and letters is not None and request.recipient.name.strip()
        from disputedesk.documents.packet_builder import build_packet  # pypdf, ReportLab

        return build_packet(
            request,
            out_path,
            progress=progress,
            cancelled=cancelled,
            cover_pdf=letters.cover_pdf(request) if wanted else None,
        )

    @staticmethod
    def describe(problem: ExhibitProblem) -> str:
        """ "photo.jpg: the image cannot be decoded (…)", in the UI's language."""
        return _("{file}: {reason}").format(
            file=problem.source.file_name, reason=problem.translated(_)
        )

    def document_path(self, document: Document) -> Path:
        return self._s.documents.path(document)

    # --- saving -------------------------------------------------------------------------
    def save(self, request: PacketRequest, built: BuiltPacket, *, move_stage: bool) -> SavedPacket:
        s = self._s
        w = Wording(request.language)
        title = w.title(request.kind, request.dispute.reference)
        document = s.documents.record(
            built.path.read_bytes(),
            kind=f"packet_{request.kind.value}",
            language=request.language,
            title=title,
            file_name=f"{request.dispute.reference}-{request.kind.value}.pdf",
            dispute_id=request.dispute.id,
        )
        body = ngettext(
            "{pages} pages, {exhibits} exhibit, {entries} journal entries.",
            "{pages} pages, {exhibits} exhibits, {entries} journal entries.",
            len(request.exhibits),
        ).format(
            pages=built.page_count, exhibits=len(request.exhibits), entries=len(request.entries)
        )
        if request.recipient.name:
            body += "\n" + _("Recipient: {name}").format(name=request.recipient.name)
        entry = s.journal.add(
            EntryDraft(
                dispute_id=request.dispute.id,
                channel=Channel.INTERNAL_NOTE,
                direction=Direction.INTERNAL,
                summary=_("Packet prepared: {kind}").format(kind=request.kind.label),
                body=body,
                document_id=document.id,
            )
        )
        dispute = s.disputes.get(request.dispute.id)
        target = request.kind.target_stage
        if move_stage and target is not None and dispute.stage is not target:
            reason = _("Packet sent to {recipient}").format(
                recipient=request.recipient.name or request.kind.label
            )
            dispute = s.disputes.change_stage(dispute.id, target, reason=reason)
        return SavedPacket(document, entry, dispute)
