"""How a letter's words are put together, in the recipient's language: the address as La
Poste wants it, the values of the template placeholders, and the sentences the law requires
(consumer mediator, late-payment interest and penalties). Pure functions, no database."""

from __future__ import annotations

from datetime import date, datetime

from babel.core import Locale

from disputedesk.documents.letter_text import LetterWording
from disputedesk.domain.claims import PaymentClaim
from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.letters import (
    REMEDY_PHRASES,
    TO_COMPLETE,
    LetterInputs,
    LetterKind,
    fill,
)
from disputedesk.domain.records import BusinessProfile, Customer, Dispute, Invoice

ADDRESS_LINE_MAX = 38  # La Poste / NF Z10-011: at most 38 characters a line


def recipient_lines(customer: Customer, lang: str) -> tuple[str, ...]:
    """The address as La Poste wants it (NF Z10-011): name, complement, street,
    POSTCODE TOWN in capitals, country last (in capitals) when abroad."""
    w = LetterWording(lang)
    _ = w.gettext
    person = w.person(customer.title, customer.first_name, customer.last_name)
    lines: list[str] = []
    if customer.kind is CustomerKind.PROFESSIONAL and customer.company.strip():
        lines.append(customer.company.strip())
        if person.strip():
            lines.append(_("For the attention of {person}").format(person=person))
    else:
        lines.append(person or customer.company.strip())
    a = customer.address
    lines += [a.line2.strip(), a.line1.strip()]
    town = " ".join(x for x in (a.postcode.strip(), a.city.strip().upper()) if x)
    lines.append(town)
    country = (a.country or "FR").upper()
    if country != "FR":
        # Written in the language of the sending country, France (UPU practice).
        lines.append(Locale.parse("fr_FR").territories.get(country, country).upper())
    return tuple(x for x in lines if x)


def template_values(
    w: LetterWording,
    kind: LetterKind,
    business: BusinessProfile,
    customer: Customer,
    dispute: Dispute,
    today: date,
    deadline: date | None,
    invoices: list[Invoice],
    claim: PaymentClaim | None,
    consumer: bool,
    inputs: LetterInputs,
) -> dict[str, str]:
    _ = w.gettext
    received = local_date(dispute.received_at)
    remedy_parts = [
        _(REMEDY_PHRASES[r]).format(amount=w.money(dispute.amount)) for r in inputs.remedies
    ]
    if inputs.remedy_details.strip():
        remedy_parts.append(inputs.remedy_details.strip())
    remedy = _("; ").join(remedy_parts)
    invoice_text = _("; ").join(
        _("invoice no. {number} of {date} ({amount})").format(
            number=i.number, date=w.date(i.issue_date), amount=w.money(i.amount)
        )
        for i in invoices
    )
    return {
        "customer_name": w.person(customer.title, customer.first_name, customer.last_name)
        or customer.company,
        "shop_name": business.trade_name or business.legal_name,
        "dispute_reference": dispute.reference,
        "dispute_title": dispute_title(dispute),
        "received_date": w.date(received),
        "complaint": dispute.description,
        "customer_request": dispute.customer_request,
        "amount": w.money(dispute.amount),
        "deadline_date": w.date(deadline) if deadline else TO_COMPLETE,
        "deadline_days": str((deadline - today).days) if deadline else TO_COMPLETE,
        "invoices": invoice_text,
        "invoice_numbers": ", ".join(i.number for i in invoices),
        "principal": w.money(claim.principal) if claim else "",
        "total": w.money(claim.total) if claim else "",
        "late_payment": late_payment_sentence(w, kind, business, consumer, claim),
        "mediator": mediator_sentence(w, business, consumer),
        "remedy": remedy or TO_COMPLETE,
        "explanation": inputs.explanation.strip() or TO_COMPLETE,
        "today": w.date(today),
    }


def mediator_sentence(w: LetterWording, business: BusinessProfile, consumer: bool) -> str:
    # Code de la consommation L612-1, L616-1 and R616-1: the consumer may refer the
    # dispute to the mediator free of charge; name and website are given again once a
    # written complaint has failed. Between professionals there is no consumer mediation
    # (L611-3). The EU online dispute platform is closed (Reg. 2024/3228): never cited.
    m = business.mediator
    if not consumer or not m.is_set:
        return ""
    _ = w.gettext
    text = _(
        "If our answer does not satisfy you, you may refer the dispute, free of charge, to "
        "the consumer mediator we adhere to: {name}, {website}."
    ).format(name=m.name.strip(), website=m.website.strip())
    if m.address.strip():
        text += " " + _("Postal address: {address}.").format(address=" ".join(m.address.split()))
    return text


def late_payment_sentence(
    w: LetterWording,
    kind: LetterKind,
    business: BusinessProfile,
    consumer: bool,
    claim: PaymentClaim | None,
) -> str:
    if claim is None or kind is LetterKind.REMINDER_1:
        return ""
    _ = w.gettext
    if consumer:
        # Consumer debtor: interest at the legal rate runs from the formal notice (Code
        # civil 1344-1, 1231-6); no recovery fee may be charged (C. com. L441-10 and
        # D441-5 apply between professionals only; CPCE L111-8).
        if kind is LetterKind.NOTICE_TO_PAY:
            return _(
                "This formal notice makes interest at the legal rate run on the sums due "
                "(Articles 1344-1 and 1231-6 of the Civil Code)."
            )
        return _(
            "Please note that a formal notice would make interest at the legal rate run on "
            "the sums due (Article 1344-1 of the Civil Code)."
        )
    # Professional debtor (Code de commerce L441-10 II and D441-5): penalties are due
    # from the day after the due date without a reminder, plus 40 € per invoice.
    has_pen, has_ind = bool(claim.penalties.minor), bool(claim.indemnities.minor)
    if has_pen and has_ind:
        return _(
            "The amounts above include the late-payment penalties and the fixed recovery "
            "indemnity due by law (Code de commerce, Articles L441-10 and D441-5)."
        )
    if business.late_penalty_rate_bp is not None:
        rate = _("{rate} % a year, the rate stated in our terms of sale").format(
            rate=w.percent(business.late_penalty_rate_bp)
        )
    else:
        rate = _("the European Central Bank's refinancing rate plus 10 points")
    if has_ind:
        return _(
            "The amounts above include the fixed recovery indemnity of 40 € per invoice "
            "(Code de commerce, Article D441-5). Late-payment penalties at {rate} are also "
            "due from the day after the due date (Article L441-10)."
        ).format(rate=rate)
    if has_pen:
        return _(
            "The amounts above include the late-payment penalties due by law (Code de "
            "commerce, Article L441-10). A fixed recovery indemnity of 40 € per invoice is "
            "also due (Article D441-5)."
        )
    return _(
        "In addition, late-payment penalties at {rate} are due from the day after the due "
        "date, as well as a fixed recovery indemnity of 40 € per invoice (Code de "
        "commerce, Articles L441-10 and D441-5)."
    ).format(rate=rate)


def paragraph(template: str, values: dict[str, str]) -> str:
    if template.strip() == "{claim_table}":
        return template.strip()
    text = fill(template, values)
    if template.strip() == "{remedy}" and text and text != TO_COMPLETE:
        # A phrase made to follow "we propose:" standing alone: a sentence of its own.
        text = text[0].upper() + text[1:]
        if text[-1] not in ".!?…":
            text += "."
    return text


def local_date(at: datetime) -> date:
    return at.astimezone().date()


def dispute_title(dispute: Dispute) -> str:
    if dispute.title.strip():
        return dispute.title.strip()
    first = dispute.description.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rstrip() + "…"
