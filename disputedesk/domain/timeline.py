"""Events of a dispute's timeline: what happened (and what is due), in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from disputedesk.domain.money import Money
from disputedesk.i18n import N_, _


class EventKind(StrEnum):
    """Also the lanes of the timeline, in this order."""

    STAGE = "stage"
    JOURNAL = "journal"
    DOCUMENT = "document"
    DEADLINE = "deadline"
    PAYMENT = "payment"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    EventKind.STAGE: N_("Stages"),
    EventKind.JOURNAL: N_("Journal"),
    EventKind.DOCUMENT: N_("Letters and documents"),
    EventKind.DEADLINE: N_("Deadlines"),
    EventKind.PAYMENT: N_("Payments"),
}


class DeadlineStatus(StrEnum):
    MET = "met"  # done on or before its due time
    MISSED = "missed"  # done, but late
    OVERDUE = "overdue"  # not done, due time passed
    UPCOMING = "upcoming"  # not done, still time

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    DeadlineStatus.MET: N_("Met"),
    DeadlineStatus.MISSED: N_("Done late"),
    DeadlineStatus.OVERDUE: N_("Overdue"),
    DeadlineStatus.UPCOMING: N_("Upcoming"),
}


def deadline_status(due_at: datetime, done_at: datetime | None, now: datetime) -> DeadlineStatus:
    if done_at is not None:
        return DeadlineStatus.MET if done_at <= due_at else DeadlineStatus.MISSED
    return DeadlineStatus.OVERDUE if due_at < now else DeadlineStatus.UPCOMING


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One mark on the timeline. `ref_id` is the id of the stage change, journal entry,
    document, task or payment it stands for; `title` is already in the UI language or is the
    user's own text."""

    kind: EventKind
    at: datetime
    ref_id: int
    title: str
    detail: str = ""
    # journal: "incoming" / "outgoing" / "internal"; stage: the stage value
    variant: str = ""
    deadline: DeadlineStatus | None = None
    done_at: datetime | None = None  # deadlines only
    amount: Money | None = None  # payments, invoices
    all_day: bool = False  # payments and invoice due dates are days, not moments

    @property
    def overdue(self) -> bool:
        return self.deadline is DeadlineStatus.OVERDUE


@dataclass(frozen=True, slots=True)
class Timeline:
    dispute_id: int
    reference: str
    now: datetime
    events: tuple[TimelineEvent, ...]  # sorted by time (then kind, then id)

    @property
    def start(self) -> datetime:
        return self.events[0].at if self.events else self.now

    @property
    def end(self) -> datetime:
        last = self.events[-1].at if self.events else self.now
        return max(last, self.now)

    def count(self, kind: EventKind) -> int:
        return sum(1 for e in self.events if e.kind is kind)
