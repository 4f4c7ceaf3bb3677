"""Letters: the owner's templates, each letter issued (with its registered-mail tracking and
receipt date: evidence that starts interest), the invoices it claims, the envelope layout."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class LetterTemplateRow(Base):
    """The owner's version of one kind's text in one language (absent = the default)."""

    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class LetterRow(Base):
    """A letter issued; its PDF is the document (immutable), the rest is its postal life."""

    __tablename__ = "letter"
    __table_args__ = (Index("ix_letter_dispute_id", "dispute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    journal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id", ondelete="SET NULL")
    )
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300), default="")
    sent_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    registered: Mapped[bool] = mapped_column(Boolean, default=False)
    tracking_number: Mapped[str] = mapped_column(String(40), default="")
    # Date on the signed acknowledgement of receipt; for a letter returned unclaimed, the
    # date it was first presented, when known.
    receipt_date: Mapped[date | None] = mapped_column(Date)
    returned_unclaimed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LetterInvoiceRow(Base):
    """The invoices a payment letter claims."""

    __tablename__ = "letter_invoice"
    __table_args__ = (Index("ix_letter_invoice_invoice_id", "invoice_id"),)

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("letter.id", ondelete="CASCADE"), primary_key=True
    )
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), primary_key=True
    )


class LetterSettingsRow(Base):
    """The shop's envelope (one row): window preset, its shift in mm, fold marks."""

    __tablename__ = "letter_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    preset: Mapped[str] = mapped_column(String(20), default="fr_right")
    shift_x_mm: Mapped[float] = mapped_column(Float, default=0.0)
    shift_y_mm: Mapped[float] = mapped_column(Float, default=0.0)
    fold_marks: Mapped[bool] = mapped_column(Boolean, default=True)
