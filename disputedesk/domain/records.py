"""Frozen records the services return (never ORM rows, never Qt types) and the drafts they take."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from disputedesk.domain.enums import (
    Channel,
    CustomerKind,
    Direction,
    DisputeCategory,
    DisputeStage,
    Outcome,
)
from disputedesk.domain.money import Money


@dataclass(frozen=True, slots=True)
class PostalAddress:
    line1: str = ""  # street, number
    line2: str = ""  # building, floor, "lieu-dit"…
    postcode: str = ""
    city: str = ""
    country: str = "FR"  # ISO 3166-1 alpha-2

    @property
    def is_empty(self) -> bool:
        return not (self.line1 or self.line2 or self.postcode or self.city)


@dataclass(frozen=True, slots=True)
class MediatorInfo:
    """The consumer mediator the shop adheres to (Code de la consommation L616-1, R616-1)."""

    name: str = ""
    address: str = ""
    website: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.name.strip() and self.website.strip())


@dataclass(frozen=True, slots=True)
class BusinessProfile:
    trade_name: str = ""
    legal_name: str = ""
    legal_form: str = ""  # SARL, SAS, EI, micro-entreprise…
    address: PostalAddress = field(default_factory=PostalAddress)
    siret: str = ""
    trade_register: str = ""  # "RCS Lyon 123 456 789" or "RM 69"
    vat_number: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_sha256: str | None = None
    signature_sha256: str | None = None
    signatory_name: str = ""
    mediator: MediatorInfo = field(default_factory=MediatorInfo)
    default_language: str = "fr"
    payment_terms_days: int = 30
    late_penalty_rate_bp: int | None = None  # contract rate in basis points; None = legal default
    response_time_hours: int = 48
    currency: str = "EUR"

    @property
    def is_set_up(self) -> bool:
        return bool(self.trade_name.strip())


@dataclass(frozen=True, slots=True)
class CustomerDraft:
    kind: CustomerKind = CustomerKind.INDIVIDUAL
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    siret: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    phone: str = ""
    language: str = "fr"
    notes: str = ""
    title: str = ""  # "Madame", "Monsieur", "" (letters then say "Madame, Monsieur")


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    kind: CustomerKind
    first_name: str
    last_name: str
    company: str
    siret: str
    address: PostalAddress
    email: str
    phone: str
    language: str
    notes: str
    title: str
    archived: bool
    created_at: datetime

    @property
    def display_name(self) -> str:
        person = " ".join(p for p in (self.first_name, self.last_name) if p)
        if self.kind is CustomerKind.PROFESSIONAL and self.company:
            return f"{self.company} ({person})" if person else self.company
        return person or self.company

    def to_draft(self) -> CustomerDraft:
        return CustomerDraft(
            kind=self.kind,
            first_name=self.first_name,
            last_name=self.last_name,
            company=self.company,
            siret=self.siret,
            address=self.address,
            email=self.email,
            phone=self.phone,
            language=self.language,
            notes=self.notes,
            title=self.title,
        )


@dataclass(frozen=True, slots=True)
class DisputeDraft:
    customer_id: int
    category: DisputeCategory
    description: str  # in the customer's words
    amount: Money
    customer_request: str = ""
    received_via: Channel = Channel.IN_PERSON
    received_at: datetime | None = None  # None = now
    title: str = ""


@dataclass(frozen=True, slots=True)
class StageChange:
    id: int
    dispute_id: int
    from_stage: DisputeStage | None
    to_stage: DisputeStage
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Dispute:
    id: int
    reference: str
    customer_id: int
    title: str
    category: DisputeCategory
    description: str
    amount: Money
    customer_request: str
    received_via: Channel
    received_at: datetime
    stage: DisputeStage
    stage_changed_at: datetime
    outcome: Outcome | None
    root_cause: str
    shop_at_fault: bool | None
    lessons_learned: str
    policy_change: str
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    sha256: str
    original_name: str
    size: int
    media_type: str
    added_at: datetime


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    dispute_id: int
    occurred_at: datetime
    channel: Channel
    direction: Direction
    summary: str
    body: str
    corrects_id: int | None  # this entry corrects that one (which stays, as evidence)
    corrected_by_id: int | None
    document_id: int | None
    attachments: tuple[Attachment, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    invoice_id: int
    paid_on: date
    amount: Money
    method: str
    note: str


@dataclass(frozen=True, slots=True)
class Invoice:
    id: int
    customer_id: int
    dispute_id: int | None
    number: str
    issue_date: date
    due_date: date
    amount: Money  # total including VAT (TTC): the basis of penalties (L441-10)
    description: str
    payments: tuple[Payment, ...]
    attachment_id: int | None

    @property
    def paid(self) -> Money:
        total = Money.zero(self.amount.currency)
        for p in self.payments:
            total = total + p.amount
        return total

    @property
    def balance(self) -> Money:
        return self.amount - self.paid


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    dispute_id: int | None
    title: str
    kind: str  # free key: "acknowledge", "payment_deadline", "call_back", …
    due_at: datetime
    done_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Document:
    """A generated document (letter, packet): an immutable record of what was produced."""

    id: int
    dispute_id: int | None
    kind: str
    language: str
    title: str
    sha256: str
    file_name: str
    size: int
    created_at: datetime
