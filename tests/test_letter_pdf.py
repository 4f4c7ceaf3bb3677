"""Every letter kind in French and English, from the demo shop: the PDF is valid, fonts are
embedded, and the text shows the address, the amounts in the locale, the legal mentions and
the deadline."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from disputedesk.documents.letter_text import LetterWording
from disputedesk.domain.enums import CustomerKind, DisputeCategory
from disputedesk.domain.letters import LETTER_KINDS, LetterInputs, LetterKind, Remedy
from tests.support_letters import (
    check_pdf_file,
    consumer_debtor,
    demo,  # noqa: F401  (fixture)
    demo_template,  # noqa: F401  (fixture)
    flat,
    letters,
    page_count,
    pdf_text,
)

EXPLANATION = {
    "fr": "Après vérification, l'article présentait bien un défaut d'assemblage.",
    "en": "Having checked, the item did have an assembly fault.",
}
LETTER_DATE = date(2026, 11, 20)
ODR_MARKERS = ("ec.europa.eu/consumers/odr", "RLL", "ODR", "online dispute resolution")


def _complaint_dispute(services):
    for d in services.disputes.list():
        c = services.customers.get(d.customer_id)
        if d.category is not DisputeCategory.UNPAID_INVOICE and c.kind is CustomerKind.INDIVIDUAL:
            return d, c
    raise AssertionError("the demo has a consumer complaint")


def _unpaid_pro_dispute(services):
    for d in services.disputes.list():
        c = services.customers.get(d.customer_id)
        if c.kind is CustomerKind.PROFESSIONAL and services.invoices.list(
            dispute_id=d.id, open_only=True
        ):
            return d, c
    raise AssertionError("the demo has an unpaid professional invoice")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", LETTER_KINDS, ids=lambda k: k.value)
def test_every_kind_renders_with_its_mentions(demo, tmp_path, kind, lang):  # noqa: F811
    service = letters(demo)
    if kind.is_payment:
        dispute, customer = _unpaid_pro_dispute(demo)
    else:
        dispute, customer = _complaint_dispute(demo)
    draft = service.compose(
        dispute.id,
        LetterInputs(
            kind,
            language=lang,
            letter_date=LETTER_DATE,
            remedies=(Remedy.REPLACEMENT,),
            explanation=EXPLANATION[lang],
        ),
    )
    path = service.render_to(draft, tmp_path / f"{kind.value}-{lang}.pdf")
    check_pdf_file(path)
    pdf = path.read_bytes()
    text = pdf_text(pdf)
    compact = flat(text)
    w = LetterWording(lang)
    # The recipient's address: postcode and town in capitals (NF Z10-011).
    assert flat(f"{customer.address.postcode} {customer.address.city.upper()}") in compact
    assert flat(customer.last_name) in compact
    assert flat(draft.subject) in compact
    assert flat(w.place_date(demo.business.get().address.city, LETTER_DATE)) in compact
    if lang == "fr":
        assert "Lyon,le20novembre2026" in compact
    if draft.deadline:
        assert flat(w.date(draft.deadline)) in compact
    for marker in ODR_MARKERS:  # the EU platform is closed (Reg. 2024/3228): never cited
        assert marker not in text
    mediator = demo.business.get().mediator
    if kind.restates_mediator:
        # Code de la consommation L616-1 / R616-1, in the body (and the footer).
        body = flat(" ".join(draft.paragraphs))
        assert flat(mediator.name) in body and flat(mediator.website) in body
    if kind.is_payment:
        claim = draft.claim
        assert claim is not None
        assert flat(w.money(claim.total)) in compact
        assert flat(w.money(claim.principal)) in compact
        for inv in claim.invoices:
            assert inv.number in text
    if kind is LetterKind.NOTICE_TO_PAY:
        _assert_formal_notice(text, compact, lang, draft)
        # Professional debtor: the 40 € indemnity and the penalties are stated (L441-10).
        assert "L441-10" in text and "D441-5" in text
    if kind is LetterKind.NOTICE_TO_PERFORM:
        _assert_formal_notice(text, compact, lang, draft)
    if kind is LetterKind.AGREEMENT:
        assert ("lu et approuvé" if lang == "fr" else "read and approved") in text
    assert flat(draft.signatory) in compact


def _assert_formal_notice(text: str, compact: str, lang: str, draft) -> None:
    # LEGAL-FR B.1: the words, the facts, the demand, the deadline, the consequences, the
    # signature; registered letter with acknowledgement of receipt on top.
    if lang == "fr":
        assert "mise en demeure" in text.lower()
        assert flat("Lettre recommandée avec demande d\u2019avis de réception") in compact
        assert "juridiction compétente" in text
        assert "1344" in text
    else:
        assert "formal notice" in text.lower()
        assert "Registered letter with acknowledgement of receipt" in text.replace("\n", " ")
        assert "competent court" in text.replace("\n", " ")
    assert draft.registered
    assert draft.deadline is not None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_consumer_formal_notice_never_claims_a_recovery_fee(demo, lang):  # noqa: F811
    _customer, dispute, _invoice = consumer_debtor(demo, language=lang)
    service = letters(demo)
    draft = service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY))
    assert draft.consumer and draft.language == lang
    text = pdf_text(service.render(draft))
    compact = flat(text)
    # C. com. L441-10 / D441-5 are for professionals only; CPCE L111-8: no recovery fee.
    assert "D441-5" not in text and "40€" not in compact and "L441-10" not in text
    assert flat(LetterWording(lang).money(draft.claim.total)) in compact
    assert draft.claim.total == draft.claim.principal
    assert "1344-1" in text  # interest at the legal rate runs from the notice
    assert "Zoé" in text and "D\u2019Arcy" in text.replace("'", "\u2019")


def test_consumer_claim_with_an_indemnity_is_stripped(demo):  # noqa: F811
    """Even if the unpaid-invoices service returned an indemnity for a consumer."""
    from disputedesk.domain.claims import principal_only
    from disputedesk.domain.money import Money
    from disputedesk.services.letter_service import LetterService

    _c, dispute, _invoice = consumer_debtor(demo)

    class Faulty:
        def claim_for(self, ids, as_of):
            claim = principal_only(
                [demo.invoices.get(i) for i in ids], as_of, debtor_is_professional=False
            )
            return replace(
                claim,
                invoices=tuple(
                    replace(c, recovery_indemnity=Money(4000, "EUR")) for c in claim.invoices
                ),
            )

    service = LetterService(demo.store, receivables=Faulty())
    draft = service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY))
    assert draft.claim.indemnities.minor == 0
    assert "40,00" not in pdf_text(service.render(draft))


def test_french_amounts_use_the_locale(demo):  # noqa: F811
    _c, dispute, _i = consumer_debtor(demo)
    draft = letters(demo).compose(dispute.id, LetterInputs(LetterKind.REMINDER_1, language="fr"))
    text = pdf_text(letters(demo).render(draft))
    # 1 250,00 € with a narrow no-break space (U+202F) and a comma: never "1,250.00".
    assert re.search(r"1[\u202f\u00a0 ]250,00[\u00a0 ]€", text), text
    assert "1,250.00" not in text
    draft_en = letters(demo).compose(dispute.id, LetterInputs(LetterKind.REMINDER_1, language="en"))
    assert "€1,250.00" in pdf_text(letters(demo).render(draft_en))


def test_registered_letter_mention_and_fold_marks_are_on_the_first_page_only(demo):  # noqa: F811
    _c, dispute, _i = consumer_debtor(demo)
    service = letters(demo)
    draft = service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY, language="fr"))
    long = replace(draft, paragraphs=(*draft.paragraphs, "Texte. " * 3000))
    pdf = service.render(long)
    n = page_count(pdf)
    assert n >= 3
    import io

    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert "recommandée" in pages[0]
    assert all("recommandée" not in p for p in pages[1:])
    for i, p in enumerate(pages, start=1):
        assert f"page {i} / {n}" in p


def test_one_page_letter_has_no_page_number(demo):  # noqa: F811
    dispute, _c = _complaint_dispute(demo)
    service = letters(demo)
    pdf = service.render(service.compose(dispute.id, LetterInputs(LetterKind.ACKNOWLEDGEMENT)))
    assert page_count(pdf) == 1
    assert "page 1 / 1" not in pdf_text(pdf)


def test_calibration_page(demo, tmp_path):  # noqa: F811
    service = letters(demo)
    pdf = service.calibration_pdf("fr")
    path = tmp_path / "cal.pdf"
    path.write_bytes(pdf)
    check_pdf_file(path)
    text = pdf_text(pdf)
    assert "Calage" in text and "110 mm" in text


def test_penalties_are_shown_with_their_computation(demo):  # noqa: F811
    from datetime import date as d

    from disputedesk.domain.claims import PenaltyPeriod
    from disputedesk.domain.money import Money

    dispute, _c = _unpaid_pro_dispute(demo)
    service = letters(demo)
    draft = service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY, language="fr"))
    period = PenaltyPeriod(d(2026, 9, 5), d(2026, 10, 4), 1215, Money(2836, "EUR"))
    claim = replace(
        draft.claim,
        invoices=tuple(
            replace(c, periods=(period,), recovery_indemnity=Money(4000, "EUR"))
            for c in draft.claim.invoices
        ),
    )
    text = pdf_text(service.render(replace(draft, claim=claim)))
    compact = flat(text)
    assert "12,15%" in compact and "30jours/365" in compact and "28,36€" in compact
    assert flat(LetterWording("fr").money(claim.total)) in compact
