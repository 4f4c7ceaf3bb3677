"""What needs doing today: complaints to acknowledge, deadlines due or overdue, call-backs.

Qt-free, so the Today view's logic is tested without widgets; the Today view turns these
lines into its rows and adds the lines of the other areas' TodaySources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select

from disputedesk.domain.business_hours import ClockStatus
from disputedesk.i18n import _
from disputedesk.models import CustomerRow, DisputeRow, TaskRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.services.guidance_service import GuidanceService
from disputedesk.storage.store import Store

CALL_BACK_KINDS = frozenset({"call_back", "callback", "call"})


class AgendaKind(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    CALL_BACK = "call_back"
    DEADLINE = "deadline"


@dataclass(frozen=True, slots=True)
class AgendaLine:
    kind: AgendaKind
    due: datetime
    title: str
    detail: str
    overdue: bool
    dispute_id: int | None
    customer_id: int | None
    task_id: int | None = None


class AgendaService:
    def __init__(self, store: Store, guidance: GuidanceService) -> None:
        self._store = store
        self._guidance = guidance

    def end_of_day(self, now: datetime) -> datetime:
        """Midnight at the end of the shop's current day, in UTC."""
        zone = self._guidance.clock_settings().calendar.zone
        local = now.astimezone(zone)
        midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
        return midnight.astimezone(UTC)

    def today(self, *, now: datetime | None = None) -> list[AgendaLine]:
        now = v.check_aware(now or datetime.now(UTC), "now")
        horizon = self.end_of_day(now)
        clocks = self._guidance.unacknowledged_clocks(now=now)
        with self._store.read() as s:
            tasks = list(
                s.scalars(
                    select(TaskRow)
                    .where(TaskRow.done_at.is_(None), TaskRow.due_at < horizon)
                    .order_by(TaskRow.due_at, TaskRow.id)
                )
            )
            dispute_ids = set(clocks) | {t.dispute_id for t in tasks if t.dispute_id}
            disputes = {
                d.id: d for d in s.scalars(select(DisputeRow).where(DisputeRow.id.in_(dispute_ids)))
            }
            customers = {
                c.id: convert.customer(c).display_name
                for c in s.scalars(
                    select(CustomerRow).where(
                        CustomerRow.id.in_({d.customer_id for d in disputes.values()})
                    )
                )
            }

        def about(dispute_id: int | None) -> tuple[str, int | None]:
            d = disputes.get(dispute_id) if dispute_id else None
            if d is None:
                return "", None
            parts = [d.reference, customers.get(d.customer_id, ""), d.title]
            return " · ".join(p for p in parts if p), d.customer_id

        lines: list[AgendaLine] = []
        for dispute_id, clock in clocks.items():
            if clock.status is ClockStatus.PAUSED or clock.deadline is None:
                continue  # the shop is waiting for the customer: nothing to do now
            detail, customer_id = about(dispute_id)
            lines.append(
                AgendaLine(
                    AgendaKind.ACKNOWLEDGE,
                    clock.deadline,
                    _("Acknowledge the complaint"),
                    detail,
                    clock.status is ClockStatus.OVERDUE,
                    dispute_id,
                    customer_id,
                )
            )
        for task in tasks:
            detail, customer_id = about(task.dispute_id)
            kind = AgendaKind.CALL_BACK if task.kind in CALL_BACK_KINDS else AgendaKind.DEADLINE
            lines.append(
                AgendaLine(
                    kind,
                    task.due_at,
                    task.title,
                    detail,
                    task.due_at < now,
                    task.dispute_id,
                    customer_id,
                    task.id,
                )
            )
        lines.sort(key=lambda line: (line.due, line.kind, line.dispute_id or 0))
        return lines
