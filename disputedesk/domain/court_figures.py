"""What the owner needs to go to court for unpaid invoices (pure Python): which procedure and
form, the figures as of a date, the limits that apply, and the exhibits to attach.

LEGAL-FR.md B.6 and B.7:
- injonction de payer (CPC 1405 ff.) for a certain, liquid and due debt: Cerfa 12948*06 at the
  tribunal judiciaire (shop against a consumer), Cerfa 12946 at the tribunal de commerce
  (between traders); no prior amicable attempt required (Cass. avis 25 Sept 2025,
  n° 25-70.013); over 10,000 € before the tribunal judiciaire, the request is drafted by a
  lawyer;
- simplified small-claims procedure (CPCE L125-1, R125-1) up to 5,000 € (principal and
  interest), through a commissaire de justice; fees borne by the creditor;
- the claim is time-barred 2 years (consumer, C. conso L218-2) or 5 years (C. com. L110-4)
  after the due date; a formal notice does not interrupt it, a court claim does (C. civ. 2241).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from disputedesk.domain.claims import PaymentClaim
from disputedesk.domain.late_payment import limitation_date
from disputedesk.domain.money import Money
from disputedesk.i18n import N_, _

SMALL_CLAIMS_MAX_MINOR = 5_000_00  # CPCE L125-1: principal and interest up to 5,000 €
LAWYER_ABOVE_MINOR = 10_000_00  # TJ injonction de payer over 10,000 €: lawyer drafts


class Procedure(StrEnum):
    INJONCTION_TJ = "injonction_tj"
    INJONCTION_TC = "injonction_tc"
    SMALL_CLAIMS = "small_claims"

    @property
    def label(self) -> str:
        return _(_PROCEDURE_LABELS[self])

    @property
    def form(self) -> str:
        return _FORMS[self]


_PROCEDURE_LABELS = {
    Procedure.INJONCTION_TJ: N_("Injonction de payer at the tribunal judiciaire"),
    Procedure.INJONCTION_TC: N_("Injonction de payer at the tribunal de commerce"),
    Procedure.SMALL_CLAIMS: N_("Simplified small-claims procedure (commissaire de justice)"),
}
_FORMS = {
    Procedure.INJONCTION_TJ: "Cerfa 12948*06",
    Procedure.INJONCTION_TC: "Cerfa 12946",
    Procedure.SMALL_CLAIMS: "",
}


@dataclass(frozen=True)
class Exhibit:
    label: str  # translated description ("Invoice F-1 of 01/09/2026")
    document_id: int | None = None
    attachment_id: int | None = None


@dataclass(frozen=True)
class CourtFigures:
    as_of: date
    claim: PaymentClaim
    procedures: tuple[Procedure, ...]  # possible, best first
    notes: tuple[str, ...]  # translated warnings and reminders
    exhibits: tuple[Exhibit, ...]
    limitation: date  # earliest limitation date among the invoices

    @property
    def principal_and_interest(self) -> Money:
        return self.claim.principal + self.claim.penalties


def court_figures(
    claim: PaymentClaim,
    *,
    notice_received_on: date | None,
    exhibits: tuple[Exhibit, ...] = (),
) -> CourtFigures:
    pro = claim.debtor_is_professional
    procedures: list[Procedure] = [Procedure.INJONCTION_TC if pro else Procedure.INJONCTION_TJ]
    principal_interest = claim.principal + claim.penalties
    notes: list[str] = []
    if claim.currency == "EUR" and principal_interest.minor <= SMALL_CLAIMS_MAX_MINOR:
        procedures.append(Procedure.SMALL_CLAIMS)
        notes.append(
            _(
                "Up to 5,000 € (principal and interest), a commissaire de justice can invite the "
                "debtor to agree to pay (CPCE L125-1); the fees are yours."
            )
        )
    if not pro and claim.currency == "EUR" and claim.total.minor > LAWYER_ABOVE_MINOR:
        notes.append(
            _("Over 10,000 €, a request to the tribunal judiciaire must be drafted by a lawyer.")
        )
    if notice_received_on is None:
        notes.append(
            _(
                "No formal notice received on record: send one by registered letter first "
                "(it makes legal interest run and shows your good faith)."
            )
        )
    if not pro:
        notes.append(
            _(
                "A consumer owes no recovery fee and no 40 € indemnity (CPCE L111-8); claim "
                "the principal and the legal interest only."
            )
        )
    if not claim.complete:
        notes.append(_("Some late-payment days are not counted: a rate is missing (Rates…)."))
    limit = min(limitation_date(c.due_date, pro) for c in claim.invoices)
    notes.append(
        _(
            "Time limit: the claim is time-barred on {date} unless you bring it to court "
            "before (a formal notice does not stop the clock)."
        ).format(date=limit.strftime("%d/%m/%Y"))
    )
    return CourtFigures(
        as_of=claim.as_of,
        claim=claim,
        procedures=tuple(procedures),
        notes=tuple(notes),
        exhibits=exhibits,
        limitation=limit,
    )


def figures_text(figures: CourtFigures, customer: str, locale: str = "fr_FR") -> str:
    """The figures as plain text, to copy into the form or hand to a lawyer."""
    from disputedesk.domain.rates import format_rate

    lang = locale[:2]

    def d(day: date) -> str:
        return day.strftime("%d/%m/%Y")

    claim = figures.claim
    lines = [
        _("Claim against {customer} as of {date}").format(customer=customer, date=d(claim.as_of)),
        "",
        _("Possible procedures:"),
    ]
    for p in figures.procedures:
        lines.append(f"  - {p.label}" + (f" ({p.form})" if p.form else ""))
    lines += ["", _("Invoices:")]
    for c in claim.invoices:
        lines.append(
            "  "
            + _(
                "{number} of {issued}, due {due}: {amount}, paid {paid}, still due {due_amount}"
            ).format(
                number=c.number,
                issued=d(c.issue_date),
                due=d(c.due_date),
                amount=c.amount.format(locale),
                paid=c.paid.format(locale),
                due_amount=c.outstanding.format(locale),
            )
        )
        for p in c.periods:
            lines.append(
                "    "
                + _("{start} – {end}: {days} days at {rate} on {base} = {amount}").format(
                    start=d(p.start),
                    end=d(p.end),
                    days=p.days,
                    rate=format_rate(p.rate_bp, lang),
                    base=p.base.format(locale) if p.base else "",
                    amount=p.amount.format(locale),
                )
            )
    lines += [
        "",
        _("Principal: {amount}").format(amount=claim.principal.format(locale)),
        _("Late-payment penalties or interest: {amount}").format(
            amount=claim.penalties.format(locale)
        ),
    ]
    if claim.debtor_is_professional:
        lines.append(
            _("Fixed recovery indemnities (C. com. D441-5): {amount}").format(
                amount=claim.indemnities.format(locale)
            )
        )
    lines.append(_("Total: {amount}").format(amount=claim.total.format(locale)))
    if figures.exhibits:
        lines += ["", _("Exhibits to attach:")]
        lines += [f"  {n}. {e.label}" for n, e in enumerate(figures.exhibits, start=1)]
    lines += ["", *figures.notes]
    return "\n".join(lines)
