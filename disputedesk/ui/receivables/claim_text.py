"""The late-payment claim of one invoice as text with its legal basis (detail panel)."""

from __future__ import annotations

from html import escape

from disputedesk.domain.claims import PaymentClaim, PenaltyBasis
from disputedesk.domain.rates import format_rate, half_year_label
from disputedesk.i18n import _, current_language
from disputedesk.ui.disputes.formats import money, short_date


def basis_text(basis: PenaltyBasis) -> str:
    return {
        PenaltyBasis.NONE: _("No late-payment interest"),
        PenaltyBasis.CONTRACT: _(
            "Late penalties at the rate of your terms of sale (C. com. L441-10)"
        ),
        PenaltyBasis.ECB_PLUS_10: _("Late penalties at the ECB rate + 10 points (C. com. L441-10)"),
        PenaltyBasis.LEGAL_RATE: _(
            "Legal interest from the formal notice (C. civ. 1231-6 and 1344-1)"
        ),
    }[basis]


def claim_html(claim: PaymentClaim) -> str:
    """Rich text (every value escaped) for a QLabel."""
    lang = current_language()
    out = []
    for c in claim.invoices:
        out.append(f"<b>{escape(_('Invoice {number}').format(number=c.number))}</b><br>")
        out.append(escape(_("Principal still due: {amount}").format(amount=money(c.outstanding))))
        out.append("<br>" + escape(basis_text(c.basis)))
        if not claim.debtor_is_professional and c.basis is PenaltyBasis.NONE:
            out.append(
                "<br><i>"
                + escape(_("Interest starts when a formal notice is received (receipt date)."))
                + "</i>"
            )
        if c.periods:
            out.append("<ul>")
            for p in c.periods:
                text = _(
                    "{start} – {end}: {days} days × {rate} on {base} ÷ {year_days} = {amount}"
                ).format(
                    start=short_date(p.start),
                    end=short_date(p.end),
                    days=p.days,
                    rate=format_rate(p.rate_bp, lang),
                    base=money(p.base) if p.base else "",
                    year_days=p.year_days,
                    amount=money(p.amount),
                )
                if p.floor_applied:
                    text += " " + _("(raised to 3 × the legal rate)")
                if p.majorated:
                    text += " " + _("(legal rate + 5 points after the judgment)")
                out.append(f"<li>{escape(text)}</li>")
            out.append("</ul>")
        if c.recovery_indemnity is not None:
            out.append(
                escape(
                    _("Fixed recovery indemnity (C. com. D441-5): {amount}").format(
                        amount=money(c.recovery_indemnity)
                    )
                )
                + "<br>"
            )
        if c.missing_rates:
            out.append(
                "<span style='color:#d32f2f'>"
                + escape(
                    _("No rate entered for {periods}: those days are not counted.").format(
                        periods=", ".join(half_year_label(d) for d in c.missing_rates)
                    )
                )
                + "</span><br>"
            )
    out.append(
        "<br><b>"
        + escape(
            _("Total due on {date}: {amount}").format(
                date=short_date(claim.as_of), amount=money(claim.total)
            )
        )
        + "</b>"
    )
    return "".join(out)
