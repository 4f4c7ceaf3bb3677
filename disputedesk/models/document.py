"""Generated documents (letters, packets): immutable records of the file produced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base, UTCDateTime, utcnow


class DocumentRow(Base):
    __tablename__ = "document"
    __table_args__ = (Index("ix_document_dispute_id", "dispute_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("dispute.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
