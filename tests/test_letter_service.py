"""The letter service: compose from the dispute, issue (document, journal, deadline, letter),
registered-mail tracking and receipt, templates with validated placeholders, hostile text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.letters import (
    TO_COMPLETE,
    EnvelopePreset,
    LetterInputs,
    LetterKind,
    LetterLayout,
    Remedy,
)
from tests.support_letters import (
    consumer_debtor,
    demo,  # noqa: F401
    demo_template,  # noqa: F401
    flat,
    letters,
    page_count,
    pdf_text,
)


def _complaint(services):
    from tests.test_letter_pdf import _complaint_dispute

    return _complaint_dispute(services)[0]


def test_issue_stores_journals_and_sets_the_deadline(demo):  # noqa: F811
    service = letters(demo)
    _c, dispute, invoice = consumer_debtor(demo)
    draft = service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY))
    now = datetime.now(UTC)
    issued = service.issue(draft, now=now)
    assert issued.kind is LetterKind.NOTICE_TO_PAY
    assert issued.registered and issued.invoice_ids == (invoice.id,)
    assert issued.deadline == draft.deadline == draft.letter_date + timedelta(days=15)
    doc = demo.documents.get(issued.document_id)
    assert doc.kind == "letter_notice_to_pay" and doc.dispute_id == dispute.id
    assert demo.documents.path(doc).read_bytes().startswith(b"%PDF-")
    entry = demo.journal.get(issued.journal_entry_id)
    assert entry.channel is Channel.REGISTERED_LETTER
    assert entry.direction is Direction.OUTGOING
    assert entry.document_id == doc.id
    tasks = [t for t in demo.tasks.list(dispute_id=dispute.id) if t.id == issued.task_id]
    assert tasks and tasks[0].kind == "payment_deadline"
    assert tasks[0].due_at.astimezone().date() == issued.deadline
    assert [x.id for x in service.list(dispute.id)] == [issued.id]
    assert [x.id for x in service.for_invoice(invoice.id)] == [issued.id]
    # The next fitting letter after a formal notice stays the formal notice, not reminder 1.
    fit, _others = service.kinds_for(dispute.id)
    assert fit[0] is LetterKind.NOTICE_TO_PAY


def test_receipt_date_is_evidence_and_starts_interest(demo):  # noqa: F811
    service = letters(demo)
    _c, dispute, invoice = consumer_debtor(demo)
    issued = service.issue(
        service.compose(dispute.id, LetterInputs(LetterKind.NOTICE_TO_PAY)),
    )
    assert service.notice_received_on(invoice.id) is None
    issued = service.record_tracking(issued.id, "1A 234 567 8901 2")
    assert issued.tracking_number == "1A 234 567 8901 2"
    with pytest.raises(ValidationError):
        service.record_receipt(issued.id, issued.sent_on - timedelta(days=1))
    with pytest.raises(ValidationError):
        service.record_receipt(issued.id, date.today() + timedelta(days=2))
    received = date.today()
    issued = service.record_receipt(issued.id, received)
    assert issued.receipt_date == received
    assert service.notice_received_on(invoice.id) == received
    entries = demo.journal.list(dispute.id)
    assert any(
        e.direction is Direction.INCOMING and e.channel is Channel.REGISTERED_LETTER
        for e in entries
    )
    # Returned unclaimed: not a receipt.
    issued = service.record_receipt(issued.id, None, returned_unclaimed=True)
    assert issued.returned_unclaimed and service.notice_received_on(invoice.id) is None


def test_simple_letter_is_not_registered(demo):  # noqa: F811
    service = letters(demo)
    issued = service.issue(
        service.compose(_complaint(demo).id, LetterInputs(LetterKind.ACKNOWLEDGEMENT))
    )
    assert not issued.registered
    assert demo.journal.get(issued.journal_entry_id).channel is Channel.LETTER
    with pytest.raises(ValidationError):
        service.record_receipt(issued.id, date.today())


def test_incomplete_letter_previews_but_is_not_issued(demo):  # noqa: F811
    service = letters(demo)
    draft = service.compose(_complaint(demo).id, LetterInputs(LetterKind.PROPOSAL))
    assert any(TO_COMPLETE in p for p in draft.paragraphs)
    assert any(TO_COMPLETE in w for w in draft.warnings)
    assert TO_COMPLETE in pdf_text(service.render(draft))
    with pytest.raises(ValidationError) as err:
        service.issue(draft)
    assert err.value.field == "body"
    assert service.list(draft.dispute_id) == []


def test_remedies_are_written_in_the_letters_language(demo):  # noqa: F811
    service = letters(demo)
    d = _complaint(demo)
    draft = service.compose(
        d.id,
        LetterInputs(
            LetterKind.PROPOSAL,
            language="fr",
            remedies=(Remedy.REFUND, Remedy.VOUCHER),
            remedy_details="valable un an",
            explanation="Explication.",
        ),
    )
    body = " ".join(draft.paragraphs)
    assert "remboursement intégral" in body and "bon d\u2019achat" in body
    assert "valable un an" in body


def test_payment_letter_needs_an_unpaid_invoice(demo):  # noqa: F811
    with pytest.raises(ValidationError) as err:
        letters(demo).compose(_complaint(demo).id, LetterInputs(LetterKind.REMINDER_1))
    assert err.value.field == "invoices"


def test_templates_validated_saved_and_reset(demo):  # noqa: F811
    service = letters(demo)
    kind = LetterKind.ACKNOWLEDGEMENT
    with pytest.raises(ValidationError) as err:
        service.save_template(kind, "fr", "Objet {dispute_reference}", "Bonjour {client_nom}")
    assert "{client_nom}" in str(err.value)
    with pytest.raises(ValidationError):
        service.save_template(kind, "fr", "Objet", "Texte {customer_name")
    with pytest.raises(ValidationError):  # a formal notice keeps its deadline (B.1)
        service.save_template(LetterKind.NOTICE_TO_PAY, "fr", "Mise en demeure", "Payez.")
    with pytest.raises(ValidationError) as err:  # and says it is one
        service.save_template(
            LetterKind.NOTICE_TO_PAY, "fr", "Relance", "Payez avant le {deadline_date}."
        )
    assert "mise en demeure" in str(err.value)
    service.save_template(
        LetterKind.NOTICE_TO_PAY, "fr", "Mise en demeure", "Payez avant le {deadline_date}."
    )
    service.save_template(
        kind, "fr", "Réclamation {dispute_reference}", "Bien reçu, {customer_name} !\n\n{mediator}"
    )
    template, own = service.template(kind, "fr")
    assert own and template.subject.startswith("Réclamation")
    draft = service.compose(_complaint(demo).id, LetterInputs(kind, language="fr"))
    assert draft.paragraphs[0].startswith("Bien reçu, ")
    assert not service.template(kind, "en")[1]
    service.reset_template(kind, "fr")
    assert not service.template(kind, "fr")[1]


def test_layout_saved_and_bounded(demo):  # noqa: F811
    service = letters(demo)
    assert service.layout() == LetterLayout()
    saved = service.save_layout(LetterLayout(EnvelopePreset.DIN_5008_B, 2.5, -1.0, False))
    assert service.layout() == saved
    with pytest.raises(ValidationError):
        service.save_layout(LetterLayout(EnvelopePreset.FR_RIGHT, 80, 0, True))


HOSTILE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=400
) | st.sampled_from(
    [
        'R&D <b>gras</b> </para> a<b "guillemets" l\'apostrophe',
        "emoji 🙂🎉 and RTL שלום עליכם مرحبا",
        "x" * 5000,
        "",
        "   ",
        "{customer_name} {{ }} %s %(x)s",
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE, subject=HOSTILE)
def test_hostile_text_never_crashes_nor_vanishes(demo, text, subject):  # noqa: F811
    service = letters(demo)
    d = _complaint(demo)
    draft = service.compose(d.id, LetterInputs(LetterKind.REFUSAL, explanation=text))
    draft = replace(draft, subject=subject or "x", signatory=text)
    try:
        pdf = service.render(draft)
    except ValidationError:
        return  # refused with a message: acceptable
    got = flat(pdf_text(pdf))
    # Printable ASCII the user typed comes out as typed (escaped, not interpreted).
    for run in re.findall(r"[!-~]+", text)[:20]:
        assert run[:60] in got


def test_very_long_paragraph_flows_over_pages(demo):  # noqa: F811
    service = letters(demo)
    d = _complaint(demo)
    long = " ".join(f"mot{i}" for i in range(3500))  # ~20 000 characters
    draft = service.compose(d.id, LetterInputs(LetterKind.REFUSAL, explanation=long))
    pdf = service.render(draft)
    assert page_count(pdf) >= 3
    assert "mot3499" in pdf_text(pdf) and "mot0" in pdf_text(pdf)


def test_registered_in_services_and_self_test_pdf(demo, tmp_path):  # noqa: F811
    from tests.support_letters import check_pdf_file

    assert demo.letters is not None
    out = demo.letters.self_test_pdf(tmp_path / "self.pdf")
    check_pdf_file(out)
    assert "mise en demeure" in pdf_text(out.read_bytes()).lower()


def test_right_to_left_text_is_printed_and_flagged(demo):  # noqa: F811
    service = letters(demo)
    draft = service.compose(
        _complaint(demo).id, LetterInputs(LetterKind.REFUSAL, explanation="Nom : שלום")
    )
    assert any("right to left" in w for w in draft.warnings)
    text = pdf_text(service.render(draft))
    assert all(ch in text for ch in "שלום")  # nothing dropped
