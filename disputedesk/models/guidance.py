"""Guidance: checked good-practice steps, the shop's calendar, and waits for the customer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class GuidanceStepRow(Base):
    """One good-practice step ticked (or unticked: done_at None) for a dispute."""

    __tablename__ = "guidance_step"
    __table_args__ = (UniqueConstraint("dispute_id", "step_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    step_key: Mapped[str] = mapped_column(String(40))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CustomerWaitRow(Base):
    """A period when the shop waits for the customer (asked for photos, the item, a document):
    the acknowledgement clock stops. Ends when the owner says so or the customer writes back."""

    __tablename__ = "customer_wait"
    __table_args__ = (Index("ix_customer_wait_dispute_id", "dispute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class ShopCalendarRow(Base):
    """The shop's opening hours and closed days (one row). The response time itself stays in
    business_profile.response_time_hours."""

    __tablename__ = "shop_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Paris")
    # JSON: seven lists (Monday first) of [start_minute, end_minute] pairs.
    weekly_hours: Mapped[str] = mapped_column(Text, default="")
    # JSON: list of {"first": "YYYY-MM-DD", "last": "YYYY-MM-DD", "label": "..."}.
    closed_periods: Mapped[str] = mapped_column(Text, default="[]")
    french_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    alsace_moselle: Mapped[bool] = mapped_column(Boolean, default=False)
