"""Dunning plan, worklist with catch-up, never twice (across restarts), pauses."""

from __future__ import annotations

from datetime import date

import pytest

from disputedesk.domain.enums import DisputeCategory
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.services import Services
from disputedesk.services.dunning_service import (
    DEFAULT_PLAN,
    DunningChannel,
    DunningKind,
    DunningLevel,
)
from disputedesk.storage.store import open_store
from tests.support_receivables import customer, invoice


def test_default_plan_and_validation(services):
    assert services.dunning.plan() == DEFAULT_PLAN
    assert [lv.days_after_due for lv in DEFAULT_PLAN] == [7, 21, 35, 50]
    with pytest.raises(ValidationError):
        services.dunning.set_plan([])
    with pytest.raises(ValidationError):
        services.dunning.set_plan(
            [
                DunningLevel(1, 10, DunningKind.REMINDER_1, DunningChannel.LETTER),
                DunningLevel(2, 10, DunningKind.REMINDER_2, DunningChannel.LETTER),
            ]
        )
    plan = services.dunning.set_plan(
        [
            DunningLevel(9, 5, DunningKind.REMINDER_1, DunningChannel.EMAIL),
            DunningLevel(9, 30, DunningKind.NOTICE_TO_PAY, DunningChannel.REGISTERED_LETTER),
        ]
    )
    assert [(lv.position, lv.days_after_due) for lv in plan] == [(1, 5), (2, 30)]
    assert services.dunning.plan() == plan


def test_worklist_levels_by_days_after_due(services):
    c = customer(services, pro=True)
    due = date(2026, 3, 1)
    inv = invoice(services, c, "W1", 100_00, due)
    assert services.dunning.worklist(date(2026, 3, 7)) == []  # due + 6
    items = services.dunning.worklist(date(2026, 3, 8))  # due + 7
    assert [(i.line.number, i.level.kind, i.caught_up) for i in items] == [
        ("W1", DunningKind.REMINDER_1, False)
    ]
    done = services.dunning.record_done(inv.id, 1, date(2026, 3, 8))
    assert done.recorded
    assert services.dunning.worklist(date(2026, 3, 21)) == []
    items = services.dunning.worklist(date(2026, 3, 22))  # due + 21
    assert [i.level.kind for i in items] == [DunningKind.REMINDER_2]


def test_catch_up_after_closed_weeks_one_level_at_a_time_with_spacing(services):
    c = customer(services, pro=True)
    inv = invoice(services, c, "C1", 100_00, date(2026, 3, 1))
    # Closed until 10/04 (due + 40): reminders 1, 2 and the notice all fell due meanwhile;
    # only the next one (reminder 1) is offered, marked as caught up.
    items = services.dunning.worklist(date(2026, 4, 10))
    assert [(i.level.position, i.due_on, i.caught_up) for i in items] == [
        (1, date(2026, 3, 8), True)
    ]
    services.dunning.record_done(inv.id, 1, date(2026, 4, 10))
    # Reminder 2 comes 14 days (21 - 7) after reminder 1 actually went: 24/04, not 22/03.
    assert services.dunning.worklist(date(2026, 4, 23)) == []
    items = services.dunning.worklist(date(2026, 4, 24))
    assert [(i.level.position, i.due_on) for i in items] == [(2, date(2026, 4, 24))]


def test_never_twice_across_restarts(data_paths):
    store = open_store(data_paths)
    services = Services.build(store)
    c = customer(services, pro=False)
    inv = invoice(services, c, "R1", 100_00, date(2026, 3, 1))
    items = services.dunning.worklist(date(2026, 3, 10))
    results = services.dunning.process(items, date(2026, 3, 10))
    assert [r.recorded for r in results] == [True]
    store.close()

    # "Restart": a new store and services on the same folder, same day.
    store = open_store(data_paths)
    services = Services.build(store)
    assert services.dunning.worklist(date(2026, 3, 10)) == []
    again = services.dunning.record_done(inv.id, 1, date(2026, 3, 10))
    assert not again.recorded
    # Replaying the old (stale) worklist records nothing either.
    assert [r.recorded for r in services.dunning.process(items, date(2026, 3, 11))] == [False]
    assert len(services.dunning.steps(inv.id)) == 1
    store.close()

    # Another restart weeks later: the next level only, once.
    store = open_store(data_paths)
    services = Services.build(store)
    items = services.dunning.worklist(date(2026, 4, 30))
    assert [i.level.position for i in items] == [2]
    services.dunning.process(items, date(2026, 4, 30))
    services.dunning.process(items, date(2026, 4, 30))
    assert [s.position for s in services.dunning.steps(inv.id)] == [1, 2]
    store.close()


def test_first_step_opens_an_unpaid_invoice_dispute_and_notes_it(services):
    c = customer(services, pro=True)
    inv = invoice(services, c, "D1", 250_00, date(2026, 3, 1))
    inv2 = invoice(services, c, "D2", 50_00, date(2026, 3, 1))
    done = services.dunning.record_done(inv.id, 1, date(2026, 3, 8))
    dispute = services.disputes.get(done.dispute_id)
    assert dispute.category is DisputeCategory.UNPAID_INVOICE
    assert services.invoices.get(inv.id).dispute_id == dispute.id
    # the same customer's other invoice joins the same open dispute
    done2 = services.dunning.record_done(inv2.id, 1, date(2026, 3, 8))
    assert done2.dispute_id == dispute.id
    summaries = [e.summary for e in services.journal.list(dispute.id)]
    assert any("D1" in s and "First reminder" in s for s in summaries)


def test_letter_issued_before_a_crash_is_reused_not_sent_again(services, store):
    from disputedesk.models.letter import LetterInvoiceRow, LetterRow
    from disputedesk.services.document_service import DocumentService

    c = customer(services, pro=True)
    inv = invoice(services, c, "K1", 100_00, date(2026, 3, 1))
    dispute_id = services.dunning.ensure_dispute(inv.id)
    stored = DocumentService(store).record(
        b"%PDF-1.4\n%%EOF\n",
        kind="letter",
        language="fr",
        title="Reminder",
        file_name="reminder.pdf",
        dispute_id=dispute_id,
    )
    with store.transaction() as s:
        letter = LetterRow(
            dispute_id=dispute_id,
            document_id=stored.id,
            kind="reminder_1",
            language="fr",
            sent_on=date(2026, 3, 8),
        )
        s.add(letter)
        s.flush()
        s.add(LetterInvoiceRow(letter_id=letter.id, invoice_id=inv.id))
        letter_id = letter.id
    calls = []
    items = services.dunning.worklist(date(2026, 3, 9))
    services.dunning.process(items, date(2026, 3, 9), issue=lambda its: calls.append(its) or {})
    assert calls == []  # nothing issued again
    assert services.dunning.steps(inv.id)[0].letter_id == letter_id


def test_issue_callback_gets_one_call_per_customer(services):
    a = customer(services, pro=True, name="A")
    b = customer(services, pro=False, name="B")
    for n, cust in (("A1", a), ("A2", a), ("B1", b)):
        invoice(services, cust, n, 10_00, date(2026, 3, 1))
    calls = []
    items = services.dunning.worklist(date(2026, 3, 8))
    results = services.dunning.process(
        items, date(2026, 3, 8), issue=lambda its: calls.append([i.line.number for i in its]) or {}
    )
    assert sorted(calls) == [["A1", "A2"], ["B1"]]
    assert all(r.recorded for r in results)


def test_paid_disputed_and_paused_invoices_are_left_out(services):
    c = customer(services, pro=True)
    paid = invoice(services, c, "P1", 10_00, date(2026, 3, 1))
    disputed = invoice(services, c, "P2", 10_00, date(2026, 3, 1))
    promised = invoice(services, c, "P3", 10_00, date(2026, 3, 1))
    invoice(services, c, "P4", 10_00, date(2026, 3, 1))
    services.receivables.pay_balance(paid.id, date(2026, 3, 5))
    services.receivables.set_disputed(disputed.id, True, "wrong quantity")
    services.dunning.pause(promised.id, "Promised to pay", until=date(2026, 3, 20))
    today = date(2026, 3, 10)
    assert [i.line.number for i in services.dunning.worklist(today)] == ["P4"]
    # the promise date passes: dunning resumes by itself, noted in the timeline
    assert "P3" in [i.line.number for i in services.dunning.worklist(date(2026, 3, 21))]
    assert services.dunning.resume_expired(date(2026, 3, 21)) == [promised.id]
    assert services.dunning.resume_expired(date(2026, 3, 21)) == []
    dispute_id = services.invoices.get(promised.id).dispute_id
    summaries = [e.summary for e in services.journal.list(dispute_id)]
    assert any("paused" in s for s in summaries) and any("resumed" in s for s in summaries)


def test_pause_needs_a_reason(services):
    c = customer(services, pro=True)
    inv = invoice(services, c, "Z1", 10_00, date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.dunning.pause(inv.id, "  ")
    services.dunning.pause(inv.id, "Customer in hospital")
    assert services.dunning.worklist(date(2027, 1, 1)) == []
    assert services.dunning.resume(inv.id)
    assert services.dunning.worklist(date(2027, 1, 1))[0].line.number == "Z1"
    assert Money(10_00) == services.dunning.worklist(date(2027, 1, 1))[0].line.balance
