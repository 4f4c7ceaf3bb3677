"""Late-payment law, checked against cases worked by hand.

Rate table used (shipped values, LEGAL-FR.md B.3), in basis points (1 % = 100 bp):

    half-year   legal "other cases"   ECB on 1 Jan/1 Jul   ECB + 10   3 x legal
    2025 H1     3.71 %                3.15 %               13.15 %    11.13 %
    2025 H2     2.76 %                2.15 %               12.15 %     8.28 %
    2026 H1     2.62 %                2.15 %               12.15 %     7.86 %

Formula for each stretch: base x rate x days / 365 (366 for a day in a leap year), rounded
half up to the cent per stretch; the total is the sum of the stretches.
"""

from __future__ import annotations

from datetime import date

import pytest

from disputedesk.domain.claims import PenaltyBasis
from disputedesk.domain.late_payment import (
    LateTerms,
    compute_claim,
    compute_invoice,
    limitation_date,
    majoration_from,
    prorata_minor,
)
from disputedesk.domain.money import Money
from disputedesk.domain.rates import RateEntry, RateSeries, RateTable, shipped_rates
from disputedesk.domain.records import Invoice, Payment

PRO = LateTerms(debtor_is_professional=True)


def invoice(amount_minor, due, payments=(), issue=None, iid=1):
    return Invoice(
        id=iid,
        customer_id=1,
        dispute_id=None,
        number=f"F-{iid}",
        issue_date=issue or date(due.year - 1, 12, 1),
        due_date=due,
        amount=Money(amount_minor, "EUR"),
        description="",
        payments=tuple(
            Payment(id=n, invoice_id=iid, paid_on=d, amount=Money(m, "EUR"), method="", note="")
            for n, (d, m) in enumerate(payments)
        ),
        attachment_id=None,
    )


RATES = shipped_rates()


def test_legal_fr_worked_example_professional():
    # 1 000 € due 15/01/2026, paid 14/02/2026: 30 days late (16/01 .. 14/02 inclusive).
    # 2026 H1: ECB 2.15 % + 10 = 12.15 % (above the floor 3 x 2.62 = 7.86 %).
    # 1 000 x 12.15 % x 30 / 365 = 9.98630... -> 9.99 €; plus 40 € (D441-5).
    inv = invoice(1000_00, date(2026, 1, 15), [(date(2026, 2, 14), 1000_00)])
    c = compute_invoice(inv, date(2026, 3, 1), PRO, RATES)
    assert c.basis is PenaltyBasis.ECB_PLUS_10
    assert c.days_late == 30
    assert [(p.start, p.end, p.rate_bp, p.days) for p in c.periods] == [
        (date(2026, 1, 16), date(2026, 2, 14), 1215, 30)
    ]
    assert c.penalty == Money(9_99)
    assert c.recovery_indemnity == Money(40_00)
    assert c.outstanding == Money(0)
    assert c.interest_from == date(2026, 1, 16)


def test_legal_fr_worked_example_consumer():
    # Same debt owed by a consumer: legal interest "other cases" 2.62 % from the formal notice
    # received 15/01/2026, paid 14/02/2026: 30 days. 1 000 x 2.62 % x 30 / 365 = 2.1534 ->
    # 2.15 €. No 40 € indemnity for a consumer.
    inv = invoice(1000_00, date(2026, 1, 5), [(date(2026, 2, 14), 1000_00)])
    terms = LateTerms(debtor_is_professional=False, notice_received_on=date(2026, 1, 15))
    c = compute_invoice(inv, date(2026, 3, 1), terms, RATES)
    assert c.basis is PenaltyBasis.LEGAL_RATE
    assert [(p.start, p.end, p.rate_bp) for p in c.periods] == [
        (date(2026, 1, 16), date(2026, 2, 14), 262)
    ]
    assert c.penalty == Money(2_15)
    assert c.recovery_indemnity is None


def test_consumer_without_formal_notice_owes_no_interest_and_no_fee():
    inv = invoice(1000_00, date(2026, 1, 5))
    c = compute_invoice(inv, date(2026, 6, 30), LateTerms(debtor_is_professional=False), RATES)
    assert c.basis is PenaltyBasis.NONE
    assert c.periods == ()
    assert c.recovery_indemnity is None
    assert c.outstanding == Money(1000_00)
    assert c.days_late == 176


def test_rate_change_mid_period_splits_at_1_july():
    # 1 000 € due 15/06/2025, paid 15/07/2025.
    # 16/06 .. 30/06/2025 = 15 days at 13.15 %: 1 000 x 13.15 % x 15/365 = 5.4041 -> 5.40
    # 01/07 .. 15/07/2025 = 15 days at 12.15 %: 1 000 x 12.15 % x 15/365 = 4.9931 -> 4.99
    # total 10.39 € + 40 €.
    inv = invoice(1000_00, date(2025, 6, 15), [(date(2025, 7, 15), 1000_00)])
    c = compute_invoice(inv, date(2025, 8, 1), PRO, RATES)
    assert [(p.start, p.end, p.rate_bp, p.amount.minor) for p in c.periods] == [
        (date(2025, 6, 16), date(2025, 6, 30), 1315, 5_40),
        (date(2025, 7, 1), date(2025, 7, 15), 1215, 4_99),
    ]
    assert c.penalty == Money(10_39)
    claim = compute_claim([inv], date(2025, 8, 1), {}, RATES, debtor_is_professional=True)
    assert claim.total == Money(10_39 + 40_00)


def test_partial_payment_lowers_the_base_from_the_next_day():
    # 1 000 € due 15/01/2026; 400 € paid 25/01; 600 € paid 14/02.
    # 16/01 .. 25/01 = 10 days on 1 000 €: 1 000 x 12.15 % x 10/365 = 3.3288 -> 3.33
    # 26/01 .. 14/02 = 20 days on   600 €:   600 x 12.15 % x 20/365 = 3.9945 -> 3.99
    # total 7.32 €.
    inv = invoice(
        1000_00, date(2026, 1, 15), [(date(2026, 1, 25), 400_00), (date(2026, 2, 14), 600_00)]
    )
    c = compute_invoice(inv, date(2026, 3, 1), PRO, RATES)
    assert [(p.days, p.base.minor, p.amount.minor) for p in c.periods] == [
        (10, 1000_00, 3_33),
        (20, 600_00, 3_99),
    ]
    assert c.penalty == Money(7_32)
    assert c.recovery_indemnity == Money(40_00)  # once per invoice, not per payment


def test_leap_year_counts_366_days():
    # Hypothetical 2027 H2 / 2028 H1 rates (not published: written here for the test):
    # legal other 3.00 %, ECB 2.00 % -> 12.00 %. 1 000 € due 15/12/2027, unpaid on 15/03/2028.
    # 16/12 .. 31/12/2027 = 16 days / 365: 1 000 x 12 % x 16/365 = 5.2603 -> 5.26
    # 01/01 .. 15/03/2028 = 31 + 29 + 15 = 75 days / 366: 1 000 x 12 % x 75/366 = 24.5902
    # -> 24.59. Total 29.85 € (with /365 throughout it would be 29.92 €).
    table = RateTable(
        [
            RateEntry(s, d, bp, "test")
            for d in (date(2027, 7, 1), date(2028, 1, 1))
            for s, bp in ((RateSeries.LEGAL_OTHER, 300), (RateSeries.ECB_REFERENCE, 200))
        ]
    )
    inv = invoice(1000_00, date(2027, 12, 15))
    c = compute_invoice(inv, date(2028, 3, 15), PRO, table)
    assert [(p.days, p.year_days, p.amount.minor) for p in c.periods] == [
        (16, 365, 5_26),
        (75, 366, 24_59),
    ]
    assert c.penalty == Money(29_85)
    # A whole leap year late costs exactly the annual rate: 1 000 x 12 % = 120.00 €.
    inv = invoice(1000_00, date(2027, 12, 31))
    full = RateTable(
        [
            RateEntry(s, d, bp, "test")
            for d in (date(2028, 1, 1), date(2028, 7, 1))
            for s, bp in ((RateSeries.LEGAL_OTHER, 300), (RateSeries.ECB_REFERENCE, 200))
        ]
    )
    c = compute_invoice(inv, date(2028, 12, 31), PRO, full)
    # 182 days (H1) and 184 days (H2), both / 366:
    # 1 000 x 12 % x 182/366 = 59.6721 -> 59.67; 1 000 x 12 % x 184/366 = 60.3279 -> 60.33.
    assert [p.amount.minor for p in c.periods] == [59_67, 60_33]
    assert c.penalty == Money(120_00)


def test_contract_rate_below_the_floor_is_raised_to_three_times_the_legal_rate():
    # Contract says 5 %; 2026 H1 floor = 3 x 2.62 % = 7.86 % (L441-10 II).
    # 1 000 x 7.86 % x 30/365 = 6.4603 -> 6.46 €.
    inv = invoice(1000_00, date(2026, 1, 15), [(date(2026, 2, 14), 1000_00)])
    terms = LateTerms(debtor_is_professional=True, contract_rate_bp=500)
    c = compute_invoice(inv, date(2026, 3, 1), terms, RATES)
    assert c.basis is PenaltyBasis.CONTRACT
    assert [(p.rate_bp, p.floor_applied) for p in c.periods] == [(786, True)]
    assert c.penalty == Money(6_46)
    # A contract rate above the floor is used as it is: 15 % -> 1 000 x 15 % x 30/365 =
    # 12.3288 -> 12.33 €.
    c = compute_invoice(inv, date(2026, 3, 1), LateTerms(True, contract_rate_bp=1500), RATES)
    assert [(p.rate_bp, p.floor_applied) for p in c.periods] == [(1500, False)]
    assert c.penalty == Money(12_33)


def test_consumer_paid_after_the_formal_notice_across_years_with_a_partial_payment():
    # 500 € due 30/11/2025; notice received 20/12/2025; 200 € paid 10/01/2026; 300 € 01/03/2026.
    # 21/12 .. 31/12/2025 = 11 days on 500 € at 2.76 %: 500 x 2.76 % x 11/365 = 0.4159 -> 0.42
    # 01/01 .. 10/01/2026 = 10 days on 500 € at 2.62 %: 500 x 2.62 % x 10/365 = 0.3589 -> 0.36
    # 11/01 .. 01/03/2026 = 21 + 28 + 1 = 50 days on 300 € at 2.62 %: 1.0767 -> 1.08
    # total 1.86 €, no indemnity, nothing outstanding.
    inv = invoice(
        500_00, date(2025, 11, 30), [(date(2026, 1, 10), 200_00), (date(2026, 3, 1), 300_00)]
    )
    terms = LateTerms(debtor_is_professional=False, notice_received_on=date(2025, 12, 20))
    c = compute_invoice(inv, date(2026, 6, 1), terms, RATES)
    assert [(p.start, p.days, p.rate_bp, p.base.minor, p.amount.minor) for p in c.periods] == [
        (date(2025, 12, 21), 11, 276, 500_00, 42),
        (date(2026, 1, 1), 10, 262, 500_00, 36),
        (date(2026, 1, 11), 50, 262, 300_00, 1_08),
    ]
    assert c.penalty == Money(1_86)
    assert c.outstanding == Money(0)
    assert c.recovery_indemnity is None


def test_consumer_paid_before_the_formal_notice_owes_nothing_more():
    inv = invoice(500_00, date(2025, 11, 30), [(date(2025, 12, 10), 500_00)])
    terms = LateTerms(debtor_is_professional=False, notice_received_on=date(2025, 12, 20))
    c = compute_invoice(inv, date(2026, 1, 31), terms, RATES)
    assert c.periods == () and c.basis is PenaltyBasis.NONE and c.interest_from is None


def test_majoration_five_points_two_months_after_an_enforceable_judgment():
    # Judgment enforceable 10/01/2026 -> +5 points from 11/03/2026 (CMF L313-3).
    # 1 000 € due 01/12/2025, notice received 31/12/2025, unpaid on 20/03/2026.
    # 01/01 .. 10/03/2026 = 31 + 28 + 10 = 69 days at 2.62 %: 4.9529 -> 4.95
    # 11/03 .. 20/03/2026 = 10 days at 7.62 %: 1 000 x 7.62 % x 10/365 = 2.0877 -> 2.09
    assert majoration_from(date(2026, 1, 10)) == date(2026, 3, 11)
    inv = invoice(1000_00, date(2025, 12, 1))
    terms = LateTerms(
        debtor_is_professional=False,
        notice_received_on=date(2025, 12, 31),
        judgment_enforceable_on=date(2026, 1, 10),
    )
    c = compute_invoice(inv, date(2026, 3, 20), terms, RATES)
    assert [(p.days, p.rate_bp, p.majorated, p.amount.minor) for p in c.periods] == [
        (69, 262, False, 4_95),
        (10, 762, True, 2_09),
    ]
    assert c.penalty == Money(7_04)


def test_missing_half_year_rate_is_reported_and_not_invented():
    # 2026 H2 is not in the shipped table: days from 01/07/2026 are not priced, and said so.
    inv = invoice(1000_00, date(2026, 6, 15))
    c = compute_invoice(inv, date(2026, 7, 10), PRO, RATES)
    assert [(p.start, p.end) for p in c.periods] == [(date(2026, 6, 16), date(2026, 6, 30))]
    assert c.missing_rates == (date(2026, 7, 1),)
    claim = compute_claim([inv], date(2026, 7, 10), {}, RATES, debtor_is_professional=True)
    assert not claim.complete and claim.missing_rates == (date(2026, 7, 1),)


def test_not_yet_due_and_paid_on_the_due_date_cost_nothing():
    inv = invoice(1000_00, date(2026, 3, 31), [(date(2026, 3, 31), 1000_00)])
    c = compute_invoice(inv, date(2026, 5, 1), PRO, RATES)
    assert c.periods == () and c.recovery_indemnity is None and c.days_late == 0
    c = compute_invoice(invoice(1000_00, date(2026, 3, 31)), date(2026, 3, 31), PRO, RATES)
    assert c.periods == () and c.recovery_indemnity is None


def test_one_day_late_is_enough_for_the_indemnity():
    # 1 000 x 12.15 % x 1/365 = 0.3329 -> 0.33 €, and the whole 40 € (from the first day).
    c = compute_invoice(invoice(1000_00, date(2026, 3, 31)), date(2026, 4, 1), PRO, RATES)
    assert c.penalty == Money(33) and c.recovery_indemnity == Money(40_00)


def test_payments_after_as_of_are_ignored():
    inv = invoice(1000_00, date(2026, 1, 15), [(date(2026, 2, 14), 1000_00)])
    c = compute_invoice(inv, date(2026, 1, 25), PRO, RATES)
    assert c.outstanding == Money(1000_00) and c.days_late == 10


def test_rounding_is_half_up_per_stretch():
    # 0.5 of a cent goes up: 365 cents x 1 % (100 bp) x 50 days / 365 = 0.5 cent -> 1 cent.
    assert prorata_minor(365, 100, 50, 365) == 1
    assert prorata_minor(365, 100, 49, 365) == 0  # 0.49 cent -> 0


@pytest.mark.parametrize(
    ("due", "pro", "expected"),
    [
        (date(2026, 3, 31), False, date(2028, 3, 31)),  # L218-2: 2 years
        (date(2026, 3, 31), True, date(2031, 3, 31)),  # L110-4: 5 years
        (date(2028, 2, 29), False, date(2030, 2, 28)),
    ],
)
def test_limitation_dates(due, pro, expected):
    assert limitation_date(due, pro) == expected
