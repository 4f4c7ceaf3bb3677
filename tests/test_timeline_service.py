"""Timeline service: every kind of event, in time order, deadlines met / missed / overdue."""

from datetime import UTC, date, datetime, timedelta

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.money import Money
from disputedesk.domain.timeline import DeadlineStatus, EventKind
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft
from tests.support_guidance import make_dispute

T0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def test_events_of_every_kind_in_order(services, tmp_path):
    d = make_dispute(services, received_at=T0)
    services.journal.add(
        EntryDraft(d.id, Channel.PHONE, Direction.INCOMING, "Appel du client", occurred_at=T0)
    )
    services.disputes.change_stage(d.id, S.ACKNOWLEDGED, at=T0 + timedelta(days=1))
    first = services.journal.add(
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.OUTGOING,
            "Réponse",
            occurred_at=T0 + timedelta(days=2),
        )
    )
    services.journal.correct(
        first.id,
        EntryDraft(
            d.id,
            Channel.EMAIL,
            Direction.OUTGOING,
            "Réponse (corrigée)",
            occurred_at=T0 + timedelta(days=2),
        ),
    )
    met = services.tasks.add("Envoyer le devis", T0 + timedelta(days=3), dispute_id=d.id)
    services.tasks.set_done(met.id, at=T0 + timedelta(days=2))
    late = services.tasks.add("Rappeler", T0 + timedelta(days=4), dispute_id=d.id)
    services.tasks.set_done(late.id, at=T0 + timedelta(days=6))
    services.tasks.add("Relance", T0 + timedelta(days=10), dispute_id=d.id)
    services.tasks.add("Audience", NOW + timedelta(days=10), dispute_id=d.id)
    invoice = services.invoices.create(
        InvoiceDraft(
            customer_id=d.customer_id,
            number="F-1",
            issue_date=date(2026, 10, 1),
            due_date=date(2026, 10, 15),
            amount=Money(10000),
            dispute_id=d.id,
        )
    )
    services.invoices.add_payment(invoice.id, Money(4000), date(2026, 10, 20), method="chèque")
    pdf = tmp_path / "lettre.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")

    tl = services.timeline.timeline(d.id, now=NOW)
    assert [e.at for e in tl.events] == sorted(e.at for e in tl.events)
    assert tl.count(EventKind.STAGE) == 2
    assert tl.count(EventKind.JOURNAL) == 3
    assert tl.count(EventKind.PAYMENT) == 1
    stages = [e.title for e in tl.events if e.kind is EventKind.STAGE]
    assert stages == ["Received", "Acknowledged"]
    deadlines = {e.title: e.deadline for e in tl.events if e.kind is EventKind.DEADLINE}
    assert deadlines == {
        "Envoyer le devis": DeadlineStatus.MET,
        "Rappeler": DeadlineStatus.MISSED,
        "Relance": DeadlineStatus.OVERDUE,
        "Audience": DeadlineStatus.UPCOMING,
        "Invoice F-1 due": DeadlineStatus.OVERDUE,
    }
    invoice_due = next(e for e in tl.events if e.title == "Invoice F-1 due")
    assert invoice_due.amount == Money(6000)  # still owed
    payment = next(e for e in tl.events if e.kind is EventKind.PAYMENT)
    assert payment.amount == Money(4000) and "F-1" in payment.detail
    correction = next(e for e in tl.events if e.title == "Réponse (corrigée)")
    assert "Correction" in correction.detail
    assert tl.start == T0 and tl.end == NOW + timedelta(days=10)  # the coming hearing


def test_a_paid_invoice_is_a_met_deadline(services):
    d = make_dispute(services, received_at=T0)
    invoice = services.invoices.create(
        InvoiceDraft(
            customer_id=d.customer_id,
            number="F-2",
            issue_date=date(2026, 10, 1),
            due_date=date(2026, 10, 15),
            amount=Money(10000),
            dispute_id=d.id,
        )
    )
    services.invoices.add_payment(invoice.id, Money(10000), date(2026, 10, 10))
    tl = services.timeline.timeline(d.id, now=NOW)
    due = next(e for e in tl.events if e.kind is EventKind.DEADLINE)
    assert due.deadline is DeadlineStatus.MET and due.amount is None


def test_documents_appear(services):
    d = make_dispute(services, received_at=T0)
    services.documents.record(
        b"%PDF-1.4\n%%EOF\n",
        kind="letter",
        language="fr",
        title="Accusé de réception",
        file_name="ar.pdf",
        dispute_id=d.id,
    )
    tl = services.timeline.timeline(d.id, now=datetime.now(UTC) + timedelta(days=1))
    docs = [e for e in tl.events if e.kind is EventKind.DOCUMENT]
    assert [e.title for e in docs] == ["Accusé de réception"]


def test_unknown_dispute(services):
    import pytest

    from disputedesk.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.timeline.timeline(999)
