"""The worklist writes its letters through services.letters: one per customer and level,
with the late-payment claim, never twice; one PDF per customer and a combined one."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from disputedesk.domain.enums import CustomerKind
from disputedesk.domain.records import CustomerDraft, PostalAddress
from disputedesk.services.dunning_letters import generate_letters
from tests.support_letters import demo, demo_template  # noqa: F401  (fixtures)
from tests.support_receivables import invoice

DAY = date(2026, 6, 30)


def _customer(services, name, *, pro, address=True):
    return services.customers.create(
        CustomerDraft(
            kind=CustomerKind.PROFESSIONAL if pro else CustomerKind.INDIVIDUAL,
            first_name="Jean",
            last_name=name,
            company=f"{name} SARL" if pro else "",
            address=PostalAddress("3 rue des Lilas", "", "75011", "Paris", "FR")
            if address
            else PostalAddress(),
        )
    ).id


def test_letters_per_customer_and_level_with_print_files(demo, tmp_path):  # noqa: F811
    services = demo
    pro = _customer(services, "Moreau", pro=True)
    cons = _customer(services, "Petit", pro=False)
    invoice(services, pro, "DL-1", 1000_00, date(2026, 6, 15))  # due + 15: reminder 1
    invoice(services, pro, "DL-2", 500_00, date(2026, 6, 20))  # due + 10: reminder 1
    invoice(services, cons, "DL-3", 80_00, date(2026, 6, 1))  # reminder 1
    items = [i for i in services.dunning.worklist(DAY) if i.line.number in ("DL-1", "DL-2", "DL-3")]
    assert len(items) == 3
    run = generate_letters(services, items, DAY, out_dir=tmp_path)
    assert not run.problems
    assert len(run.letter_ids) == 2  # one for Moreau (DL-1 + DL-2), one for Petit
    assert all(r.recorded for r in run.done) and len(run.done) == 3
    claimed = {frozenset(services.letters.get(lid).invoice_ids) for lid in run.letter_ids}
    numbers = {i.id: i.number for i in services.invoices.list()}
    assert {frozenset(numbers[i] for i in ids) for ids in claimed} == {
        frozenset({"DL-1", "DL-2"}),
        frozenset({"DL-3"}),
    }
    assert len(run.customer_files) == 2
    combined = PdfReader(str(run.combined_file))
    singles = sum(len(PdfReader(str(f)).pages) for f in run.customer_files)
    assert len(combined.pages) == singles >= 2
    # Again the same day, with the stale list: nothing issued, nothing recorded.
    again = generate_letters(services, items, DAY, out_dir=tmp_path)
    assert again.letter_ids == [] and not any(r.recorded for r in again.done)
    assert [i for i in services.dunning.worklist(DAY) if i.line.number.startswith("DL-")] == []


def test_a_letter_that_cannot_be_made_is_reported_and_stays_in_the_list(
    demo,  # noqa: F811
    monkeypatch,
):
    from disputedesk.domain.errors import ValidationError

    services = demo
    ok = _customer(services, "Roux", pro=True)
    bad = _customer(services, "Nulle", pro=True)
    invoice(services, ok, "AD-1", 100_00, date(2026, 6, 1))
    inv_bad = invoice(services, bad, "AD-2", 100_00, date(2026, 6, 1))
    real_compose = services.letters.compose

    def compose(dispute_id, inputs):
        if inv_bad.id in inputs.invoice_ids:
            raise ValidationError("The recipient's address is empty.", field="recipient")
        return real_compose(dispute_id, inputs)

    monkeypatch.setattr(services.letters, "compose", compose)
    items = [i for i in services.dunning.worklist(DAY) if i.line.number.startswith("AD-")]
    run = generate_letters(services, items, DAY)
    assert len(run.problems) == 1 and "Nulle" in run.problems[0][0]
    left = [
        i.line.number for i in services.dunning.worklist(DAY) if i.line.number.startswith("AD-")
    ]
    assert left == ["AD-2"]
