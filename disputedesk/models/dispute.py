"""Disputes and the record of every stage change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class DisputeRow(Base):
    __tablename__ = "dispute"
    __table_args__ = (
        Index("ix_dispute_customer_id", "customer_id"),
        Index("ix_dispute_stage", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    customer_request: Mapped[str] = mapped_column(Text, default="")
    received_via: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage: Mapped[str] = mapped_column(String(30))
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(40))
    root_cause: Mapped[str] = mapped_column(String(200), default="")
    shop_at_fault: Mapped[bool | None] = mapped_column(Boolean)
    lessons_learned: Mapped[str] = mapped_column(Text, default="")
    policy_change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StageChangeRow(Base):
    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_dispute_id", "dispute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
