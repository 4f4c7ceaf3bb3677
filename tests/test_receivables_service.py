"""Receivables service: balances as of a date, aging totals, payments, disputes, rates and the
claim the letters print."""

from __future__ import annotations

from datetime import date

import pytest

from disputedesk.domain.claims import PenaltyBasis
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.rates import RateSeries
from disputedesk.services.receivables_service import AgingBucket
from tests.support_receivables import customer, invoice


def test_lines_and_aging_buckets_with_totals(services):
    c = customer(services, pro=True)
    as_of = date(2026, 6, 30)
    invoice(services, c, "A", 100_00, date(2026, 7, 15))  # not due
    invoice(services, c, "B", 200_00, date(2026, 6, 1))  # 29 days
    invoice(services, c, "C", 300_00, date(2026, 5, 1))  # 60 days
    invoice(services, c, "D", 400_00, date(2026, 4, 1))  # 90 days
    d = invoice(services, c, "E", 500_00, date(2026, 3, 1))  # 121 days
    services.receivables.record_payment(d.id, Money(120_50), date(2026, 6, 10))
    paid = invoice(services, c, "F", 50_00, date(2026, 3, 1))
    services.receivables.pay_balance(paid.id, date(2026, 3, 5))
    lines = services.receivables.lines(as_of)
    assert [(ln.number, ln.bucket) for ln in lines] == [
        ("E", AgingBucket.OVER_90),
        ("D", AgingBucket.D61_90),
        ("C", AgingBucket.D31_60),
        ("B", AgingBucket.D1_30),
        ("A", AgingBucket.NOT_DUE),
    ]
    report = services.receivables.aging(as_of)
    assert [(t.bucket, t.count, t.amount.minor) for t in report.totals] == [
        (AgingBucket.NOT_DUE, 1, 100_00),
        (AgingBucket.D1_30, 1, 200_00),
        (AgingBucket.D31_60, 1, 300_00),
        (AgingBucket.D61_90, 1, 400_00),
        (AgingBucket.OVER_90, 1, 379_50),
    ]
    assert report.total == Money(1379_50) and report.count == 5
    # As of before the payment, E's balance is whole again.
    early = {ln.number: ln for ln in services.receivables.lines(date(2026, 6, 9))}
    assert early["E"].balance == Money(500_00)


def test_pay_balance_twice_is_refused_with_a_message(services):
    c = customer(services, pro=False)
    inv = invoice(services, c, "P", 80_00, date(2026, 2, 1))
    services.receivables.pay_balance(inv.id, date(2026, 2, 3))
    with pytest.raises(ValidationError) as err:
        services.receivables.pay_balance(inv.id, date(2026, 2, 4))
    assert "already paid" in str(err.value)


def test_disputed_flag_with_reason_is_kept_and_noted_in_the_journal(services):
    from disputedesk.domain.enums import DisputeCategory
    from disputedesk.domain.records import DisputeDraft

    c = customer(services, pro=True)
    inv = invoice(services, c, "X", 100_00, date(2026, 2, 1))
    dispute = services.disputes.open(
        DisputeDraft(
            customer_id=c,
            category=DisputeCategory.UNPAID_INVOICE,
            description="Invoice X unpaid",
            amount=Money(100_00),
        )
    )
    services.invoices.link_dispute(inv.id, dispute.id)
    with pytest.raises(ValidationError):
        services.receivables.set_disputed(inv.id, True, "")
    terms = services.receivables.set_disputed(inv.id, True, "Goods damaged")
    assert terms.disputed and terms.disputed_reason == "Goods damaged"
    line = services.receivables.lines(date(2026, 3, 1))[0]
    assert line.disputed
    entries = services.journal.list(dispute.id)
    assert any("disputed" in e.summary for e in entries)


def test_claim_for_professional_uses_rates_and_indemnity(services):
    # 1 000 € due 15/01/2026, as of 14/02/2026: 30 days at 12.15 % = 9.99 € + 40 € (see
    # tests/test_late_payment.py for the arithmetic).
    c = customer(services, pro=True)
    inv = invoice(services, c, "F1", 1000_00, date(2026, 1, 15))
    claim = services.receivables.claim_for([inv.id], date(2026, 2, 14))
    assert claim.debtor_is_professional
    assert claim.penalties == Money(9_99) and claim.indemnities == Money(40_00)
    assert claim.total == Money(1049_99)
    # a contract rate above the floor is used
    services.receivables.set_terms(
        inv.id, contract_rate_bp=1500, notice_received_on=None, judgment_enforceable_on=None
    )
    claim = services.receivables.claim_for([inv.id], date(2026, 2, 14))
    assert claim.invoices[0].basis is PenaltyBasis.CONTRACT
    assert claim.penalties == Money(12_33)


def test_claim_for_consumer_counts_from_the_notice_and_never_adds_a_fee(services):
    c = customer(services, pro=False)
    inv = invoice(services, c, "F2", 1000_00, date(2026, 1, 5))
    claim = services.receivables.claim_for([inv.id], date(2026, 2, 14))
    assert claim.penalties == Money(0) and claim.indemnities == Money(0)
    services.receivables.set_terms(
        inv.id,
        contract_rate_bp=None,
        notice_received_on=date(2026, 1, 15),
        judgment_enforceable_on=None,
    )
    claim = services.receivables.claim_for([inv.id], date(2026, 2, 14))
    assert claim.penalties == Money(2_15) and claim.indemnities == Money(0)


def test_claim_for_refuses_invoices_of_two_customers(services):
    a = invoice(services, customer(services, pro=True, name="A"), "A1", 10_00, date(2026, 1, 1))
    b = invoice(services, customer(services, pro=True, name="B"), "B1", 10_00, date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.receivables.claim_for([a.id, b.id], date(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.receivables.claim_for([], date(2026, 2, 1))


def test_owner_rate_fills_a_missing_half_year_and_is_validated(services):
    assert (RateSeries.LEGAL_OTHER, date(2026, 7, 1)) in services.receivables.missing_rates(
        date(2026, 11, 23)
    )
    with pytest.raises(ValidationError):
        services.receivables.set_rate("legal_other", date(2026, 8, 1), 250, "arrêté")
    with pytest.raises(ValidationError):
        services.receivables.set_rate("legal_other", date(2026, 7, 1), 250, "  ")
    for series, bp in (("legal_other", 250), ("legal_individual", 600), ("ecb_reference", 200)):
        services.receivables.set_rate(series, date(2026, 7, 1), bp, "test source")
    assert services.receivables.missing_rates(date(2026, 11, 23)) == []
    # 1 000 € due 30/06/2026, as of 30/07/2026: 30 days at 2.00 + 10 = 12.00 %
    # (floor 3 x 2.50 = 7.50 %): 1 000 x 12 % x 30/365 = 9.8630 -> 9.86 €.
    c = customer(services, pro=True)
    inv = invoice(services, c, "H2", 1000_00, date(2026, 6, 30))
    claim = services.receivables.claim_for([inv.id], date(2026, 7, 30))
    assert claim.complete and claim.penalties == Money(9_86)
    services.receivables.set_rate("ecb_reference", date(2026, 7, 1), 300, "corrected")
    assert (
        services.receivables.rates().get(RateSeries.ECB_REFERENCE, date(2026, 9, 1)).rate_bp == 300
    )
    services.receivables.remove_rate("ecb_reference", date(2026, 7, 1))
    assert services.receivables.rates().get(RateSeries.ECB_REFERENCE, date(2026, 9, 1)) is None


def test_limitation_warning_near_the_end(services):
    c = customer(services, pro=False)
    invoice(services, c, "OLD", 10_00, date(2024, 12, 1), issue=date(2024, 11, 1))
    line = services.receivables.lines(date(2026, 10, 1))[0]
    assert line.limitation_date == date(2026, 12, 1) and line.limitation_near
    line = services.receivables.lines(date(2026, 6, 1))[0]
    assert not line.limitation_near


def test_consumer_interest_starts_at_the_receipt_of_a_notice_issued_in_the_app(services, store):
    from disputedesk.models.letter import LetterInvoiceRow, LetterRow
    from disputedesk.services.document_service import DocumentService

    c = customer(services, pro=False)
    inv = invoice(services, c, "N1", 1000_00, date(2026, 1, 5))
    dispute_id = services.dunning.ensure_dispute(inv.id)
    doc = DocumentService(store).record(
        b"%PDF-1.4\n%%EOF\n",
        kind="letter",
        language="fr",
        title="MED",
        file_name="m.pdf",
        dispute_id=dispute_id,
    )

    def notice(receipt, unclaimed=False):
        with store.transaction() as s:
            row = LetterRow(
                dispute_id=dispute_id,
                document_id=doc.id,
                kind="notice_to_pay",
                language="fr",
                sent_on=date(2026, 1, 12),
                registered=True,
                receipt_date=receipt,
                returned_unclaimed=unclaimed,
            )
            s.add(row)
            s.flush()
            s.add(LetterInvoiceRow(letter_id=row.id, invoice_id=inv.id))

    notice(date(2026, 1, 13), unclaimed=True)  # returned unclaimed: does not count
    assert services.receivables.claim_for([inv.id], date(2026, 2, 14)).penalties == Money(0)
    notice(date(2026, 1, 15))
    # 1 000 x 2.62 % x 30/365 = 2.15 € (16/01 .. 14/02)
    claim = services.receivables.claim_for([inv.id], date(2026, 2, 14))
    assert claim.penalties == Money(2_15)
    assert services.receivables.terms(inv.id).notice_received == date(2026, 1, 15)


def test_court_figures_for_a_consumer_and_a_trader(services):
    from disputedesk.domain.court_figures import Procedure, figures_text

    cons = customer(services, pro=False)
    small = invoice(services, cons, "CF-1", 1200_00, date(2026, 1, 5))
    services.receivables.set_terms(
        small.id,
        contract_rate_bp=None,
        notice_received_on=date(2026, 1, 15),
        judgment_enforceable_on=None,
    )
    fig = services.receivables.court_figures([small.id], date(2026, 2, 14))
    assert fig.procedures == (Procedure.INJONCTION_TJ, Procedure.SMALL_CLAIMS)
    assert fig.procedures[0].form == "Cerfa 12948*06"
    assert fig.limitation == date(2028, 1, 5)
    # 1 200 x 2.62 % x 30/365 = 2.5841 -> 2.58 € of legal interest, no indemnity
    assert fig.claim.total == Money(1202_58)
    assert [e.label for e in fig.exhibits] == ["Invoice CF-1 of 01/12/2025"]
    text = figures_text(fig, "Jean Dupont", "en_GB")
    assert "Cerfa 12948*06" in text and "€1,202.58" in text and "no 40 €" in text

    pro = customer(services, pro=True, name="Trader")
    big = invoice(services, pro, "CF-2", 9000_00, date(2026, 1, 15))
    fig = services.receivables.court_figures([big.id], date(2026, 2, 14))
    assert fig.procedures == (Procedure.INJONCTION_TC,)
    assert fig.procedures[0].form == "Cerfa 12946"
    assert fig.claim.indemnities == Money(40_00)
    assert any("No formal notice" in n for n in fig.notes)
