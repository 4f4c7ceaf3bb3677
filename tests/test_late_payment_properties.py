"""Properties of the late-payment computation that must hold for any invoice and dates."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from disputedesk.domain.late_payment import LateTerms, compute_invoice, year_days
from disputedesk.domain.money import Money
from disputedesk.domain.rates import RateEntry, RateSeries, RateTable
from disputedesk.domain.records import Invoice, Payment

# A full synthetic table 2024-2030 with varying rates, so every day has a rate.
TABLE = RateTable(
    [
        RateEntry(series, date(y, m, 1), bp, "test")
        for y in range(2024, 2031)
        for m in (1, 7)
        for series, bp in (
            (RateSeries.LEGAL_OTHER, 150 + (y * 7 + m * 13) % 400),
            (RateSeries.ECB_REFERENCE, (y * 11 + m * 5) % 450),
        )
    ]
)

days = st.integers(min_value=0, max_value=4 * 365)
START = date(2025, 1, 1)


@st.composite
def scenario(draw):
    amount = draw(st.integers(min_value=1, max_value=10**9))
    due = START + timedelta(days=draw(days))
    n = draw(st.integers(min_value=0, max_value=4))
    remaining = amount
    payments = []
    for i in range(n):
        if remaining <= 0:
            break
        part = draw(st.integers(min_value=1, max_value=remaining))
        remaining -= part
        when = due + timedelta(days=draw(st.integers(min_value=-20, max_value=700)))
        payments.append(
            Payment(id=i, invoice_id=1, paid_on=when, amount=Money(part), method="", note="")
        )
    inv = Invoice(
        id=1,
        customer_id=1,
        dispute_id=None,
        number="F",
        issue_date=due - timedelta(days=30),
        due_date=due,
        amount=Money(amount),
        description="",
        payments=tuple(payments),
        attachment_id=None,
    )
    as_of = due + timedelta(days=draw(st.integers(min_value=-10, max_value=900)))
    pro = draw(st.booleans())
    contract = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=3000)))
    notice = draw(st.one_of(st.none(), st.integers(min_value=-40, max_value=400)))
    terms = LateTerms(
        debtor_is_professional=pro,
        contract_rate_bp=contract if pro else None,
        notice_received_on=None if notice is None else due + timedelta(days=notice),
    )
    return inv, as_of, terms


def _exact_daily(inv: Invoice, day: date, rate_bp: int) -> Fraction:
    base = inv.amount.minor - sum(p.amount.minor for p in inv.payments if p.paid_on < day)
    return Fraction(base * rate_bp, 10_000 * year_days(day.year))


@settings(max_examples=300, deadline=None)
@given(scenario())
def test_stretches_are_contiguous_rounded_and_sum_to_the_exact_amount(data):
    inv, as_of, terms = data
    c = compute_invoice(inv, as_of, terms, TABLE)
    total_exact = Fraction(0)
    previous_end = None
    for p in c.periods:
        assert p.start <= p.end <= as_of
        assert p.start > inv.due_date
        if previous_end is not None:
            assert p.start == previous_end + timedelta(days=1)  # no gap, no overlap
        previous_end = p.end
        exact = sum(
            _exact_daily(inv, p.start + timedelta(days=k), p.rate_bp) for k in range(p.days)
        )
        # each stretch is the exact amount rounded half up to the cent
        assert abs(Fraction(p.amount.minor) - exact) <= Fraction(1, 2)
        total_exact += exact
        assert p.start.year == p.end.year  # one divisor per stretch
        assert (p.start.month <= 6) == (p.end.month <= 6)  # one half-year per stretch
    assert abs(Fraction(c.penalty.minor) - total_exact) <= Fraction(len(c.periods), 2)
    assert c.penalty.minor == sum(p.amount.minor for p in c.periods)


@settings(max_examples=300, deadline=None)
@given(scenario())
def test_consumers_never_pay_a_fee_and_professionals_pay_at_least_the_floor(data):
    inv, as_of, terms = data
    c = compute_invoice(inv, as_of, terms, TABLE)
    if not terms.debtor_is_professional:
        assert c.recovery_indemnity is None
        if terms.notice_received_on is None:
            assert c.periods == ()
        for p in c.periods:
            assert p.start > terms.notice_received_on
    else:
        assert (c.recovery_indemnity is not None) == bool(c.periods)
        for p in c.periods:
            legal = TABLE.get(RateSeries.LEGAL_OTHER, p.start).rate_bp
            assert p.rate_bp >= 3 * legal


@settings(max_examples=200, deadline=None)
@given(scenario(), st.integers(min_value=1, max_value=200))
def test_waiting_longer_never_lowers_what_is_owed(data, extra):
    inv, as_of, terms = data
    before = compute_invoice(inv, as_of, terms, TABLE)
    after = compute_invoice(inv, as_of + timedelta(days=extra), terms, TABLE)
    # later payments may lower the outstanding principal, never the penalties accrued
    assert after.penalty >= before.penalty
    assert after.paid >= before.paid
