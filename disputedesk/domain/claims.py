"""What a payment demand claims: the meeting point of the dunning rules and the letters.

The unpaid-invoices area computes a `PaymentClaim` (principal, late-payment amounts with their
legal basis, recovery indemnity); the letter engine prints it in a reminder or a formal notice
(mise en demeure). Until late-payment amounts are known, `principal_only()` gives a claim for
the outstanding principal alone, which is never wrong, only incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from disputedesk.domain.money import Money
from disputedesk.domain.records import Invoice


class PenaltyBasis(StrEnum):
    NONE = "none"  # nothing claimed beyond the principal
    CONTRACT = "contract"  # rate stated in the terms of sale (Code de commerce L441-10)
    ECB_PLUS_10 = "ecb_plus_10"  # default between traders (L441-10): ECB rate + 10 points
    LEGAL_RATE = "legal_rate"  # consumer debtor: taux de l'intérêt légal (Code civil 1231-6)


@dataclass(frozen=True)
class PenaltyPeriod:
    """One stretch of days at one annual rate (rates change each half-year)."""

    start: date  # first day counted
    end: date  # last day counted (inclusive)
    rate_bp: int  # annual rate in basis points (1 % = 100 bp)
    amount: Money
    # Added by the receivables area (defaults keep older callers working):
    base: Money | None = None  # the unpaid amount the rate ran on during this stretch
    year_days: int = 365  # day-count divisor: 366 for a day of a leap year
    floor_applied: bool = False  # contract rate raised to 3 x the legal rate (L441-10 II)
    majorated: bool = False  # legal rate + 5 points after a judgment (CMF L313-3)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class InvoiceClaim:
    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    amount: Money  # invoice total including VAT
    paid: Money
    outstanding: Money
    days_late: int
    basis: PenaltyBasis = PenaltyBasis.NONE
    periods: tuple[PenaltyPeriod, ...] = ()
    # Fixed recovery indemnity (40 €, Code de commerce L441-10 and D441-5): professional
    # debtors only, never a consumer.
    recovery_indemnity: Money | None = None
    # First day penalties or interest run (day after the due date, or after the formal
    # notice was received for a consumer); None when nothing runs.
    interest_from: date | None = None
    contract_rate_bp: int | None = None
    # Half-years (their first day) whose rate is missing from the rate table: the days in
    # them are not claimed, and the app asks the owner to enter the rate.
    missing_rates: tuple[date, ...] = ()

    @property
    def penalty(self) -> Money:
        total = Money.zero(self.outstanding.currency)
        for period in self.periods:
            total = total + period.amount
        return total


@dataclass(frozen=True)
class PaymentClaim:
    as_of: date
    currency: str
    debtor_is_professional: bool
    invoices: tuple[InvoiceClaim, ...]

    @property
    def principal(self) -> Money:
        return _sum((c.outstanding for c in self.invoices), self.currency)

    @property
    def penalties(self) -> Money:
        return _sum((c.penalty for c in self.invoices), self.currency)

    @property
    def indemnities(self) -> Money:
        return _sum(
            (c.recovery_indemnity for c in self.invoices if c.recovery_indemnity is not None),
            self.currency,
        )

    @property
    def total(self) -> Money:
        return self.principal + self.penalties + self.indemnities

    @property
    def missing_rates(self) -> tuple[date, ...]:
        return tuple(sorted({d for c in self.invoices for d in c.missing_rates}))

    @property
    def complete(self) -> bool:
        """False when some late-payment days could not be priced for want of a rate."""
        return not self.missing_rates


def _sum(amounts, currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total


def principal_only(
    invoices: list[Invoice], as_of: date, *, debtor_is_professional: bool
) -> PaymentClaim:
    """A claim for the outstanding principal of each invoice, nothing more."""
    if not invoices:
        raise ValueError("a claim needs at least one invoice")
    currency = invoices[0].amount.currency
    claims = []
    for inv in invoices:
        paid = _sum((p.amount for p in inv.payments), inv.amount.currency)
        claims.append(
            InvoiceClaim(
                invoice_id=inv.id,
                number=inv.number,
                issue_date=inv.issue_date,
                due_date=inv.due_date,
                amount=inv.amount,
                paid=paid,
                outstanding=inv.amount - paid,
                days_late=max(0, (as_of - inv.due_date).days),
            )
        )
    return PaymentClaim(
        as_of=as_of,
        currency=currency,
        debtor_is_professional=debtor_is_professional,
        invoices=tuple(claims),
    )
