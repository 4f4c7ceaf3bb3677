"""Helpers for the receivables tests: customers and invoices in a fresh store."""

from __future__ import annotations

from datetime import date

from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft
from disputedesk.services.invoice_service import InvoiceDraft


def customer(services, *, pro: bool, name: str = "Dupont") -> int:
    draft = CustomerDraft(
        kind=CustomerKind.PROFESSIONAL if pro else CustomerKind.INDIVIDUAL,
        first_name="Jean",
        last_name=name,
        company=f"{name} SARL" if pro else "",
    )
    return services.customers.create(draft).id


def invoice(services, customer_id: int, number: str, amount_minor: int, due: date, issue=None):
    return services.invoices.create(
        InvoiceDraft(
            customer_id=customer_id,
            number=number,
            issue_date=issue or date(due.year - 1, 12, 1),
            due_date=due,
            amount=Money(amount_minor),
        )
    )
