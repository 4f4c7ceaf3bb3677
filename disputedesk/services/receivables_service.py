"""Receivables: open invoices with their balance, aging, payments, disputed flags, rates and
the late-payment claim (`claim_for`) that letters print.

The law itself lives in `domain/late_payment.py`; this service only gathers what it needs
(invoices, payments, debtor type, formal-notice receipt, per-invoice terms, rate table).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import case, func, select

from disputedesk.domain.claims import PaymentClaim
from disputedesk.domain.court_figures import CourtFigures, Exhibit, court_figures
from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.late_payment import LateTerms, compute_claim, limitation_date
from disputedesk.domain.money import Money
from disputedesk.domain.rates import RateEntry, RateSeries, RateTable, check_entry, shipped_rates
from disputedesk.domain.records import Invoice
from disputedesk.i18n import N_, _
from disputedesk.models import CustomerRow, InvoiceRow, JournalEntryRow, PaymentRow
from disputedesk.models.letter import LetterInvoiceRow, LetterRow
from disputedesk.models.receivables import RateOverrideRow, ReceivableRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.services.invoice_service import InvoiceService
from disputedesk.storage.store import Store

LIMITATION_WARNING_DAYS = 90  # warn this long before a claim is time-barred
NOTICE_KIND = "notice_to_pay"  # LetterKind.NOTICE_TO_PAY (domain/letters.py)


class AgingBucket(StrEnum):
    NOT_DUE = "not_due"
    D1_30 = "1_30"
    D31_60 = "31_60"
    D61_90 = "61_90"
    OVER_90 = "over_90"

    @property
    def label(self) -> str:
        return _(_BUCKET_LABELS[self])

    @classmethod
    def of(cls, days_overdue: int) -> AgingBucket:
        if days_overdue <= 0:
            return cls.NOT_DUE
        if days_overdue <= 30:
            return cls.D1_30
        if days_overdue <= 60:
            return cls.D31_60
        if days_overdue <= 90:
            return cls.D61_90
        return cls.OVER_90


_BUCKET_LABELS = {
    AgingBucket.NOT_DUE: N_("Not due"),
    AgingBucket.D1_30: N_("1–30 days"),
    AgingBucket.D31_60: N_("31–60 days"),
    AgingBucket.D61_90: N_("61–90 days"),
    AgingBucket.OVER_90: N_("Over 90 days"),
}


@dataclass(frozen=True, slots=True)
class ReceivableLine:
    invoice_id: int
    number: str
    customer_id: int
    customer_name: str
    debtor_is_professional: bool
    dispute_id: int | None
    issue_date: date
    due_date: date
    amount: Money
    paid: Money
    balance: Money
    days_overdue: int
    bucket: AgingBucket
    disputed: bool
    paused: bool  # dunning paused now (open-ended or until `paused_until`)
    paused_until: date | None
    pause_reason: str
    level: int  # last dunning level done (0 = none)
    level_done_on: date | None
    limitation_date: date
    limitation_near: bool  # within LIMITATION_WARNING_DAYS of expiry, or expired


@dataclass(frozen=True, slots=True)
class AgingTotal:
    bucket: AgingBucket
    count: int
    amount: Money


@dataclass(frozen=True, slots=True)
class AgingReport:
    as_of: date
    totals: tuple[AgingTotal, ...]
    total: Money
    count: int


@dataclass(frozen=True, slots=True)
class ReceivableTerms:
    invoice_id: int
    contract_rate_bp: int | None
    notice_received_on: date | None  # entered by hand (notice sent outside the app)
    notice_from_letters: date | None  # receipt of a formal notice issued in the app
    judgment_enforceable_on: date | None
    disputed: bool
    disputed_reason: str

    @property
    def notice_received(self) -> date | None:
        dates = [d for d in (self.notice_received_on, self.notice_from_letters) if d]
        return min(dates) if dates else None


def _name(kind: str, first: str, last: str, company: str) -> str:
    person = " ".join(p for p in (first, last) if p)
    if kind == "professional" and company:
        return f"{company} ({person})" if person else company
    return person or company


def is_paused(row: ReceivableRow | None, as_of: date) -> bool:
    """Paused now: open-ended pause, or a pause whose date is not yet passed (it resumes by
    itself the day after the promised date)."""
    if row is None or not row.paused:
        return False
    return row.paused_until is None or as_of <= row.paused_until


def paid_subquery(as_of: date | None = None):
    """(invoice_id, paid): what was paid on each invoice, up to `as_of` when given."""
    q = select(PaymentRow.invoice_id, func.sum(PaymentRow.amount_minor).label("paid"))
    if as_of is not None:
        q = q.where(PaymentRow.paid_on <= as_of)
    return q.group_by(PaymentRow.invoice_id).subquery()


class ReceivablesService:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._invoices = InvoiceService(store)
        self._shipped = shipped_rates()

    # ---- rates -------------------------------------------------------------------------

    def rates(self) -> RateTable:
        with self._store.read() as s:
            return self._rates(s)

    def _rates(self, s) -> RateTable:
        overrides = [
            RateEntry(RateSeries(r.series), r.start, r.rate_bp, r.source, shipped=False)
            for r in s.scalars(select(RateOverrideRow))
        ]
        return self._shipped.with_overrides(overrides)

    def set_rate(self, series: str, start: date, rate_bp: int, source: str) -> RateEntry:
        entry = check_entry(series, start, rate_bp, source)
        with self._store.transaction() as s:
            row = s.scalar(
                select(RateOverrideRow).where(
                    RateOverrideRow.series == entry.series.value,
                    RateOverrideRow.start == entry.start,
                )
            )
            if row is None:
                row = RateOverrideRow(series=entry.series.value, start=entry.start)
                s.add(row)
            row.rate_bp = entry.rate_bp
            row.source = entry.source
        return entry

    def remove_rate(self, series: str, start: date) -> None:
        """Forget an owner-entered rate (the shipped value, if any, applies again)."""
        with self._store.transaction() as s:
            row = s.scalar(
                select(RateOverrideRow).where(
                    RateOverrideRow.series == str(series), RateOverrideRow.start == start
                )
            )
            if row is not None:
                s.delete(row)

    def missing_rates(self, today: date) -> list[tuple[RateSeries, date]]:
        return self.rates().missing(today)

    # ---- lines and aging ---------------------------------------------------------------

    def lines(
        self,
        as_of: date,
        *,
        customer_id: int | None = None,
        open_only: bool = True,
        invoice_ids: Iterable[int] | None = None,
    ) -> list[ReceivableLine]:
        """Invoices with their balance as of `as_of` (payments made later are not counted).

        Plain columns, no ORM objects: 10,000 invoices stay well under a second."""
        paid = paid_subquery(as_of)
        paid_minor = func.coalesce(paid.c.paid, 0)
        q = (
            select(
                InvoiceRow.id,
                InvoiceRow.number,
                InvoiceRow.dispute_id,
                InvoiceRow.issue_date,
                InvoiceRow.due_date,
                InvoiceRow.amount_minor,
                InvoiceRow.currency,
                paid_minor,
                CustomerRow.id,
                CustomerRow.kind,
                CustomerRow.first_name,
                CustomerRow.last_name,
                CustomerRow.company,
                ReceivableRow.disputed,
                ReceivableRow.paused,
                ReceivableRow.paused_until,
                ReceivableRow.pause_reason,
                ReceivableRow.level,
                ReceivableRow.level_done_on,
            )
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .outerjoin(ReceivableRow, ReceivableRow.invoice_id == InvoiceRow.id)
            .outerjoin(paid, paid.c.invoice_id == InvoiceRow.id)
            .order_by(InvoiceRow.due_date, InvoiceRow.id)
        )
        if customer_id is not None:
            q = q.where(InvoiceRow.customer_id == customer_id)
        if invoice_ids is not None:
            q = q.where(InvoiceRow.id.in_(list(invoice_ids)))
        if open_only:
            q = q.where(InvoiceRow.amount_minor > paid_minor)
        with self._store.read() as s:
            rows = s.connection().execute(q).all()  # Core rows: no ORM loading cost
        out: list[ReceivableLine] = []
        names: dict[int, str] = {}
        for (
            iid,
            number,
            dispute_id,
            issue_date,
            due_date,
            amount,
            currency,
            paid_sum,
            cid,
            kind,
            first,
            last,
            company,
            disputed,
            paused,
            paused_until,
            pause_reason,
            level,
            level_done_on,
        ) in rows:
            pro = kind == "professional"
            name = names.get(cid)
            if name is None:
                name = names[cid] = _name(kind, first, last, company)
            overdue = max(0, (as_of - due_date).days)
            limit = limitation_date(due_date, pro)
            out.append(
                ReceivableLine(
                    invoice_id=iid,
                    number=number,
                    customer_id=cid,
                    customer_name=name,
                    debtor_is_professional=pro,
                    dispute_id=dispute_id,
                    issue_date=issue_date,
                    due_date=due_date,
                    amount=Money(amount, currency),
                    paid=Money(int(paid_sum), currency),
                    balance=Money(amount - int(paid_sum), currency),
                    days_overdue=overdue,
                    bucket=AgingBucket.of(overdue),
                    disputed=bool(disputed),
                    paused=bool(paused) and (paused_until is None or as_of <= paused_until),
                    paused_until=paused_until if paused else None,
                    pause_reason=(pause_reason or "") if paused else "",
                    level=level or 0,
                    level_done_on=level_done_on,
                    limitation_date=limit,
                    limitation_near=(limit - as_of).days <= LIMITATION_WARNING_DAYS,
                )
            )
        return out

    def aging(self, as_of: date, *, customer_id: int | None = None) -> AgingReport:
        """Open balances by age (not due, 1-30, 31-60, 61-90, over 90 days), summed by SQLite.

        Totals are in the shop's main currency (euros); invoices in another currency are
        left out of the totals (they still show in the list)."""
        paid = paid_subquery(as_of)
        balance = (InvoiceRow.amount_minor - func.coalesce(paid.c.paid, 0)).label("balance")
        days = (func.julianday(as_of.isoformat()) - func.julianday(InvoiceRow.due_date)).label(
            "days"
        )
        inner = (
            select(balance, days, InvoiceRow.currency.label("currency"))
            .outerjoin(paid, paid.c.invoice_id == InvoiceRow.id)
            .where(InvoiceRow.amount_minor > func.coalesce(paid.c.paid, 0))
        )
        if customer_id is not None:
            inner = inner.where(InvoiceRow.customer_id == customer_id)
        inner = inner.subquery()
        bucket = case(
            (inner.c.days <= 0, 0),
            (inner.c.days <= 30, 1),
            (inner.c.days <= 60, 2),
            (inner.c.days <= 90, 3),
            else_=4,
        ).label("bucket")
        q = select(bucket, inner.c.currency, func.count(), func.sum(inner.c.balance)).group_by(
            bucket, inner.c.currency
        )
        with self._store.read() as s:
            rows = s.execute(q).all()
        currencies = {r[1] for r in rows}
        currency = "EUR" if "EUR" in currencies or not currencies else sorted(currencies)[0]
        order = list(AgingBucket)
        counts = dict.fromkeys(order, 0)
        sums = dict.fromkeys(order, 0)
        for b, cur, n, total in rows:
            if cur == currency:
                counts[order[b]] += n
                sums[order[b]] += int(total)
        return AgingReport(
            as_of=as_of,
            totals=tuple(AgingTotal(b, counts[b], Money(sums[b], currency)) for b in order),
            total=Money(sum(sums.values()), currency),
            count=sum(counts.values()),
        )

    # ---- payments and flags ------------------------------------------------------------

    def record_payment(
        self, invoice_id: int, amount: Money, paid_on: date, *, method: str = "", note: str = ""
    ) -> Invoice:
        return self._invoices.add_payment(invoice_id, amount, paid_on, method=method, note=note)

    def pay_balance(self, invoice_id: int, paid_on: date, *, method: str = "") -> Invoice:
        """The two-click payment: the whole balance, received on `paid_on`."""
        inv = self._invoices.get(invoice_id)
        if inv.balance.minor <= 0:
            raise ValidationError(N_("This invoice is already paid."), field="amount")
        return self._invoices.add_payment(invoice_id, inv.balance, paid_on, method=method)

    def set_disputed(
        self, invoice_id: int, disputed: bool, reason: str = "", *, now: datetime | None = None
    ) -> ReceivableTerms:
        """The customer contests the invoice: dunning stops until it is cleared."""
        reason = v.clean(reason, "reason", max_len=2_000)
        if disputed and not reason:
            raise ValidationError(N_("Say why the invoice is disputed."), field="reason")
        now = now or datetime.now(UTC)
        with self._store.transaction() as s:
            inv = self._invoice_row(s, invoice_id)
            rec = self._receivable(s, invoice_id)
            rec.disputed = disputed
            rec.disputed_reason = reason if disputed else ""
            if inv.dispute_id is not None:
                summary = (
                    _("Invoice {number} disputed by the customer").format(number=inv.number)
                    if disputed
                    else _("Invoice {number} no longer disputed").format(number=inv.number)
                )
                add_journal_note(s, inv.dispute_id, summary, reason, now)
            s.flush()
            return self._terms(s, invoice_id)

    def set_terms(
        self,
        invoice_id: int,
        *,
        contract_rate_bp: int | None,
        notice_received_on: date | None,
        judgment_enforceable_on: date | None,
    ) -> ReceivableTerms:
        if contract_rate_bp is not None and not 0 <= contract_rate_bp <= 10_000:
            raise ValidationError(N_("A rate must be between 0 and 100 %."), field="rate")
        for value, field in (
            (notice_received_on, "notice_received_on"),
            (judgment_enforceable_on, "judgment_enforceable_on"),
        ):
            if value is not None:
                v.check_date(value, field)
        with self._store.transaction() as s:
            inv = self._invoice_row(s, invoice_id)
            if notice_received_on is not None and notice_received_on < inv.issue_date:
                raise ValidationError(
                    N_("The formal notice cannot be before the invoice."),
                    field="notice_received_on",
                )
            rec = self._receivable(s, invoice_id)
            rec.contract_rate_bp = contract_rate_bp
            rec.notice_received_on = notice_received_on
            rec.judgment_enforceable_on = judgment_enforceable_on
            s.flush()
            return self._terms(s, invoice_id)

    def terms(self, invoice_id: int) -> ReceivableTerms:
        with self._store.read() as s:
            self._invoice_row(s, invoice_id)
            return self._terms(s, invoice_id)

    # ---- the claim -----------------------------------------------------------------------

    def claim_for(self, invoice_ids: Iterable[int], as_of: date) -> PaymentClaim:
        """Principal, penalties or interest by rate period, indemnity: what letters print.

        All invoices must be owed by the same customer, in one currency."""
        ids = sorted(set(invoice_ids))
        if not ids:
            raise ValidationError(N_("Choose at least one invoice."), field="invoices")
        with self._store.read() as s:
            rows = list(s.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(ids))))
            if len(rows) != len(ids):
                raise NotFoundError(N_("This invoice does not exist."), field="invoice")
            if len({r.customer_id for r in rows}) != 1:
                raise ValidationError(
                    N_("A payment demand covers the invoices of one customer only."),
                    field="invoices",
                )
            if len({r.currency for r in rows}) != 1:
                raise ValidationError(
                    N_("A payment demand covers invoices in one currency only."),
                    field="invoices",
                )
            cust = s.get(CustomerRow, rows[0].customer_id)
            pro = cust.kind == "professional"
            invoices, terms = self._invoices_and_terms(s, rows, pro)
            rates = self._rates(s)
        return compute_claim(invoices, as_of, terms, rates, debtor_is_professional=pro)

    def claims(self, as_of: date, *, customer_id: int | None = None) -> list[PaymentClaim]:
        """One claim per open invoice (command line, court figures): a single read."""
        q = select(InvoiceRow).order_by(InvoiceRow.due_date, InvoiceRow.id)
        if customer_id is not None:
            q = q.where(InvoiceRow.customer_id == customer_id)
        with self._store.read() as s:
            rows = list(s.scalars(q))
            kinds = dict(s.execute(select(CustomerRow.id, CustomerRow.kind)).all())
            rates = self._rates(s)
            out = []
            invoices_all, terms_all = self._invoices_and_terms(s, rows, None, kinds=kinds)
        for inv in invoices_all:
            if inv.balance.minor <= 0:
                continue
            pro = kinds.get(inv.customer_id) == "professional"
            out.append(
                compute_claim(
                    [inv], as_of, {inv.id: terms_all[inv.id]}, rates, debtor_is_professional=pro
                )
            )
        return out

    def court_figures(self, invoice_ids: Iterable[int], as_of: date) -> CourtFigures:
        """Figures, possible procedures and exhibits for a court claim (LEGAL-FR B.6)."""
        from disputedesk.domain.letters import LetterKind

        claim = self.claim_for(invoice_ids, as_of)
        ids = [c.invoice_id for c in claim.invoices]
        exhibits: list[Exhibit] = []
        with self._store.read() as s:
            rows = list(s.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(ids))))
            for r in sorted(rows, key=lambda r: (r.issue_date, r.number)):
                exhibits.append(
                    Exhibit(
                        _("Invoice {number} of {date}").format(
                            number=r.number, date=r.issue_date.strftime("%d/%m/%Y")
                        ),
                        attachment_id=r.attachment_id,
                    )
                )
            letters = s.execute(
                select(LetterRow)
                .join(LetterInvoiceRow, LetterInvoiceRow.letter_id == LetterRow.id)
                .where(LetterInvoiceRow.invoice_id.in_(ids))
                .distinct()
                .order_by(LetterRow.sent_on, LetterRow.id)
            ).scalars()
            for letter in letters:
                try:
                    kind = LetterKind(letter.kind).label
                except ValueError:
                    kind = letter.kind
                label = _("{kind} sent on {date}").format(
                    kind=kind, date=letter.sent_on.strftime("%d/%m/%Y")
                )
                if letter.receipt_date:
                    label += " " + _("(acknowledgement of receipt signed on {date})").format(
                        date=letter.receipt_date.strftime("%d/%m/%Y")
                    )
                exhibits.append(Exhibit(label, document_id=letter.document_id))
            notices = [
                d
                for d in (
                    *(
                        r.notice_received_on
                        for r in s.scalars(
                            select(ReceivableRow).where(ReceivableRow.invoice_id.in_(ids))
                        )
                    ),
                    *_notice_receipts(s, ids).values(),
                )
                if d
            ]
        return court_figures(
            claim, notice_received_on=min(notices) if notices else None, exhibits=tuple(exhibits)
        )

    # ---- helpers -------------------------------------------------------------------------

    def _invoices_and_terms(self, s, rows, pro, *, kinds=None):
        ids = [r.id for r in rows]
        pays: dict[int, list[PaymentRow]] = {}
        recs: dict[int, ReceivableRow] = {}
        notices: dict[int, date] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for p in s.scalars(select(PaymentRow).where(PaymentRow.invoice_id.in_(chunk))):
                pays.setdefault(p.invoice_id, []).append(p)
            for r in s.scalars(select(ReceivableRow).where(ReceivableRow.invoice_id.in_(chunk))):
                recs[r.invoice_id] = r
            notices.update(_notice_receipts(s, chunk))
        invoices = [convert.invoice(r, pays.get(r.id, [])) for r in rows]
        terms = {}
        for r in rows:
            rec = recs.get(r.id)
            is_pro = pro if pro is not None else (kinds or {}).get(r.customer_id) == "professional"
            received = [d for d in (rec and rec.notice_received_on, notices.get(r.id)) if d]
            terms[r.id] = LateTerms(
                debtor_is_professional=is_pro,
                contract_rate_bp=rec.contract_rate_bp if rec else None,
                notice_received_on=min(received) if received else None,
                judgment_enforceable_on=rec.judgment_enforceable_on if rec else None,
            )
        return invoices, terms

    def _terms(self, s, invoice_id: int) -> ReceivableTerms:
        rec = s.get(ReceivableRow, invoice_id)
        return ReceivableTerms(
            invoice_id=invoice_id,
            contract_rate_bp=rec.contract_rate_bp if rec else None,
            notice_received_on=rec.notice_received_on if rec else None,
            notice_from_letters=_notice_receipts(s, [invoice_id]).get(invoice_id),
            judgment_enforceable_on=rec.judgment_enforceable_on if rec else None,
            disputed=bool(rec and rec.disputed),
            disputed_reason=rec.disputed_reason if rec else "",
        )

    @staticmethod
    def _receivable(s, invoice_id: int) -> ReceivableRow:
        rec = s.get(ReceivableRow, invoice_id)
        if rec is None:
            rec = ReceivableRow(invoice_id=invoice_id)
            s.add(rec)
            s.flush()
        return rec

    @staticmethod
    def _invoice_row(s, invoice_id: int) -> InvoiceRow:
        row = s.get(InvoiceRow, invoice_id)
        if row is None:
            raise NotFoundError(N_("This invoice does not exist."), field="invoice")
        return row


def aging_of(lines: list[ReceivableLine], as_of: date) -> AgingReport:
    counts = dict.fromkeys(AgingBucket, 0)
    sums = dict.fromkeys(AgingBucket, 0)
    currency = "EUR"
    for line in lines:
        if line.balance.minor <= 0:
            continue
        counts[line.bucket] += 1
        sums[line.bucket] += line.balance.minor
        currency = line.balance.currency
    totals = tuple(AgingTotal(b, counts[b], Money(sums[b], currency)) for b in AgingBucket)
    return AgingReport(
        as_of=as_of,
        totals=totals,
        total=Money(sum(sums.values()), currency),
        count=sum(counts.values()),
    )


def _notice_receipts(s, invoice_ids: list[int]) -> dict[int, date]:
    """Earliest receipt date of a formal notice to pay issued in the app, per invoice.

    Read from the letters' tables in one query for many invoices (the same rule as
    `services.letters.notice_received_on`: a signed acknowledgement of receipt; a letter
    returned unclaimed does not count, some courts holding such a notice not made)."""
    if not invoice_ids:
        return {}
    q = (
        select(LetterInvoiceRow.invoice_id, func.min(LetterRow.receipt_date))
        .join(LetterRow, LetterRow.id == LetterInvoiceRow.letter_id)
        .where(
            LetterInvoiceRow.invoice_id.in_(invoice_ids),
            LetterRow.kind == NOTICE_KIND,
            LetterRow.receipt_date.is_not(None),
            LetterRow.returned_unclaimed.is_(False),
        )
        .group_by(LetterInvoiceRow.invoice_id)
    )
    return {iid: d for iid, d in s.execute(q) if d is not None}


def add_journal_note(s, dispute_id: int, summary: str, body: str, now: datetime) -> None:
    """An internal note in the dispute's journal (the timeline shows it)."""
    s.add(
        JournalEntryRow(
            dispute_id=dispute_id,
            occurred_at=now,
            channel=Channel.INTERNAL_NOTE.value,
            direction=Direction.INTERNAL.value,
            summary=summary[:300],
            body=body,
            created_at=now,
        )
    )
