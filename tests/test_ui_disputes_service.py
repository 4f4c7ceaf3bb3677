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


def test_lines_sorted_paged_and_counted_in_sql(services, shop):  # noqa: F811
    from disputedesk.services.dispute_service import LineSort

    by_amount = services.disputes.lines(sort=LineSort.AMOUNT, descending=False)
    assert [x.amount.minor for x in by_amount] == [9_900, 12_050, 30_000, 45_000]
    page1 = services.disputes.lines(sort=LineSort.AMOUNT, descending=False, limit=3)
    page2 = services.disputes.lines(sort=LineSort.AMOUNT, descending=False, limit=3, offset=3)
    assert [x.id for x in page1 + page2] == [x.id for x in by_amount]
    by_deadline = services.disputes.lines(sort=LineSort.DEADLINE, descending=False)
    assert [x.id for x in by_deadline][:2] == [shop.late_id, shop.calm_id]
    assert all(x.next_deadline is None for x in by_deadline[2:])
    by_stage = services.disputes.lines(sort=LineSort.STAGE, descending=True)
    assert by_stage[0].id == shop.closed_id
    assert services.disputes.count_lines() == (4, 1)
    assert services.disputes.count_lines(open_only=True, text="durand") == (2, 1)
    for sort in LineSort:
        assert len(services.disputes.lines(sort=sort)) == 4
