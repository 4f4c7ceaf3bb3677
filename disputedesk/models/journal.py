"""The communications journal (evidence: never edited in place) and its attachments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class JournalEntryRow(Base):
    __tablename__ = "journal_entry"
    __table_args__ = (Index("ix_journal_entry_dispute_time", "dispute_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(30))
    direction: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id", ondelete="SET NULL"), unique=True
    )
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttachmentRow(Base):
    """A file kept in the content-addressed store; the user's file name is kept here only."""

    __tablename__ = "attachment"
    __table_args__ = (
        Index("ix_attachment_journal_entry_id", "journal_entry_id"),
        Index("ix_attachment_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id", ondelete="CASCADE")
    )
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
