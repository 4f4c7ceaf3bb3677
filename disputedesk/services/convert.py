"""ORM rows to frozen records. The only place that knows both shapes."""

from __future__ import annotations

from disputedesk.domain.enums import (
    Channel,
    CustomerKind,
    Direction,
    DisputeCategory,
    DisputeStage,
    Outcome,
)
from disputedesk.domain.money import Money
from disputedesk.domain.records import (
    Attachment,
    BusinessProfile,
    Customer,
    Dispute,
    Document,
    Invoice,
    JournalEntry,
    MediatorInfo,
    Payment,
    PostalAddress,
    StageChange,
    Task,
)
from disputedesk.models import (
    AttachmentRow,
    BusinessProfileRow,
    CustomerRow,
    DisputeRow,
    DocumentRow,
    InvoiceRow,
    JournalEntryRow,
    PaymentRow,
    StageChangeRow,
    TaskRow,
)


def business(row: BusinessProfileRow | None) -> BusinessProfile:
    if row is None:
        return BusinessProfile()
    return BusinessProfile(
        trade_name=row.trade_name,
        legal_name=row.legal_name,
        legal_form=row.legal_form,
        address=PostalAddress(
            row.address_line1, row.address_line2, row.postcode, row.city, row.country
        ),
        siret=row.siret,
        trade_register=row.trade_register,
        vat_number=row.vat_number,
        phone=row.phone,
        email=row.email,
        website=row.website,
        logo_sha256=row.logo_sha256,
        signature_sha256=row.signature_sha256,
        signatory_name=row.signatory_name,
        mediator=MediatorInfo(row.mediator_name, row.mediator_address, row.mediator_website),
        default_language=row.default_language,
        payment_terms_days=row.payment_terms_days,
        late_penalty_rate_bp=row.late_penalty_rate_bp,
        response_time_hours=row.response_time_hours,
        currency=row.currency,
    )


def customer(row: CustomerRow) -> Customer:
    return Customer(
        id=row.id,
        kind=CustomerKind(row.kind),
        first_name=row.first_name,
        last_name=row.last_name,
        company=row.company,
        siret=row.siret,
        address=PostalAddress(
            row.address_line1, row.address_line2, row.postcode, row.city, row.country
        ),
        email=row.email,
        phone=row.phone,
        language=row.language,
        notes=row.notes,
        title=row.title,
        archived=row.archived,
        created_at=row.created_at,
    )


def dispute(row: DisputeRow) -> Dispute:
    return Dispute(
        id=row.id,
        reference=row.reference,
        customer_id=row.customer_id,
        title=row.title,
        category=DisputeCategory(row.category),
        description=row.description,
        amount=Money(row.amount_minor, row.currency),
        customer_request=row.customer_request,
        received_via=Channel(row.received_via),
        received_at=row.received_at,
        stage=DisputeStage(row.stage),
        stage_changed_at=row.stage_changed_at,
        outcome=Outcome(row.outcome) if row.outcome else None,
        root_cause=row.root_cause,
        shop_at_fault=row.shop_at_fault,
        lessons_learned=row.lessons_learned,
        policy_change=row.policy_change,
        created_at=row.created_at,
        closed_at=row.closed_at,
    )


def stage_change(row: StageChangeRow) -> StageChange:
    return StageChange(
        id=row.id,
        dispute_id=row.dispute_id,
        from_stage=DisputeStage(row.from_stage) if row.from_stage else None,
        to_stage=DisputeStage(row.to_stage),
        at=row.at,
        reason=row.reason,
    )


def attachment(row: AttachmentRow) -> Attachment:
    return Attachment(
        id=row.id,
        sha256=row.sha256,
        original_name=row.original_name,
        size=row.size,
        media_type=row.media_type,
        added_at=row.added_at,
    )


def journal_entry(
    row: JournalEntryRow, attachments: list[AttachmentRow], corrected_by_id: int | None
) -> JournalEntry:
    return JournalEntry(
        id=row.id,
        dispute_id=row.dispute_id,
        occurred_at=row.occurred_at,
        channel=Channel(row.channel),
        direction=Direction(row.direction),
        summary=row.summary,
        body=row.body,
        corrects_id=row.corrects_id,
        corrected_by_id=corrected_by_id,
        document_id=row.document_id,
        attachments=tuple(attachment(a) for a in attachments),
        created_at=row.created_at,
    )


def payment(row: PaymentRow, currency: str) -> Payment:
    return Payment(
        id=row.id,
        invoice_id=row.invoice_id,
        paid_on=row.paid_on,
        amount=Money(row.amount_minor, currency),
        method=row.method,
        note=row.note,
    )


def invoice(row: InvoiceRow, payments: list[PaymentRow]) -> Invoice:
    return Invoice(
        id=row.id,
        customer_id=row.customer_id,
        dispute_id=row.dispute_id,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        amount=Money(row.amount_minor, row.currency),
        description=row.description,
        payments=tuple(
            payment(p, row.currency) for p in sorted(payments, key=lambda p: (p.paid_on, p.id))
        ),
        attachment_id=row.attachment_id,
    )


def task(row: TaskRow) -> Task:
    return Task(
        id=row.id,
        dispute_id=row.dispute_id,
        title=row.title,
        kind=row.kind,
        due_at=row.due_at,
        done_at=row.done_at,
        created_at=row.created_at,
    )


def document(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        dispute_id=row.dispute_id,
        kind=row.kind,
        language=row.language,
        title=row.title,
        sha256=row.sha256,
        file_name=row.file_name,
        size=row.size,
        created_at=row.created_at,
    )
