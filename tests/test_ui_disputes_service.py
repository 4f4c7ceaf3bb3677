"""DisputeService.lines: the list lines the disputes UI shows (filters done in SQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from tests.support_disputes import shop  # noqa: F401


def test_lines_filters_and_deadlines(services, shop):  # noqa: F811
    now = datetime.now(UTC)
    all_lines = {line.id: line for line in services.disputes.lines(now=now)}
    assert set(all_lines) == {shop.late_id, shop.calm_id, shop.closed_id, shop.other_id}
    assert all_lines[shop.late_id].overdue and all_lines[shop.late_id].next_deadline < now
    assert not all_lines[shop.calm_id].overdue and all_lines[shop.calm_id].next_deadline > now
    assert all_lines[shop.other_id].next_deadline is None
    assert all_lines[shop.other_id].customer_name == "Boulangerie Petit"
    assert all_lines[shop.late_id].customer_name == "Marie Durand"

    ids = lambda **kw: {x.id for x in services.disputes.lines(now=now, **kw)}  # noqa: E731
    assert ids(open_only=True) == {shop.late_id, shop.calm_id, shop.other_id}
    assert ids(customer_id=shop.other_customer_id) == {shop.other_id}
    assert ids(overdue_only=True) == {shop.late_id}
    assert ids(stage=DisputeStage.RESOLVED) == {shop.closed_id}
    assert ids(category=DisputeCategory.DELIVERY_FAILURE) == {shop.calm_id}
    assert ids(text="durand") == {shop.late_id, shop.calm_id, shop.closed_id}
    assert ids(text="scratch") == {shop.late_id}
    assert ids(text="100%_") == set()  # LIKE wildcards are literal


def test_done_task_is_no_deadline(services, shop):  # noqa: F811
    for task in services.tasks.list(dispute_id=shop.late_id):
        services.tasks.set_done(task.id)
    line = next(x for x in services.disputes.lines() if x.id == shop.late_id)
    assert line.next_deadline is None and not line.overdue
