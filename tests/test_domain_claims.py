"""The principal-only claim: outstanding amounts, days late, no penalty invented."""

from datetime import date

import pytest

from disputedesk.domain.claims import PenaltyPeriod, principal_only
from disputedesk.domain.money import Money
from disputedesk.domain.records import Invoice, Payment


def _invoice(iid, amount, paid=(), due=date(2026, 9, 30)):
    return Invoice(
        id=iid,
        customer_id=1,
        dispute_id=None,
        number=f"F-{iid}",
        issue_date=date(2026, 9, 1),
        due_date=due,
        amount=Money(amount, "EUR"),
        description="",
        payments=tuple(
            Payment(
                id=n,
                invoice_id=iid,
                paid_on=date(2026, 10, 1),
                amount=Money(p, "EUR"),
                method="transfer",
                note="",
            )
            for n, p in enumerate(paid)
        ),
        attachment_id=None,
    )


def test_principal_only_sums_outstanding_and_claims_nothing_else():
    claim = principal_only(
        [_invoice(1, 120_00, paid=(2000, 1)), _invoice(2, 50_50)],
        date(2026, 10, 30),
        debtor_is_professional=True,
    )
    assert claim.principal == Money(99_99 + 50_50, "EUR")
    assert claim.penalties == Money.zero("EUR")
    assert claim.indemnities == Money.zero("EUR")
    assert claim.total == claim.principal
    assert [c.days_late for c in claim.invoices] == [30, 30]


def test_not_yet_due_is_zero_days_late_and_empty_is_refused():
    claim = principal_only(
        [_invoice(1, 10_00, due=date(2026, 12, 1))], date(2026, 11, 1), debtor_is_professional=False
    )
    assert claim.invoices[0].days_late == 0
    with pytest.raises(ValueError):
        principal_only([], date(2026, 11, 1), debtor_is_professional=False)


def test_period_days_are_inclusive():
    p = PenaltyPeriod(date(2026, 1, 1), date(2026, 1, 31), 1215, Money(1_00, "EUR"))
    assert p.days == 31
