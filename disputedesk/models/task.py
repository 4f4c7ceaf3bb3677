"""Deadlines and tasks, usually tied to a dispute."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class TaskRow(Base):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_due_open", "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
