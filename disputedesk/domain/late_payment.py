"""Late-payment amounts under French law, computed to the cent (pure Python).

Professional debtor (Code de commerce L441-10 II and D441-5):
  penalties run from the day after the due date, without any reminder, on the unpaid amount
  including VAT, at the contract rate or, failing one, the ECB reference rate + 10 points
  (rate in force on 1 January for the first half-year, on 1 July for the second); never less
  than 3 x the legal interest rate. Plus a fixed recovery indemnity of 40 € per late invoice.

Consumer debtor (Code civil 1231-6 and 1344-1):
  legal interest only from the formal notice (mise en demeure), at the legal interest rate of
  each half-year; the rate +5 points two months after a judgment became enforceable
  (Code monétaire et financier L313-3). No recovery indemnity or fee, ever (D441-5 applies
  between professionals only; Code des procédures civiles d'exécution L111-8).

Stated conventions (tested in tests/test_late_payment.py):
- Days counted: from the first running day to the payment day inclusive (a payment on day P
  stops the run at the end of P: 30 days late = due date + 30). Unpaid: up to `as_of`.
- A partial payment lowers the base from the day after it is made. Payments after `as_of`
  are ignored (a claim is "as of" a date).
- Day count actual/actual by calendar year: each day accrues rate / 365, or rate / 366 for a
  day of a leap year, so a whole year late costs exactly the annual rate. The rate in force
  changes on 1 January and 1 July, so every stretch lies inside one year.
- Each stretch (one base, one rate, one year) is rounded half up to the cent on its own; the
  total is the sum of the printed stretches, so the letter always adds up.
- The legal rate used is the one "for all other cases": the creditor is the shop, a
  professional (CMF L313-2: the higher rate is for creditors who are individuals not acting
  for professional needs; LEGAL-FR.md B.3 worked example).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from disputedesk.domain.claims import InvoiceClaim, PaymentClaim, PenaltyBasis, PenaltyPeriod
from disputedesk.domain.money import Money
from disputedesk.domain.rates import RateSeries, RateTable, half_year_start, next_half_year
from disputedesk.domain.records import Invoice

ECB_MARGIN_BP = 1_000  # + 10 points (L441-10 II)
FLOOR_MULTIPLIER = 3  # not less than 3 x the legal interest rate (L441-10 II)
MAJORATION_BP = 500  # + 5 points (CMF L313-3)
RECOVERY_INDEMNITY_MINOR = 40_00  # 40 € (D441-5)
LIMITATION_CONSUMER_YEARS = 2  # Code de la consommation L218-2
LIMITATION_TRADE_YEARS = 5  # Code de commerce L110-4 (Code civil 2224 likewise)


@dataclass(frozen=True)
class LateTerms:
    """What the law needs to know about one debt besides the invoice itself."""

    debtor_is_professional: bool
    contract_rate_bp: int | None = None  # penalty rate in the terms of sale (pro only)
    notice_received_on: date | None = None  # formal notice received (consumer interest)
    judgment_enforceable_on: date | None = None  # court decision enforceable from


def year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def prorata_minor(base_minor: int, rate_bp: int, days: int, divisor: int) -> int:
    """base x rate x days / divisor, rounded half up to the minor unit (integers only)."""
    num = base_minor * rate_bp * days
    den = 10_000 * divisor
    return (2 * num + den) // (2 * den)


def majoration_from(judgment_enforceable_on: date) -> date:
    """First day at the majorated rate: the day after two months from enforceability."""
    return add_months(judgment_enforceable_on, 2) + timedelta(days=1)


def limitation_date(due_date: date, debtor_is_professional: bool) -> date:
    """Last day to bring the claim to court.

    A claim with a term is time-barred only from its due date (Code civil 2233); 2 years for a
    professional's claim against a consumer (Code de la consommation L218-2), 5 years between
    traders (Code de commerce L110-4). A formal notice does not interrupt it (Cass. com.
    18 May 2022, n° 20-23.204); an acknowledgement or a court claim does (C. civ. 2240, 2241).
    """
    years = LIMITATION_TRADE_YEARS if debtor_is_professional else LIMITATION_CONSUMER_YEARS
    return add_years(due_date, years)


def _paid_by(invoice: Invoice, as_of: date) -> list[tuple[date, int]]:
    return [(p.paid_on, p.amount.minor) for p in invoice.payments if p.paid_on <= as_of]


def _cut_points(
    start: date, end: date, payments: list[tuple[date, int]], extra: date | None = None
) -> list[date]:
    """First days of each stretch in [start, end]: half-year starts, days after payments and
    the first majorated day."""
    cuts = {start}
    if extra is not None and start < extra <= end:
        cuts.add(extra)
    h = next_half_year(half_year_start(start))
    while h <= end:
        cuts.add(h)
        h = next_half_year(h)
    for paid_on, _minor in payments:
        nxt = paid_on + timedelta(days=1)
        if start < nxt <= end:
            cuts.add(nxt)
    return sorted(cuts)


def compute_invoice(
    invoice: Invoice, as_of: date, terms: LateTerms, rates: RateTable
) -> InvoiceClaim:
    currency = invoice.amount.currency
    payments = _paid_by(invoice, as_of)
    paid_minor = sum(m for _d, m in payments)
    outstanding = invoice.amount.minor - paid_minor
    # When the balance reached zero, the run stops at the end of that payment's day.
    settled_on: date | None = None
    if outstanding <= 0 and payments:
        settled_on = max(d for d, _m in payments)
    end = settled_on if settled_on is not None else as_of
    days_late = max(0, (end - invoice.due_date).days)

    if terms.debtor_is_professional:
        # L441-10 II: penalties due from the day after the payment date, no reminder needed.
        start = invoice.due_date + timedelta(days=1)
        basis = (
            PenaltyBasis.CONTRACT
            if terms.contract_rate_bp is not None
            else PenaltyBasis.ECB_PLUS_10
        )
    elif terms.notice_received_on is not None:
        # C. civ. 1344-1 and 1231-6: interest runs from the formal notice, never on a sum not
        # yet due.
        start = max(terms.notice_received_on, invoice.due_date) + timedelta(days=1)
        basis = PenaltyBasis.LEGAL_RATE
    else:
        start, basis = None, PenaltyBasis.NONE

    periods: list[PenaltyPeriod] = []
    missing: set[date] = set()
    late = False
    if start is not None and start <= end:
        majorated_from = None
        if basis is PenaltyBasis.LEGAL_RATE and terms.judgment_enforceable_on is not None:
            majorated_from = majoration_from(terms.judgment_enforceable_on)
        cuts = _cut_points(start, end, payments, majorated_from)
        for i, first in enumerate(cuts):
            last = cuts[i + 1] - timedelta(days=1) if i + 1 < len(cuts) else end
            base = invoice.amount.minor - sum(m for d, m in payments if d < first)
            if base <= 0:
                continue
            late = True
            rate = _rate_for(first, terms, basis, rates)
            if rate is None:
                missing.add(half_year_start(first))
                continue
            rate_bp, floored, majorated = rate
            days = (last - first).days + 1
            divisor = year_days(first.year)
            periods.append(
                PenaltyPeriod(
                    start=first,
                    end=last,
                    rate_bp=rate_bp,
                    amount=Money(prorata_minor(base, rate_bp, days, divisor), currency),
                    base=Money(base, currency),
                    year_days=divisor,
                    floor_applied=floored,
                    majorated=majorated,
                )
            )

    indemnity = None
    if terms.debtor_is_professional and late and currency == "EUR":
        # D441-5: 40 € once per invoice paid late, from the first day of delay; never for a
        # consumer (L111-8 CPCE).
        indemnity = Money(RECOVERY_INDEMNITY_MINOR, "EUR")

    return InvoiceClaim(
        invoice_id=invoice.id,
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        amount=invoice.amount,
        paid=Money(paid_minor, currency),
        outstanding=Money(max(0, outstanding), currency),
        days_late=days_late,
        basis=basis if late else PenaltyBasis.NONE,
        periods=tuple(periods),
        recovery_indemnity=indemnity,
        interest_from=start if late else None,
        contract_rate_bp=terms.contract_rate_bp if terms.debtor_is_professional else None,
        missing_rates=tuple(sorted(missing)),
    )


def _rate_for(
    day: date, terms: LateTerms, basis: PenaltyBasis, rates: RateTable
) -> tuple[int, bool, bool] | None:
    """(annual rate in bp, floor applied, majorated) for the half-year of `day`."""
    legal = rates.get(RateSeries.LEGAL_OTHER, day)
    if legal is None:
        return None
    if basis is PenaltyBasis.LEGAL_RATE:
        rate = legal.rate_bp
        majorated = terms.judgment_enforceable_on is not None and day >= majoration_from(
            terms.judgment_enforceable_on
        )
        if majorated:
            rate += MAJORATION_BP  # CMF L313-3
        return rate, False, majorated
    if basis is PenaltyBasis.CONTRACT:
        rate = terms.contract_rate_bp or 0
    else:
        ecb = rates.get(RateSeries.ECB_REFERENCE, day)
        if ecb is None:
            return None
        rate = ecb.rate_bp + ECB_MARGIN_BP  # L441-10 II: ECB rate + 10 points
    floor = FLOOR_MULTIPLIER * legal.rate_bp  # L441-10 II: never below 3 x the legal rate
    if rate < floor:
        return floor, True, False
    return rate, False, False


def compute_claim(
    invoices: list[Invoice],
    as_of: date,
    terms: dict[int, LateTerms],
    rates: RateTable,
    *,
    debtor_is_professional: bool,
) -> PaymentClaim:
    """One claim for several invoices of one debtor (same currency)."""
    if not invoices:
        raise ValueError("a claim needs at least one invoice")
    currency = invoices[0].amount.currency
    if any(i.amount.currency != currency for i in invoices):
        raise ValueError("a claim is in one currency")
    default = LateTerms(debtor_is_professional=debtor_is_professional)
    claims = tuple(
        compute_invoice(inv, as_of, terms.get(inv.id, default), rates) for inv in invoices
    )
    return PaymentClaim(
        as_of=as_of,
        currency=currency,
        debtor_is_professional=debtor_is_professional,
        invoices=claims,
    )
