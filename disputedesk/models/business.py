"""The shop's own identity, for letterheads and legal mentions (one row)."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from disputedesk.models.base import Base


class BusinessProfileRow(Base):
    __tablename__ = "business_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    trade_name: Mapped[str] = mapped_column(String(200), default="")
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="FR")
    siret: Mapped[str] = mapped_column(String(14), default="")
    trade_register: Mapped[str] = mapped_column(String(120), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(254), default="")
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    signature_sha256: Mapped[str | None] = mapped_column(String(64))
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    mediator_name: Mapped[str] = mapped_column(String(200), default="")
    mediator_address: Mapped[str] = mapped_column(Text, default="")
    mediator_website: Mapped[str] = mapped_column(String(254), default="")
    default_language: Mapped[str] = mapped_column(String(5), default="fr")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    late_penalty_rate_bp: Mapped[int | None] = mapped_column(Integer)
    response_time_hours: Mapped[int] = mapped_column(Integer, default=48)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
