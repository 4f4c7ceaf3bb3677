"""Dunning: the plan (levels by days after the due date), the "to send today" worklist with
catch-up after days the program was closed, steps done (never twice), pauses and resumes.

Never twice: a step is unique per (invoice, level) in the database, a level is done only
when it is the next one for the invoice, and before issuing a letter the worklist looks for
a letter of that kind already issued for the invoice since the level fell due (a letter
issued just before a crash is recorded, not sent again).

Spacing after catch-up: a level falls due `days_after_due` after the due date, and never
sooner after the previous level than the plan's gap between the two, so reminders missed
while the program was closed come one at a time, with the customer's time to answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import DisputeDraft
from disputedesk.i18n import N_, _
from disputedesk.models import DisputeRow, InvoiceRow
from disputedesk.models.letter import LetterInvoiceRow, LetterRow
from disputedesk.models.receivables import DunningLevelRow, DunningStepRow, ReceivableRow
from disputedesk.services import validate as v
from disputedesk.services.dispute_service import DisputeService
from disputedesk.services.receivables_service import (
    ReceivableLine,
    ReceivablesService,
    add_journal_note,
)
from disputedesk.storage.store import Store

MAX_LEVELS = 8


class DunningKind(StrEnum):
    # The first three are letter kinds of the letter engine (domain/letters.py LetterKind).
    REMINDER_1 = "reminder_1"
    REMINDER_2 = "reminder_2"
    NOTICE_TO_PAY = "notice_to_pay"
    COURT_FILE = "court_file"  # prepare the figures and exhibits for the court

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def is_letter(self) -> bool:
        return self is not DunningKind.COURT_FILE


_KIND_LABELS = {
    DunningKind.REMINDER_1: N_("First reminder"),
    DunningKind.REMINDER_2: N_("Second reminder"),
    DunningKind.NOTICE_TO_PAY: N_("Formal notice to pay"),
    DunningKind.COURT_FILE: N_("Prepare the court file"),
}


class DunningChannel(StrEnum):
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    EMAIL = "email"
    NONE = "none"

    @property
    def label(self) -> str:
        return _(_CHANNEL_LABELS[self])


_CHANNEL_LABELS = {
    DunningChannel.LETTER: N_("Letter"),
    DunningChannel.REGISTERED_LETTER: N_("Registered letter with acknowledgement of receipt"),
    DunningChannel.EMAIL: N_("E-mail"),
    DunningChannel.NONE: N_("No sending"),
}


@dataclass(frozen=True, slots=True)
class DunningLevel:
    position: int  # 1, 2, 3, …
    days_after_due: int
    kind: DunningKind
    channel: DunningChannel


DEFAULT_PLAN: tuple[DunningLevel, ...] = (
    DunningLevel(1, 7, DunningKind.REMINDER_1, DunningChannel.LETTER),
    DunningLevel(2, 21, DunningKind.REMINDER_2, DunningChannel.LETTER),
    # LEGAL-FR B.1: the formal notice goes by registered letter, its receipt is the evidence.
    DunningLevel(3, 35, DunningKind.NOTICE_TO_PAY, DunningChannel.REGISTERED_LETTER),
    DunningLevel(4, 50, DunningKind.COURT_FILE, DunningChannel.NONE),
)


@dataclass(frozen=True, slots=True)
class WorkItem:
    line: ReceivableLine
    level: DunningLevel
    due_on: date  # the day this level fell due
    caught_up: bool  # fell due before today (the program was closed, or it waited)


@dataclass(frozen=True, slots=True)
class StepDone:
    invoice_id: int
    position: int
    done_on: date
    recorded: bool  # False: it was already done (nothing recorded twice)
    dispute_id: int | None
    letter_id: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    invoice_id: int
    position: int
    kind: DunningKind
    channel: str
    due_on: date
    done_on: date
    letter_id: int | None
    document_id: int | None


def check_plan(levels: list[DunningLevel] | tuple[DunningLevel, ...]) -> tuple[DunningLevel, ...]:
    if not levels:
        raise ValidationError(N_("A dunning plan needs at least one level."), field="levels")
    if len(levels) > MAX_LEVELS:
        raise ValidationError(
            N_("A dunning plan has at most {count} levels."), field="levels", count=MAX_LEVELS
        )
    out = []
    previous = None
    for i, level in enumerate(levels, start=1):
        kind = DunningKind(level.kind)
        channel = DunningChannel(level.channel)
        days = int(level.days_after_due)
        if not -60 <= days <= 3650:
            raise ValidationError(
                N_("Days after the due date must be between -60 and 3650."), field="levels"
            )
        if previous is not None and days <= previous:
            raise ValidationError(
                N_("Each level must come later than the one before it."), field="levels"
            )
        previous = days
        out.append(DunningLevel(i, days, kind, channel))
    return tuple(out)


def next_due(
    invoice_due: date, level: DunningLevel, previous: DunningLevel | None, done_on: date | None
) -> date:
    """When `level` falls due for an invoice whose previous level was done on `done_on`."""
    by_plan = invoice_due + timedelta(days=level.days_after_due)
    if previous is None or done_on is None:
        return by_plan
    return max(by_plan, done_on + timedelta(days=level.days_after_due - previous.days_after_due))


class DunningService:
    def __init__(self, store: Store, receivables: ReceivablesService) -> None:
        self._store = store
        self._receivables = receivables
        self._disputes = DisputeService(store)

    # ---- plan ----------------------------------------------------------------------------

    def plan(self) -> tuple[DunningLevel, ...]:
        with self._store.read() as s:
            return self._plan(s)

    @staticmethod
    def _plan(s) -> tuple[DunningLevel, ...]:
        rows = list(s.scalars(select(DunningLevelRow).order_by(DunningLevelRow.position)))
        if not rows:
            return DEFAULT_PLAN
        return tuple(
            DunningLevel(
                r.position, r.days_after_due, DunningKind(r.kind), DunningChannel(r.channel)
            )
            for r in rows
        )

    def set_plan(self, levels: list[DunningLevel]) -> tuple[DunningLevel, ...]:
        plan = check_plan(levels)
        with self._store.transaction() as s:
            s.execute(delete(DunningLevelRow))
            s.flush()
            for lv in plan:
                s.add(
                    DunningLevelRow(
                        position=lv.position,
                        days_after_due=lv.days_after_due,
                        kind=lv.kind.value,
                        channel=lv.channel.value,
                    )
                )
        return plan

    # ---- worklist ------------------------------------------------------------------------

    def worklist(self, today: date) -> list[WorkItem]:
        """Every open invoice whose next level has fallen due by `today` (catch-up included):
        not disputed, not paused (a pause with a passed date has ended by itself)."""
        plan = self.plan()
        lines = self._receivables.lines(today)
        items = []
        for line in lines:
            if line.disputed or line.paused or line.balance.minor <= 0:
                continue
            if line.level >= len(plan):
                continue
            level = plan[line.level]
            previous = plan[line.level - 1] if line.level >= 1 else None
            due_on = next_due(line.due_date, level, previous, line.level_done_on)
            if due_on <= today:
                items.append(WorkItem(line, level, due_on, caught_up=due_on < today))
        return items

    def steps(self, invoice_id: int) -> list[Step]:
        with self._store.read() as s:
            rows = s.scalars(
                select(DunningStepRow)
                .where(DunningStepRow.invoice_id == invoice_id)
                .order_by(DunningStepRow.position)
            )
            return [
                Step(
                    r.invoice_id,
                    r.position,
                    DunningKind(r.kind),
                    r.channel,
                    r.due_on,
                    r.done_on,
                    r.letter_id,
                    r.document_id,
                )
                for r in rows
            ]

    def letter_already_issued(self, item: WorkItem) -> tuple[int, int] | None:
        """(letter id, document id) of a letter of this level's kind issued for the invoice
        since the level fell due: issued just before a crash, it must not be sent again."""
        if not item.level.kind.is_letter:
            return None
        with self._store.read() as s:
            row = s.execute(
                select(LetterRow.id, LetterRow.document_id)
                .join(LetterInvoiceRow, LetterInvoiceRow.letter_id == LetterRow.id)
                .where(
                    LetterInvoiceRow.invoice_id == item.line.invoice_id,
                    LetterRow.kind == item.level.kind.value,
                    LetterRow.sent_on >= item.due_on,
                )
                .order_by(LetterRow.id)
                .limit(1)
            ).first()
        return (row[0], row[1]) if row else None

    def record_done(
        self,
        invoice_id: int,
        position: int,
        done_on: date,
        *,
        letter_id: int | None = None,
        document_id: int | None = None,
        now: datetime | None = None,
    ) -> StepDone:
        """Mark a level done for an invoice. Idempotent: a level already done, or no longer
        the next one, records nothing and says so."""
        v.check_date(done_on, "done_on")
        now = now or datetime.now(UTC)
        dispute_id = self.ensure_dispute(invoice_id, now=now)
        with self._store.transaction() as s:
            plan = self._plan(s)
            inv = s.get(InvoiceRow, invoice_id)
            rec = s.get(ReceivableRow, invoice_id)
            if rec is None:
                rec = ReceivableRow(invoice_id=invoice_id)
                s.add(rec)
                s.flush()
            exists = s.scalar(
                select(func.count())
                .select_from(DunningStepRow)
                .where(DunningStepRow.invoice_id == invoice_id, DunningStepRow.position == position)
            )
            if exists or position != rec.level + 1 or position > len(plan):
                return StepDone(invoice_id, position, done_on, False, dispute_id, letter_id)
            level = plan[position - 1]
            previous = plan[position - 2] if position >= 2 else None
            s.add(
                DunningStepRow(
                    invoice_id=invoice_id,
                    position=position,
                    kind=level.kind.value,
                    channel=level.channel.value,
                    due_on=next_due(inv.due_date, level, previous, rec.level_done_on),
                    done_on=done_on,
                    letter_id=letter_id,
                    document_id=document_id,
                    created_at=now,
                )
            )
            rec.level = position
            rec.level_done_on = done_on
            add_journal_note(
                s,
                dispute_id,
                _("Dunning: {level} for invoice {number}").format(
                    level=level.kind.label, number=inv.number
                ),
                level.channel.label,
                now,
            )
        return StepDone(invoice_id, position, done_on, True, dispute_id, letter_id)

    def process(
        self,
        items: list[WorkItem],
        done_on: date,
        issue: Callable[[list[WorkItem]], dict[int, tuple[int, int]]] | None = None,
    ) -> list[StepDone]:
        """Do the reviewed items. Without `issue` (the owner sent them another way) every
        item is recorded. With `issue`, called once per customer with the items still needing
        a letter and returning {invoice id: (letter id, document id)}, a letter item is
        recorded only once its letter exists (a customer whose letter failed stays in the
        worklist). Letters already issued for an item are reused, never issued again."""
        results: list[StepDone] = []
        by_customer: dict[int, list[WorkItem]] = {}
        for item in items:
            by_customer.setdefault(item.line.customer_id, []).append(item)
        for group in by_customer.values():
            issued: dict[int, tuple[int, int]] = {}
            to_issue = []
            for item in group:
                found = self.letter_already_issued(item)
                if found:
                    issued[item.line.invoice_id] = found
                elif item.level.kind.is_letter:
                    to_issue.append(item)
            if issue is not None and to_issue:
                issued.update(issue(to_issue))
            for item in group:
                letter = issued.get(item.line.invoice_id)
                if issue is not None and item.level.kind.is_letter and letter is None:
                    continue
                results.append(
                    self.record_done(
                        item.line.invoice_id,
                        item.level.position,
                        done_on,
                        letter_id=letter[0] if letter else None,
                        document_id=letter[1] if letter else None,
                    )
                )
        return results

    # ---- pauses --------------------------------------------------------------------------

    def pause(self, invoice_id: int, reason: str, until: date | None = None, *, now=None) -> None:
        """Stop dunning an invoice (disputed, or payment promised by `until`)."""
        reason = v.clean(reason, "reason", max_len=2_000, required=True)
        if until is not None:
            v.check_date(until, "until")
        now = now or datetime.now(UTC)
        dispute_id = self.ensure_dispute(invoice_id, now=now)
        with self._store.transaction() as s:
            inv = s.get(InvoiceRow, invoice_id)
            rec = _receivable(s, invoice_id)
            rec.paused = True
            rec.paused_until = until
            rec.pause_reason = reason
            summary = (
                _("Dunning paused for invoice {number} until {date}").format(
                    number=inv.number, date=until.isoformat()
                )
                if until
                else _("Dunning paused for invoice {number}").format(number=inv.number)
            )
            add_journal_note(s, dispute_id, summary, reason, now)

    def resume(self, invoice_id: int, *, now=None, automatic: bool = False) -> bool:
        now = now or datetime.now(UTC)
        with self._store.transaction() as s:
            inv = s.get(InvoiceRow, invoice_id)
            rec = s.get(ReceivableRow, invoice_id)
            if inv is None or rec is None or not rec.paused:
                return False
            until = rec.paused_until
            rec.paused = False
            rec.paused_until = None
            rec.pause_reason = ""
            if inv.dispute_id is not None:
                summary = (
                    _(
                        "Dunning resumed for invoice {number}: the promised date {date} passed"
                    ).format(number=inv.number, date=until.isoformat())
                    if automatic and until
                    else _("Dunning resumed for invoice {number}").format(number=inv.number)
                )
                add_journal_note(s, inv.dispute_id, summary, "", now)
        return True

    def resume_expired(self, today: date, *, now=None) -> list[int]:
        """Pauses whose promised date has passed end, noted in the timeline (start-up)."""
        with self._store.read() as s:
            ids = list(
                s.scalars(
                    select(ReceivableRow.invoice_id).where(
                        ReceivableRow.paused.is_(True),
                        ReceivableRow.paused_until.is_not(None),
                        ReceivableRow.paused_until < today,
                    )
                )
            )
        return [i for i in ids if self.resume(i, now=now, automatic=True)]

    # ---- the dispute that shows the dunning in the timeline ------------------------------

    def ensure_dispute(self, invoice_id: int, *, now: datetime | None = None) -> int:
        """The invoice's dispute: linked already, else the customer's open unpaid-invoice
        dispute, else a new one."""
        with self._store.read() as s:
            inv = s.get(InvoiceRow, invoice_id)
            if inv is None:
                raise NotFoundError(N_("This invoice does not exist."), field="invoice")
            if inv.dispute_id is not None:
                return inv.dispute_id
            existing = s.scalar(
                select(DisputeRow.id)
                .where(
                    DisputeRow.customer_id == inv.customer_id,
                    DisputeRow.category == DisputeCategory.UNPAID_INVOICE.value,
                    DisputeRow.stage.not_in(
                        [DisputeStage.RESOLVED.value, DisputeStage.ABANDONED.value]
                    ),
                )
                .order_by(DisputeRow.id)
                .limit(1)
            )
            number, customer_id = inv.number, inv.customer_id
            amount = Money(inv.amount_minor, inv.currency)
        if existing is None:
            dispute = self._disputes.open(
                DisputeDraft(
                    customer_id=customer_id,
                    category=DisputeCategory.UNPAID_INVOICE,
                    description=_("Invoice {number} unpaid").format(number=number),
                    amount=amount,
                    title=_("Unpaid invoice {number}").format(number=number),
                    received_at=now,
                ),
                now=now,
            )
            existing = dispute.id
        with self._store.transaction() as s:
            inv = s.get(InvoiceRow, invoice_id)
            if inv.dispute_id is None:
                inv.dispute_id = existing
            return inv.dispute_id


def _receivable(s, invoice_id: int) -> ReceivableRow:
    rec = s.get(ReceivableRow, invoice_id)
    if rec is None:
        rec = ReceivableRow(invoice_id=invoice_id)
        s.add(rec)
        s.flush()
    return rec
