"""Deadlines and tasks: what is due, when, and whether it was done."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from disputedesk.domain.errors import NotFoundError
from disputedesk.domain.records import Task
from disputedesk.i18n import N_
from disputedesk.models import DisputeRow, TaskRow
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.storage.store import Store


class TaskService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(
        self, title: str, due_at: datetime, *, dispute_id: int | None = None, kind: str = "other"
    ) -> Task:
        title = v.clean(title, "title", max_len=300, required=True)
        due_at = v.check_aware(due_at, "due_at")
        kind = v.clean(kind, "kind", max_len=40, required=True)
        with self._store.transaction() as s:
            if dispute_id is not None and s.get(DisputeRow, dispute_id) is None:
                raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
            row = TaskRow(title=title, due_at=due_at, dispute_id=dispute_id, kind=kind)
            s.add(row)
            s.flush()
            return convert.task(row)

    def set_done(self, task_id: int, done: bool = True, *, at: datetime | None = None) -> Task:
        with self._store.transaction() as s:
            row = s.get(TaskRow, task_id)
            if row is None:
                raise NotFoundError(N_("This task does not exist."), field="task")
            row.done_at = v.check_aware(at or datetime.now(UTC), "done_at") if done else None
            s.flush()
            return convert.task(row)

    def list(
        self,
        *,
        dispute_id: int | None = None,
        open_only: bool = False,
        due_before: datetime | None = None,
    ) -> list[Task]:
        q = select(TaskRow)
        if dispute_id is not None:
            q = q.where(TaskRow.dispute_id == dispute_id)
        if open_only:
            q = q.where(TaskRow.done_at.is_(None))
        if due_before is not None:
            q = q.where(TaskRow.due_at <= v.check_aware(due_before, "due_before"))
        q = q.order_by(TaskRow.due_at, TaskRow.id)
        with self._store.read() as s:
            return [convert.task(r) for r in s.scalars(q)]
