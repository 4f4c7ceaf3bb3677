"""Disputes: open, edit the facts, move through the stages (each change recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Integer, case, cast, func, or_, select

from disputedesk.domain.enums import Channel, DisputeCategory, DisputeStage, Outcome
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import Dispute, DisputeDraft, StageChange
from disputedesk.domain.stages import check_transition
from disputedesk.i18n import N_
from disputedesk.models import CustomerRow, DisputeRow, StageChangeRow, TaskRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store

REFERENCE_PREFIX = "LIT"


def format_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


@dataclass(frozen=True, slots=True)
class DisputeFacts:
    """The editable facts of a dispute (everything except its stage)."""

    title: str
    category: DisputeCategory
    description: str
    amount: Money
    customer_request: str
    root_cause: str = ""
    shop_at_fault: bool | None = None
    lessons_learned: str = ""
    policy_change: str = ""
    outcome: Outcome | None = None


class LineSort(StrEnum):
    """What a dispute list can be sorted by (in SQL)."""

    REFERENCE = "reference"
    CUSTOMER = "customer"
    TITLE = "title"
    STAGE = "stage"
    DEADLINE = "deadline"
    AMOUNT = "amount"
    OPENED = "opened"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class DisputeLine:
    """One line of a dispute list: the dispute, its customer's name and its next deadline."""

    id: int
    reference: str
    customer_id: int
    customer_name: str
    title: str
    category: DisputeCategory
    stage: DisputeStage
    amount: Money
    received_at: datetime
    next_deadline: datetime | None  # earliest open task of the dispute
    overdue: bool  # some open task is past due


def _customer_name(kind: str, first: str, last: str, company: str) -> str:
    person = " ".join(p for p in (first, last) if p)
    if kind == "professional" and company:
        return f"{company} ({person})" if person else company
    return person or company


def _check_amount(amount: Money) -> Money:
    if not isinstance(amount, Money):
        raise ValidationError(N_("Enter an amount."), field="amount")
    if amount.is_negative:
        raise ValidationError(N_("The amount at stake cannot be negative."), field="amount")
    return amount


def move_stage(s, row: DisputeRow, target: DisputeStage, at: datetime, reason: str) -> None:
    """Move a dispute to `target` inside the caller's transaction: the usual path, or a
    reason off it (check_transition); never dated before the previous move; kept in the
    stage history; `closed_at` set on closing and cleared on reopening. Every stage move
    goes through here (the stage dialog, and the aftercare closing and reopening)."""
    current = DisputeStage(row.stage)
    check_transition(current, target, reason)
    if at < row.stage_changed_at:
        raise ValidationError(
            N_("A stage change cannot be dated before the previous one."), field="at"
        )
    s.add(
        StageChangeRow(
            dispute_id=row.id,
            from_stage=current.value,
            to_stage=target.value,
            at=at,
            reason=reason,
        )
    )
    row.stage = target.value
    row.stage_changed_at = at
    if target.is_closed:
        row.closed_at = at
    elif current.is_closed:
        row.closed_at = None  # reopened; the reason is in the stage history


class DisputeService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def open(self, draft: DisputeDraft, *, now: datetime | None = None) -> Dispute:
        now = now or datetime.now(UTC)
        received_at = v.check_aware(draft.received_at or now, "received_at")
        if received_at > now.astimezone(UTC) and (received_at - now).total_seconds() > 300:
            raise ValidationError(
                N_("The complaint cannot have been received in the future."), field="received_at"
            )
        amount = _check_amount(draft.amount)
        category = DisputeCategory(draft.category)
        channel = Channel(draft.received_via)
        description = v.clean(draft.description, "description", max_len=200_000, required=True)
        with self._store.transaction() as s:
            if s.get(CustomerRow, draft.customer_id) is None:
                raise NotFoundError(
                    N_("This customer does not exist (any more)."), field="customer"
                )
            row = DisputeRow(
                reference=self._next_reference(s, received_at.year),
                customer_id=draft.customer_id,
                title=v.clean(draft.title, "title", max_len=200),
                category=category.value,
                description=description,
                amount_minor=amount.minor,
                currency=amount.currency,
                customer_request=v.clean(
                    draft.customer_request, "customer_request", max_len=100_000
                ),
                received_via=channel.value,
                received_at=received_at,
                stage=DisputeStage.RECEIVED.value,
                stage_changed_at=received_at,
                created_at=now,
            )
            s.add(row)
            s.flush()
            s.add(
                StageChangeRow(
                    dispute_id=row.id,
                    from_stage=None,
                    to_stage=DisputeStage.RECEIVED.value,
                    at=received_at,
                    reason="",
                )
            )
            s.flush()
            return convert.dispute(row)

    def update_facts(self, dispute_id: int, facts: DisputeFacts) -> Dispute:
        amount = _check_amount(facts.amount)
        with self._store.transaction() as s:
            row = self._row(s, dispute_id)
            row.title = v.clean(facts.title, "title", max_len=200)
            row.category = DisputeCategory(facts.category).value
            row.description = v.clean(
                facts.description, "description", max_len=200_000, required=True
            )
            row.amount_minor, row.currency = amount.minor, amount.currency
            row.customer_request = v.clean(
                facts.customer_request, "customer_request", max_len=100_000
            )
            row.root_cause = v.clean(facts.root_cause, "root_cause", max_len=200)
            row.shop_at_fault = facts.shop_at_fault
            row.lessons_learned = v.clean(facts.lessons_learned, "lessons_learned", max_len=100_000)
            row.policy_change = v.clean(facts.policy_change, "policy_change", max_len=100_000)
            row.outcome = Outcome(facts.outcome).value if facts.outcome else None
            s.flush()
            return convert.dispute(row)

    def facts_of(self, dispute: Dispute) -> DisputeFacts:
        return DisputeFacts(
            title=dispute.title,
            category=dispute.category,
            description=dispute.description,
            amount=dispute.amount,
            customer_request=dispute.customer_request,
            root_cause=dispute.root_cause,
            shop_at_fault=dispute.shop_at_fault,
            lessons_learned=dispute.lessons_learned,
            policy_change=dispute.policy_change,
            outcome=dispute.outcome,
        )

    def change_stage(
        self,
        dispute_id: int,
        target: DisputeStage,
        *,
        reason: str = "",
        at: datetime | None = None,
        outcome: Outcome | None = None,
    ) -> Dispute:
        target = DisputeStage(target)
        at = v.check_aware(at or datetime.now(UTC), "at")
        reason = v.clean(reason, "reason", max_len=10_000)
        with self._store.transaction() as s:
            row = self._row(s, dispute_id)
            move_stage(s, row, target, at, reason)
            if target.is_closed and outcome is not None:
                row.outcome = Outcome(outcome).value
            s.flush()
            return convert.dispute(row)

    def history(self, dispute_id: int) -> list[StageChange]:
        with self._store.read() as s:
            self._row(s, dispute_id)
            rows = s.scalars(
                select(StageChangeRow)
                .where(StageChangeRow.dispute_id == dispute_id)
                .order_by(StageChangeRow.at, StageChangeRow.id)
            )
            return [convert.stage_change(r) for r in rows]

    def get(self, dispute_id: int) -> Dispute:
        with self._store.read() as s:
            return convert.dispute(self._row(s, dispute_id))

    def get_by_reference(self, reference: str) -> Dispute:
        with self._store.read() as s:
            row = s.scalar(select(DisputeRow).where(DisputeRow.reference == reference.strip()))
            if row is None:
                raise NotFoundError(
                    N_("No dispute has the reference {reference}."),
                    field="reference",
                    reference=reference,
                )
            return convert.dispute(row)

    def list(
        self,
        *,
        customer_id: int | None = None,
        open_only: bool = False,
        stages: tuple[DisputeStage, ...] = (),
        category: DisputeCategory | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Dispute]:
        q = select(DisputeRow)
        if customer_id is not None:
            q = q.where(DisputeRow.customer_id == customer_id)
        if open_only:
            q = q.where(DisputeRow.stage.not_in([DisputeStage.RESOLVED, DisputeStage.ABANDONED]))
        if stages:
            q = q.where(DisputeRow.stage.in_([st.value for st in stages]))
        if category is not None:
            q = q.where(DisputeRow.category == DisputeCategory(category).value)
        q = q.order_by(DisputeRow.received_at.desc(), DisputeRow.id.desc()).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self._store.read() as s:
            return [convert.dispute(r) for r in s.scalars(q)]

    def _lines_query(
        self,
        columns,
        *,
        customer_id: int | None,
        open_only: bool,
        stage: DisputeStage | None,
        category: DisputeCategory | None,
        overdue_only: bool,
        text: str,
        now: datetime,
        join_customer: bool = True,
        join_deadlines: bool = True,
    ):
        deadlines = (
            select(
                TaskRow.dispute_id.label("dispute_id"),
                func.min(TaskRow.due_at).label("next_due"),
            )
            .where(TaskRow.done_at.is_(None), TaskRow.dispute_id.is_not(None))
            .group_by(TaskRow.dispute_id)
            .subquery()
        )
        q = select(*columns(deadlines)).select_from(DisputeRow)
        # Joins only when something needs them: on 30,000 disputes each costs a pass.
        if join_customer or (text or "").strip():
            q = q.join(CustomerRow, CustomerRow.id == DisputeRow.customer_id)
        if join_deadlines or overdue_only:
            q = q.outerjoin(deadlines, deadlines.c.dispute_id == DisputeRow.id)
        if customer_id is not None:
            q = q.where(DisputeRow.customer_id == customer_id)
        if open_only:
            q = q.where(DisputeRow.stage.not_in([DisputeStage.RESOLVED, DisputeStage.ABANDONED]))
        if stage is not None:
            q = q.where(DisputeRow.stage == DisputeStage(stage).value)
        if category is not None:
            q = q.where(DisputeRow.category == DisputeCategory(category).value)
        if overdue_only:
            q = q.where(deadlines.c.next_due < now)
        term = (text or "").strip()
        if term:
            like = f"%{term.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')}%"
            q = q.where(
                or_(
                    *(
                        col.ilike(like, escape="\\")
                        for col in (
                            DisputeRow.reference,
                            DisputeRow.title,
                            CustomerRow.sort_name,
                            CustomerRow.company,
                        )
                    )
                )
            )
        return q, deadlines

    def lines(
        self,
        *,
        customer_id: int | None = None,
        open_only: bool = False,
        stage: DisputeStage | None = None,
        category: DisputeCategory | None = None,
        overdue_only: bool = False,
        text: str = "",
        now: datetime | None = None,
        sort: LineSort = LineSort.OPENED,
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DisputeLine]:
        """Dispute list lines, filtered and sorted in SQL (newest complaint first by default);
        `limit`/`offset` page through them."""
        now = v.check_aware(now or datetime.now(UTC), "now")

        def columns(deadlines):
            return (
                DisputeRow.id,
                DisputeRow.reference,
                DisputeRow.customer_id,
                CustomerRow.kind,
                CustomerRow.first_name,
                CustomerRow.last_name,
                CustomerRow.company,
                DisputeRow.title,
                DisputeRow.category,
                DisputeRow.stage,
                DisputeRow.amount_minor,
                DisputeRow.currency,
                DisputeRow.received_at,
                deadlines.c.next_due,
            )

        q, deadlines = self._lines_query(
            columns,
            customer_id=customer_id,
            open_only=open_only,
            stage=stage,
            category=category,
            overdue_only=overdue_only,
            text=text,
            now=now,
        )
        sort = LineSort(sort)
        key = self._sort_column(sort, deadlines)
        id_order = DisputeRow.id.desc() if descending else DisputeRow.id.asc()
        if sort is LineSort.DEADLINE:
            # No deadline sorts last whichever the direction.
            ordering = (deadlines.c.next_due.is_(None), key.desc() if descending else key)
        else:
            ordering = (key.desc() if descending else key.asc(),)
        if limit is not None and sort not in (LineSort.CUSTOMER, LineSort.DEADLINE):
            # A page sorted on the dispute's own columns: pick its ids on the dispute table
            # alone, then join names and deadlines for those rows only.
            page_ids, _ = self._lines_query(
                lambda _d: (DisputeRow.id,),
                customer_id=customer_id,
                open_only=open_only,
                stage=stage,
                category=category,
                overdue_only=overdue_only,
                text=text,
                now=now,
                join_customer=False,
                join_deadlines=False,
            )
            page_ids = page_ids.order_by(*ordering, id_order).offset(offset).limit(limit)
            q = q.where(DisputeRow.id.in_(page_ids)).order_by(*ordering, id_order)
        else:
            q = q.order_by(*ordering, id_order).offset(offset)
            if limit is not None:
                q = q.limit(limit)
        with self._store.read() as s:
            rows = s.execute(q).all()
        stages = {st.value: st for st in DisputeStage}
        categories = {c.value: c for c in DisputeCategory}
        out = []
        for r in rows:
            next_due = r.next_due
            if next_due is not None and next_due.tzinfo is None:
                next_due = next_due.replace(tzinfo=UTC)  # aggregate bypasses UTCDateTime
            out.append(
                DisputeLine(
                    id=r.id,
                    reference=r.reference,
                    customer_id=r.customer_id,
                    customer_name=_customer_name(r.kind, r.first_name, r.last_name, r.company),
                    title=r.title,
                    category=categories[r.category],
                    stage=stages[r.stage],
                    amount=Money(r.amount_minor, r.currency),
                    received_at=r.received_at,
                    next_deadline=next_due,
                    overdue=next_due is not None and next_due < now,
                )
            )
        return out

    def count_lines(
        self,
        *,
        customer_id: int | None = None,
        open_only: bool = False,
        stage: DisputeStage | None = None,
        category: DisputeCategory | None = None,
        overdue_only: bool = False,
        text: str = "",
        now: datetime | None = None,
    ) -> tuple[int, int]:
        """(number of lines, how many of them have an overdue deadline) for the same filters."""
        now = v.check_aware(now or datetime.now(UTC), "now")

        def columns(deadlines):
            return (
                func.count(DisputeRow.id),
                func.count(deadlines.c.next_due).filter(deadlines.c.next_due < now),
            )

        q, _ = self._lines_query(
            columns,
            customer_id=customer_id,
            open_only=open_only,
            stage=stage,
            category=category,
            overdue_only=overdue_only,
            text=text,
            now=now,
            join_customer=False,
        )
        with self._store.read() as s:
            total, overdue = s.execute(q).one()
        return int(total or 0), int(overdue or 0)

    @staticmethod
    def _sort_column(sort: LineSort, deadlines):
        if sort is LineSort.REFERENCE:
            return DisputeRow.reference
        if sort is LineSort.CUSTOMER:
            return CustomerRow.sort_name
        if sort is LineSort.TITLE:
            return func.lower(DisputeRow.title)
        if sort is LineSort.STAGE:
            # Along the dispute's life, not alphabetically.
            return case({st.value: i for i, st in enumerate(DisputeStage)}, value=DisputeRow.stage)
        if sort is LineSort.DEADLINE:
            return deadlines.c.next_due
        if sort is LineSort.AMOUNT:
            return DisputeRow.amount_minor
        if sort is LineSort.CATEGORY:
            return DisputeRow.category
        return DisputeRow.received_at

    def count(self) -> int:
        with self._store.read() as s:
            return int(s.scalar(select(func.count(DisputeRow.id))) or 0)

    @staticmethod
    def _next_reference(s, year: int) -> str:
        prefix = f"{REFERENCE_PREFIX}-{year}-"
        # Numeric max, not text max: LIT-2026-10000 sorts before LIT-2026-9999 as text.
        last = s.scalar(
            select(
                func.max(cast(func.substr(DisputeRow.reference, len(prefix) + 1), Integer))
            ).where(DisputeRow.reference.like(prefix + "%"))
        )
        number = int(last) + 1 if last else 1
        return format_reference(year, number)

    @staticmethod
    def _row(s, dispute_id: int) -> DisputeRow:
        row = s.get(DisputeRow, dispute_id)
        if row is None:
            raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
        return row
