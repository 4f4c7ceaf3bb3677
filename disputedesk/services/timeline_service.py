"""The timeline of a dispute: stage changes, journal entries, documents, deadlines, payments.

Reads only the columns the timeline draws (no journal bodies, no attachments), so a dispute
with thousands of journal entries loads in a few milliseconds.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import select

from disputedesk.domain.enums import Channel, Direction, DisputeStage
from disputedesk.domain.errors import NotFoundError
from disputedesk.domain.money import Money
from disputedesk.domain.timeline import (
    DeadlineStatus,
    EventKind,
    Timeline,
    TimelineEvent,
    deadline_status,
)
from disputedesk.i18n import N_, _
from disputedesk.models import (
    DisputeRow,
    DocumentRow,
    InvoiceRow,
    JournalEntryRow,
    PaymentRow,
    StageChangeRow,
    TaskRow,
)
from disputedesk.services import validate as v
from disputedesk.storage.store import Store

_KIND_ORDER = {kind: n for n, kind in enumerate(EventKind)}


def _noon(day) -> datetime:
    # Payments and invoice due dates are days; draw them at noon UTC, inside the day anywhere
    # in Europe.
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


class TimelineService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def timeline(self, dispute_id: int, *, now: datetime | None = None) -> Timeline:
        now = v.check_aware(now or datetime.now(UTC), "now")
        events: list[TimelineEvent] = []
        with self._store.read() as s:
            dispute = s.get(DisputeRow, dispute_id)
            if dispute is None:
                raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
            for sid, to_stage, at, reason in s.execute(
                select(
                    StageChangeRow.id,
                    StageChangeRow.to_stage,
                    StageChangeRow.at,
                    StageChangeRow.reason,
                ).where(StageChangeRow.dispute_id == dispute_id)
            ):
                events.append(
                    TimelineEvent(
                        EventKind.STAGE, at, sid, DisputeStage(to_stage).label, reason, to_stage
                    )
                )
            events.extend(self._journal(s, dispute_id))
            for did, at, title, file_name in s.execute(
                select(
                    DocumentRow.id, DocumentRow.created_at, DocumentRow.title, DocumentRow.file_name
                ).where(DocumentRow.dispute_id == dispute_id)
            ):
                events.append(TimelineEvent(EventKind.DOCUMENT, at, did, title or file_name))
            for tid, title, due_at, done_at in s.execute(
                select(TaskRow.id, TaskRow.title, TaskRow.due_at, TaskRow.done_at).where(
                    TaskRow.dispute_id == dispute_id
                )
            ):
                status = deadline_status(due_at, done_at, now)
                events.append(
                    TimelineEvent(
                        EventKind.DEADLINE,
                        due_at,
                        tid,
                        title,
                        status.label,
                        "task",
                        deadline=status,
                        done_at=done_at,
                    )
                )
            events.extend(self._invoices(s, dispute_id, now))
        events.sort(key=lambda e: (e.at, _KIND_ORDER[e.kind], e.ref_id))
        return Timeline(dispute_id, dispute.reference, now, tuple(events))

    @staticmethod
    def _journal(s, dispute_id: int) -> list[TimelineEvent]:
        out = []
        rows = s.execute(
            select(
                JournalEntryRow.id,
                JournalEntryRow.occurred_at,
                JournalEntryRow.channel,
                JournalEntryRow.direction,
                JournalEntryRow.summary,
                JournalEntryRow.corrects_id,
            ).where(JournalEntryRow.dispute_id == dispute_id)
        )
        channel_labels = {c.value: c.label for c in Channel}
        direction_labels = {d.value: d.label for d in Direction}
        corrected = _("Correction of an earlier entry")
        for jid, at, channel, direction, summary, corrects_id in rows:
            how = channel_labels.get(channel, channel)
            detail = f"{how} · {direction_labels.get(direction, direction)}"
            if corrects_id is not None:
                detail = f"{detail} · {corrected}"
            out.append(TimelineEvent(EventKind.JOURNAL, at, jid, summary, detail, direction))
        return out

    @staticmethod
    def _invoices(s, dispute_id: int, now: datetime) -> list[TimelineEvent]:
        out = []
        invoices = s.execute(
            select(
                InvoiceRow.id,
                InvoiceRow.number,
                InvoiceRow.due_date,
                InvoiceRow.amount_minor,
                InvoiceRow.currency,
            ).where(InvoiceRow.dispute_id == dispute_id)
        ).all()
        for iid, number, due_date, amount_minor, currency in invoices:
            payments = s.execute(
                select(
                    PaymentRow.id, PaymentRow.paid_on, PaymentRow.amount_minor, PaymentRow.method
                )
                .where(PaymentRow.invoice_id == iid)
                .order_by(PaymentRow.paid_on, PaymentRow.id)
            ).all()
            paid = 0
            settled_on = None
            for pid, paid_on, minor, method in payments:
                paid += minor
                if settled_on is None and paid >= amount_minor:
                    settled_on = paid_on
                detail = _("Invoice {number}").format(number=number)
                if method:
                    detail = f"{detail} · {method}"
                out.append(
                    TimelineEvent(
                        EventKind.PAYMENT,
                        _noon(paid_on),
                        pid,
                        _("Payment received"),
                        detail,
                        amount=Money(minor, currency),
                        all_day=True,
                    )
                )
            due_at = _noon(due_date)
            done_at = _noon(settled_on) if settled_on else None
            status = deadline_status(due_at, done_at, now)
            if status is DeadlineStatus.OVERDUE and due_date >= now.date():
                status = DeadlineStatus.UPCOMING  # due today: still time until the evening
            out.append(
                TimelineEvent(
                    EventKind.DEADLINE,
                    due_at,
                    iid,
                    _("Invoice {number} due").format(number=number),
                    status.label,
                    "invoice",
                    deadline=status,
                    done_at=done_at,
                    amount=Money(amount_minor - paid, currency) if paid < amount_minor else None,
                    all_day=True,
                )
            )
        return out
