"""Receivables: per-invoice late-payment terms and dunning state, the dunning plan, the steps
done (one per invoice and level: what makes catch-up never send twice), owner-entered rates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class ReceivableRow(Base):
    """What the law and the dunning plan need about one invoice (absent = defaults)."""

    __tablename__ = "receivable"

    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), primary_key=True
    )
    contract_rate_bp: Mapped[int | None] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    disputed_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A formal notice sent outside DisputeDesk: its receipt date (consumer interest start).
    notice_received_on: Mapped[date | None] = mapped_column(Date)
    judgment_enforceable_on: Mapped[date | None] = mapped_column(Date)
    # Dunning: last level done (0 = none) and when; a pause, open-ended or until a date.
    level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    level_done_on: Mapped[date | None] = mapped_column(Date)
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    paused_until: Mapped[date | None] = mapped_column(Date)
    pause_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class DunningLevelRow(Base):
    __tablename__ = "dunning_level"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, unique=True)  # 1, 2, 3, …
    days_after_due: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))  # reminder_1 | reminder_2 | notice_to_pay | …
    channel: Mapped[str] = mapped_column(String(30))  # letter | registered_letter | email | …


class DunningStepRow(Base):
    """A level done for an invoice. Unique per (invoice, level): never sent twice."""

    __tablename__ = "dunning_step"
    __table_args__ = (
        UniqueConstraint("invoice_id", "position"),
        Index("ix_dunning_step_done_on", "done_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(30), default="")
    due_on: Mapped[date] = mapped_column(Date)  # when the level fell due
    done_on: Mapped[date] = mapped_column(Date)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateOverrideRow(Base):
    """A rate entered by the owner (newer half-year, or a correction of a shipped one)."""

    __tablename__ = "rate_override"
    __table_args__ = (UniqueConstraint("series", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(30))
    start: Mapped[date] = mapped_column(Date)
    rate_bp: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
