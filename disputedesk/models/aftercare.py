"""After the dispute: closures (with reopenings), owner root causes, policy changes and the
disputes behind them, loyalty gestures, public reviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class ClosureRow(Base):
    """One closing of a dispute. Reopening stamps reopened_at/reason; the next close adds a row,
    so the history of closings stays."""

    __tablename__ = "dispute_closure"
    __table_args__ = (Index("ix_dispute_closure_dispute_id", "dispute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(40))
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    recovered_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    shop_at_fault: Mapped[bool | None] = mapped_column(Boolean)
    root_cause: Mapped[str] = mapped_column(String(200), default="")
    lesson: Mapped[str] = mapped_column(Text, default="")
    policy_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_change.id", ondelete="SET NULL")
    )
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    satisfaction_word: Mapped[str] = mapped_column(String(200), default="")
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


class RootCauseRow(Base):
    """A root cause the owner added to the built-in list."""

    __tablename__ = "root_cause"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicyRow(Base):
    __tablename__ = "policy_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    review_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PolicyDisputeRow(Base):
    """Which disputes led to a policy change."""

    __tablename__ = "policy_dispute"

    policy_id: Mapped[int] = mapped_column(
        ForeignKey("policy_change.id", ondelete="CASCADE"), primary_key=True
    )
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("dispute.id", ondelete="CASCADE"), primary_key=True
    )


class GestureRow(Base):
    __tablename__ = "gesture"
    __table_args__ = (
        Index("ix_gesture_dispute_id", "dispute_id"),
        Index("ix_gesture_expires_on", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    description: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(String(20), unique=True)
    expires_on: Mapped[date | None] = mapped_column(Date)
    used_on: Mapped[date | None] = mapped_column(Date)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewRow(Base):
    __tablename__ = "public_review"
    __table_args__ = (
        Index("ix_public_review_customer_id", "customer_id"),
        Index("ix_public_review_dispute_id", "dispute_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id", ondelete="SET NULL"))
    platform: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000), default="")
    posted_on: Mapped[date] = mapped_column(Date)
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    changed: Mapped[bool] = mapped_column(Boolean, default=False)
    new_rating: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
