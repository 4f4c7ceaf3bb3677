"""Customer, dispute, journal, invoice, task and document services on a real SQLite file."""

from datetime import UTC, date, datetime, timedelta

import pytest

from disputedesk.domain.enums import Channel, CustomerKind, Direction, DisputeCategory
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import BusinessProfile, CustomerDraft, DisputeDraft, PostalAddress
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft


def _customer(services, **kw):
    base = dict(last_name="Moreau", first_name="Élise", email="e@example.fr")
    base.update(kw)
    return services.customers.create(CustomerDraft(**base))


def _dispute(services, customer_id, **kw):
    base = dict(
        category=DisputeCategory.PRODUCT_QUALITY, description="Table rayée", amount=Money(89000)
    )
    base.update(kw)
    return services.disputes.open(DisputeDraft(customer_id=customer_id, **base))


def _count_rows(services):
    return (services.customers.count(include_archived=True), services.disputes.count())


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (dict(last_name="   "), "last_name"),
        (dict(kind=CustomerKind.PROFESSIONAL, company=""), "company"),
        (dict(siret="12345678901234"), "siret"),
        (dict(email="not-an-email"), "email"),
        (dict(address=PostalAddress("1 rue X", "", "6900", "Lyon", "FR")), "postcode"),
        (dict(last_name="x" * 101), "last_name"),
        (dict(last_name="nul\x00byte"), "last_name"),
    ],
)
def test_bad_customer_input_is_refused_with_its_field_and_nothing_saved(services, draft, field):
    base = dict(last_name="Moreau")
    base.update(draft)
    with pytest.raises(ValidationError) as err:
        services.customers.create(CustomerDraft(**base))
    assert err.value.field == field
    assert _count_rows(services) == (0, 0)


def test_customer_search_archive_and_counts(services):
    c = _customer(services, address=PostalAddress("1 rue", "", "69002", "Lyon"))
    other = _customer(services, last_name="Garnier", first_name="Sophie", email="s@ex.fr")
    d = _dispute(services, c.id)
    assert [r.customer.id for r in services.customers.search("lyon")] == [c.id]
    assert [r.customer.id for r in services.customers.search(d.reference)] == [c.id]
    assert [r.customer.id for r in services.customers.search("50%")] == []  # LIKE escaped
    summary = services.customers.search("moreau")[0]
    assert (summary.open_disputes, summary.amount_at_stake_minor) == (1, 89000)
    services.customers.set_archived(other.id, True)
    assert [r.customer.id for r in services.customers.search()] == [c.id]
    assert len(services.customers.search(include_archived=True)) == 2


def test_dispute_references_follow_each_other_per_year(services):
    c = _customer(services)
    when = datetime(2026, 3, 1, tzinfo=UTC)
    refs = [_dispute(services, c.id, received_at=when).reference for _ in range(3)]
    assert refs == ["LIT-2026-0001", "LIT-2026-0002", "LIT-2026-0003"]
    older = _dispute(services, c.id, received_at=datetime(2025, 12, 31, tzinfo=UTC))
    assert older.reference == "LIT-2025-0001"


def test_dispute_input_is_validated(services):
    c = _customer(services)
    with pytest.raises(ValidationError) as err:
        _dispute(services, c.id, amount=Money(-1))
    assert err.value.field == "amount"
    with pytest.raises(ValidationError) as err:
        _dispute(services, c.id, description=" ")
    assert err.value.field == "description"
    with pytest.raises(ValidationError) as err:
        _dispute(services, c.id, received_at=datetime.now(UTC) + timedelta(days=2))
    assert err.value.field == "received_at"
    with pytest.raises(NotFoundError):
        _dispute(services, 999)
    assert services.disputes.count() == 0


def test_stage_changes_are_validated_and_each_is_recorded(services):
    c = _customer(services)
    d = _dispute(services, c.id, received_at=datetime.now(UTC) - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.disputes.change_stage(d.id, S.RESOLVED)  # a jump needs a reason
    services.disputes.change_stage(d.id, S.ACKNOWLEDGED)
    closed = services.disputes.change_stage(d.id, S.RESOLVED, reason="Refund accepted at once")
    assert closed.stage is S.RESOLVED and closed.closed_at is not None
    reopened = services.disputes.change_stage(d.id, S.NEGOTIATION, reason="Customer called back")
    assert reopened.closed_at is None
    history = services.disputes.history(d.id)
    assert [h.to_stage for h in history] == [S.RECEIVED, S.ACKNOWLEDGED, S.RESOLVED, S.NEGOTIATION]
    assert history[2].reason == "Refund accepted at once"
    assert all(h.at.tzinfo is not None for h in history)


def test_journal_keeps_originals_when_corrected_and_stores_attachments(services, tmp_path):
    c = _customer(services)
    d = _dispute(services, c.id)
    photo = tmp_path / "rayure.jpg"
    photo.write_bytes(b"\xff\xd8 fake jpeg bytes")
    e = services.journal.add(
        EntryDraft(
            d.id,
            Channel.PHONE,
            Direction.INCOMING,
            "Appel de la cliente",
            "Elle est fâchée",
            attachments=(photo,),
        )
    )
    photo.unlink()  # the original may be deleted afterwards: the store has a copy
    att = e.attachments[0]
    assert att.original_name == "rayure.jpg" and att.size == 18
    assert services.journal.attachment_path(att).read_bytes() == b"\xff\xd8 fake jpeg bytes"
    fixed = services.journal.correct(
        e.id,
        EntryDraft(
            d.id, Channel.PHONE, Direction.INCOMING, "Appel de la cliente (corrigé)", "Calme"
        ),
    )
    entries = services.journal.list(d.id)
    assert [x.id for x in entries] == [e.id, fixed.id]
    assert entries[0].corrected_by_id == fixed.id and entries[0].summary == "Appel de la cliente"
    assert entries[1].corrects_id == e.id
    with pytest.raises(ValidationError):
        services.journal.correct(e.id, EntryDraft(d.id, Channel.PHONE, Direction.INCOMING, "x"))
    assert [x.id for x in services.journal.list(d.id, text="corrigé")] == [fixed.id]
    assert services.journal.list(d.id, channel=Channel.EMAIL) == []


@pytest.mark.parametrize("problem", ["missing", "empty", "folder"])
def test_bad_attachment_is_named_and_nothing_is_saved(services, tmp_path, problem):
    c = _customer(services)
    d = _dispute(services, c.id)
    bad = tmp_path / "preuve.pdf"
    if problem == "empty":
        bad.write_bytes(b"")
    elif problem == "folder":
        bad.mkdir()
    with pytest.raises(ValidationError) as err:
        services.journal.add(
            EntryDraft(d.id, Channel.EMAIL, Direction.INCOMING, "Mail", attachments=(bad,))
        )
    assert "preuve.pdf" in str(err.value)
    assert services.journal.list(d.id) == []


def test_naive_datetimes_are_refused(services):
    c = _customer(services)
    with pytest.raises(ValidationError):
        _dispute(services, c.id, received_at=datetime(2026, 1, 1))


def test_invoices_payments_and_balance(services):
    c = _customer(services)
    inv = services.invoices.create(
        InvoiceDraft(c.id, "FA-1", date(2026, 1, 10), date(2026, 2, 9), Money(100000))
    )
    inv = services.invoices.add_payment(inv.id, Money(30000), date(2026, 2, 1))
    inv = services.invoices.add_payment(inv.id, Money(20000), date(2026, 3, 1))
    assert inv.balance == Money(50000) and len(inv.payments) == 2
    with pytest.raises(ValidationError):
        services.invoices.add_payment(inv.id, Money(50001), date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.invoices.create(
            InvoiceDraft(c.id, "FA-1", date(2026, 1, 10), date(2026, 2, 9), Money(1))
        )
    with pytest.raises(ValidationError) as err:
        services.invoices.create(
            InvoiceDraft(c.id, "FA-2", date(2026, 2, 10), date(2026, 1, 9), Money(1))
        )
    assert err.value.field == "due_date"
    assert [i.number for i in services.invoices.list(open_only=True)] == ["FA-1"]


def test_tasks_and_documents(services):
    c = _customer(services)
    d = _dispute(services, c.id)
    due = datetime.now(UTC) + timedelta(days=2)
    t = services.tasks.add("Rappeler", due, dispute_id=d.id, kind="call_back")
    assert services.tasks.list(open_only=True) == [t]
    services.tasks.set_done(t.id)
    assert services.tasks.list(open_only=True) == []
    doc = services.documents.record(
        b"%PDF-1.4 test",
        kind="letter",
        language="fr",
        title="AR",
        file_name="ar.pdf",
        dispute_id=d.id,
    )
    assert services.documents.path(doc).read_bytes() == b"%PDF-1.4 test"
    assert services.documents.list(d.id) == [doc]


def test_business_profile_validation(services):
    assert not services.business.get().is_set_up
    with pytest.raises(ValidationError) as err:
        services.business.save(BusinessProfile(trade_name=""))
    assert err.value.field == "trade_name"
    with pytest.raises(ValidationError) as err:
        services.business.save(BusinessProfile(trade_name="Atelier", payment_terms_days=90))
    assert err.value.field == "payment_terms_days"
    saved = services.business.save(
        BusinessProfile(trade_name="Atelier", siret="81234567600017", vat_number="FR19812345676")
    )
    assert services.business.get() == saved and saved.is_set_up
