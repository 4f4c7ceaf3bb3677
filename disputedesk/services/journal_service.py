"""The communications journal: evidence, so entries are corrected, never edited in place."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import or_, select

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.records import Attachment, JournalEntry
from disputedesk.i18n import N_
from disputedesk.models import AttachmentRow, DisputeRow, JournalEntryRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store

MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024  # 1 GiB: beyond that, evidence belongs elsewhere


@dataclass(frozen=True, slots=True)
class EntryDraft:
    dispute_id: int
    channel: Channel
    direction: Direction
    summary: str
    body: str = ""
    occurred_at: datetime | None = None  # None = now
    attachments: tuple[Path, ...] = ()
    document_id: int | None = None


def check_attachment_file(path: Path) -> int:
    """Refuse, by name and with the reason, a file that cannot become evidence."""
    name = path.name or str(path)
    try:
        if not path.exists():
            raise ValidationError(
                N_("{file} does not exist (any more)."), field="attachments", file=name
            )
        if not path.is_file():
            raise ValidationError(N_("{file} is not a file."), field="attachments", file=name)
        size = path.stat().st_size
        with open(path, "rb") as fh:
            fh.read(1)
    except PermissionError as exc:
        raise ValidationError(
            N_("{file} cannot be read (permission denied)."), field="attachments", file=name
        ) from exc
    except OSError as exc:
        raise ValidationError(
            N_("{file} cannot be read: {reason}"),
            field="attachments",
            file=name,
            reason=exc.strerror or str(exc),
        ) from exc
    if size == 0:
        raise ValidationError(N_("{file} is empty (0 bytes)."), field="attachments", file=name)
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            N_("{file} is too large (over 1 GB)."), field="attachments", file=name
        )
    return size


def safe_display_name(name: str) -> str:
    """Keep the user's name for display only, without path parts or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "file"
    return base[:255]


class JournalService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, draft: EntryDraft, *, now: datetime | None = None) -> JournalEntry:
        return self._add(draft, corrects_id=None, now=now)

    def correct(self, entry_id: int, draft: EntryDraft) -> JournalEntry:
        """Record a correction: a new entry pointing at the original, which stays visible."""
        with self._store.read() as s:
            original = s.get(JournalEntryRow, entry_id)
            if original is None:
                raise NotFoundError(N_("This journal entry does not exist."), field="entry")
            if s.scalar(select(JournalEntryRow.id).where(JournalEntryRow.corrects_id == entry_id)):
                raise ValidationError(
                    N_("This entry was already corrected: correct the latest version."),
                    field="entry",
                )
            if original.dispute_id != draft.dispute_id:
                raise ValidationError(
                    N_("A correction must stay in the same dispute."), field="dispute"
                )
        return self._add(draft, corrects_id=entry_id, now=None)

    def _add(
        self, draft: EntryDraft, corrects_id: int | None, now: datetime | None
    ) -> JournalEntry:
        now = now or datetime.now(UTC)
        occurred = v.check_aware(draft.occurred_at or now, "occurred_at")
        channel = Channel(draft.channel)
        direction = Direction(draft.direction)
        summary = v.clean(draft.summary, "summary", max_len=300, required=True)
        body = v.clean(draft.body, "body", max_len=1_000_000)
        files = [Path(p) for p in draft.attachments]
        for path in files:
            check_attachment_file(path)
        # Files go into the store (temp file, fsync, rename) before the rows that name them
        # are committed: a crash in between leaves an unreferenced file, never a dangling row.
        stored = []
        for path in files:
            try:
                stored.append((path, self._store.attachments.put_file(path)))
            except OSError as exc:
                raise ValidationError(
                    N_("{file} cannot be copied into the store: {reason}"),
                    field="attachments",
                    file=path.name,
                    reason=exc.strerror or str(exc),
                ) from exc
        with self._store.transaction() as s:
            if s.get(DisputeRow, draft.dispute_id) is None:
                raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
            row = JournalEntryRow(
                dispute_id=draft.dispute_id,
                occurred_at=occurred,
                channel=channel.value,
                direction=direction.value,
                summary=summary,
                body=body,
                corrects_id=corrects_id,
                document_id=draft.document_id,
                created_at=now,
            )
            s.add(row)
            s.flush()
            att_rows = []
            for path, sf in stored:
                att = AttachmentRow(
                    journal_entry_id=row.id,
                    sha256=sf.sha256,
                    original_name=safe_display_name(path.name),
                    size=sf.size,
                    media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                    added_at=now,
                )
                s.add(att)
                att_rows.append(att)
            s.flush()
            return convert.journal_entry(row, att_rows, None)

    def list(
        self,
        dispute_id: int,
        *,
        channel: Channel | None = None,
        text: str = "",
        limit: int | None = None,
        newest: int | None = None,
    ) -> list[JournalEntry]:
        """Entries in chronological order; `newest=N` gives only the N latest (still in
        chronological order), so a long journal can show its end first."""
        q = select(JournalEntryRow).where(JournalEntryRow.dispute_id == dispute_id)
        if channel is not None:
            q = q.where(JournalEntryRow.channel == Channel(channel).value)
        term = (text or "").strip()
        if term:
            like = f"%{term.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')}%"
            q = q.where(
                or_(
                    JournalEntryRow.summary.ilike(like, escape="\\"),
                    JournalEntryRow.body.ilike(like, escape="\\"),
                )
            )
        if newest is not None:
            q = q.order_by(JournalEntryRow.occurred_at.desc(), JournalEntryRow.id.desc())
            q = q.limit(newest)
        else:
            q = q.order_by(JournalEntryRow.occurred_at, JournalEntryRow.id)
            if limit is not None:
                q = q.limit(limit)
        with self._store.read() as s:
            rows = list(s.scalars(q))
            if newest is not None:
                rows.reverse()
            ids = [r.id for r in rows]
            atts: dict[int, list[AttachmentRow]] = {}
            corrected_by: dict[int, int] = {}
            for chunk_start in range(0, len(ids), 500):
                chunk = ids[chunk_start : chunk_start + 500]
                for a in s.scalars(
                    select(AttachmentRow)
                    .where(AttachmentRow.journal_entry_id.in_(chunk))
                    .order_by(AttachmentRow.id)
                ):
                    atts.setdefault(a.journal_entry_id, []).append(a)
                for new_id, old_id in s.execute(
                    select(JournalEntryRow.id, JournalEntryRow.corrects_id).where(
                        JournalEntryRow.corrects_id.in_(chunk)
                    )
                ):
                    corrected_by[old_id] = new_id
            return [
                convert.journal_entry(r, atts.get(r.id, []), corrected_by.get(r.id)) for r in rows
            ]

    def get(self, entry_id: int) -> JournalEntry:
        with self._store.read() as s:
            row = s.get(JournalEntryRow, entry_id)
            if row is None:
                raise NotFoundError(N_("This journal entry does not exist."), field="entry")
            atts = list(
                s.scalars(select(AttachmentRow).where(AttachmentRow.journal_entry_id == entry_id))
            )
            newer = s.scalar(
                select(JournalEntryRow.id).where(JournalEntryRow.corrects_id == entry_id)
            )
            return convert.journal_entry(row, atts, newer)

    def attachment(self, attachment_id: int) -> Attachment:
        with self._store.read() as s:
            row = s.get(AttachmentRow, attachment_id)
            if row is None:
                raise NotFoundError(N_("This attachment does not exist."), field="attachment")
            return convert.attachment(row)

    def attachment_path(self, attachment: Attachment) -> Path:
        path = self._store.attachments.path_for(attachment.sha256)
        if not path.is_file():
            raise NotFoundError(
                N_("The file of {file} is missing from the store."),
                field="attachment",
                file=attachment.original_name,
            )
        return path
