"""Invoices and payments: amounts in integer cents, partial payments allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import Invoice
from disputedesk.i18n import N_
from disputedesk.models import AttachmentRow, CustomerRow, DisputeRow, InvoiceRow, PaymentRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    customer_id: int
    number: str
    issue_date: date
    due_date: date
    amount: Money
    description: str = ""
    dispute_id: int | None = None
    attachment_id: int | None = None


class InvoiceService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, d: InvoiceDraft) -> Invoice:
        number = v.clean(d.number, "number", max_len=60, required=True)
        issue = v.check_date(d.issue_date, "issue_date")
        due = v.check_date(d.due_date, "due_date")
        if due < issue:
            raise ValidationError(
                N_("The due date cannot be before the issue date."), field="due_date"
            )
        if not isinstance(d.amount, Money) or d.amount.minor <= 0:
            raise ValidationError(N_("An invoice amount must be more than zero."), field="amount")
        with self._store.transaction() as s:
            if s.get(CustomerRow, d.customer_id) is None:
                raise NotFoundError(
                    N_("This customer does not exist (any more)."), field="customer"
                )
            if d.dispute_id is not None and s.get(DisputeRow, d.dispute_id) is None:
                raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
            if d.attachment_id is not None and s.get(AttachmentRow, d.attachment_id) is None:
                raise NotFoundError(N_("This attachment does not exist."), field="attachment")
            if s.scalar(select(InvoiceRow.id).where(InvoiceRow.number == number)):
                raise ValidationError(
                    N_("An invoice numbered {number} already exists."),
                    field="number",
                    number=number,
                )
            row = InvoiceRow(
                customer_id=d.customer_id,
                dispute_id=d.dispute_id,
                number=number,
                issue_date=issue,
                due_date=due,
                amount_minor=d.amount.minor,
                currency=d.amount.currency,
                description=v.clean(d.description, "description", max_len=10_000),
                attachment_id=d.attachment_id,
            )
            s.add(row)
            s.flush()
            return convert.invoice(row, [])

    def add_payment(
        self, invoice_id: int, amount: Money, paid_on: date, *, method: str = "", note: str = ""
    ) -> Invoice:
        paid_on = v.check_date(paid_on, "paid_on")
        with self._store.transaction() as s:
            row = self._row(s, invoice_id)
            if not isinstance(amount, Money) or amount.minor <= 0:
                raise ValidationError(N_("A payment must be more than zero."), field="amount")
            if amount.currency != row.currency:
                raise ValidationError(
                    N_("A payment must be in the invoice's currency."), field="amount"
                )
            payments = list(s.scalars(select(PaymentRow).where(PaymentRow.invoice_id == row.id)))
            balance = row.amount_minor - sum(p.amount_minor for p in payments)
            if amount.minor > balance:
                raise ValidationError(
                    N_("This payment is more than what is still due ({balance})."),
                    field="amount",
                    balance=Money(balance, row.currency).format(),
                )
            if paid_on < row.issue_date:
                raise ValidationError(
                    N_("A payment cannot be dated before the invoice."), field="paid_on"
                )
            p = PaymentRow(
                invoice_id=row.id,
                paid_on=paid_on,
                amount_minor=amount.minor,
                method=v.clean(method, "method", max_len=40),
                note=v.clean(note, "note", max_len=10_000),
            )
            s.add(p)
            s.flush()
            return convert.invoice(row, [*payments, p])

    def link_dispute(self, invoice_id: int, dispute_id: int | None) -> Invoice:
        with self._store.transaction() as s:
            row = self._row(s, invoice_id)
            if dispute_id is not None and s.get(DisputeRow, dispute_id) is None:
                raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
            row.dispute_id = dispute_id
            s.flush()
            return self._dto(s, row)

    def get(self, invoice_id: int) -> Invoice:
        with self._store.read() as s:
            return self._dto(s, self._row(s, invoice_id))

    def list(
        self,
        *,
        customer_id: int | None = None,
        dispute_id: int | None = None,
        open_only: bool = False,
    ) -> list[Invoice]:
        q = select(InvoiceRow)
        if customer_id is not None:
            q = q.where(InvoiceRow.customer_id == customer_id)
        if dispute_id is not None:
            q = q.where(InvoiceRow.dispute_id == dispute_id)
        q = q.order_by(InvoiceRow.due_date, InvoiceRow.id)
        with self._store.read() as s:
            rows = list(s.scalars(q))
            pays: dict[int, list[PaymentRow]] = {}
            ids = [r.id for r in rows]
            for start in range(0, len(ids), 500):
                for p in s.scalars(
                    select(PaymentRow).where(PaymentRow.invoice_id.in_(ids[start : start + 500]))
                ):
                    pays.setdefault(p.invoice_id, []).append(p)
            result = [convert.invoice(r, pays.get(r.id, [])) for r in rows]
        if open_only:
            result = [i for i in result if i.balance.minor > 0]
        return result

    @staticmethod
    def _dto(s, row: InvoiceRow) -> Invoice:
        pays = list(s.scalars(select(PaymentRow).where(PaymentRow.invoice_id == row.id)))
        return convert.invoice(row, pays)

    @staticmethod
    def _row(s, invoice_id: int) -> InvoiceRow:
        row = s.get(InvoiceRow, invoice_id)
        if row is None:
            raise NotFoundError(N_("This invoice does not exist."), field="invoice")
        return row
