"""The packet wizard's rules, without widgets: L611-3, L612-2, CPC 750-1."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from disputedesk.domain.enums import (
    Channel,
    CustomerKind,
    Direction,
    DisputeCategory,
    DisputeStage,
)
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.packets import (
    AmicableBasis,
    Claimant,
    ExhibitSource,
    Level,
    PacketContext,
    PacketFlow,
    PacketKind,
    Step,
    three_months_after,
)
from disputedesk.domain.records import (
    Attachment,
    BusinessProfile,
    Customer,
    Dispute,
    JournalEntry,
    MediatorInfo,
    PostalAddress,
    StageChange,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SHOP = BusinessProfile(
    trade_name="Atelier",
    legal_name="Atelier SARL",
    mediator=MediatorInfo("Médiateur CNPM", "27 av. X, 42400 Saint-Chamond", "www.cnpm.eu"),
)


def customer(kind=CustomerKind.INDIVIDUAL) -> Customer:
    return Customer(
        1, kind, "Élise", "Moreau", "", "", PostalAddress(), "", "", "fr", "", "", False, T0
    )


def dispute(category=DisputeCategory.PRODUCT_QUALITY, amount=89000, stage=DisputeStage.NEGOTIATION):
    return Dispute(
        1,
        "LIT-2026-0001",
        1,
        "Table rayée",
        category,
        "Rayée.",
        Money(amount),
        "",
        Channel.EMAIL,
        T0,
        stage,
        T0,
        None,
        "",
        None,
        "",
        "",
        T0,
        None,
    )


def entry(id_, channel=Channel.EMAIL, direction=Direction.INCOMING, when=T0, files=()):
    atts = tuple(Attachment(100 + i, "x", n, 10, "image/jpeg", when) for i, n in enumerate(files))
    return JournalEntry(
        id_, 1, when, channel, direction, f"entry {id_}", "", None, None, None, atts, when
    )


def source(key, name, dated=date(2026, 3, 2), path=Path("/tmp/x")):
    return ExhibitSource(key, name, name, dated, path, "application/pdf", 10)


def flow(
    *, cust=None, disp=None, entries=(), changes=(), exhibits=(), today=date(2026, 4, 1), shop=SHOP
) -> PacketFlow:
    return PacketFlow(
        PacketContext(
            shop,
            cust or customer(),
            disp or dispute(),
            tuple(entries),
            tuple(changes),
            (),
            tuple(exhibits),
            today,
        )
    )


def messages(f: PacketFlow, level=None):
    return [i.message for i in f.issues() if level is None or i.level is level]


def test_consumer_mediation_is_refused_for_the_shops_claim_and_conciliation_offered():
    f = flow(disp=dispute(DisputeCategory.UNPAID_INVOICE), entries=[entry(1)])
    assert f.claimant is Claimant.SHOP
    assert f.suggested_kind() is PacketKind.CONCILIATION
    f.set_kind(PacketKind.MEDIATION)
    errors = f.errors(Step.KIND)
    assert errors and "L611-3" in errors[0].message
    with pytest.raises(ValidationError):
        f.build()
    f.set_kind(PacketKind.CONCILIATION)
    assert not f.errors(Step.KIND)


def test_consumer_complaint_goes_to_the_shops_mediator():
    f = flow(entries=[entry(1, files=("photo.jpg",))], exhibits=[source("att:100", "photo.jpg")])
    assert f.kind is PacketKind.MEDIATION
    assert f.recipient.name == "Médiateur CNPM" and f.recipient.website == "www.cnpm.eu"
    assert f.complaint_entry_id == 1
    f.summary = replace(f.summary, facts="x", question="y")
    request = f.build()
    assert request.consumer_mediation and request.complaint.id == 1


def test_mediation_needs_a_prior_written_complaint():
    f = flow(entries=[entry(1, channel=Channel.PHONE)])
    assert f.suggested_kind() is PacketKind.CONCILIATION  # no written complaint to show
    f.set_kind(PacketKind.MEDIATION)
    assert any("L612-2" in m for m in messages(f, Level.ERROR))
    f.set_complaint(1)  # a phone call is not a written complaint
    assert any("written message" in m for m in messages(f, Level.ERROR))


def test_mediation_needs_the_shops_mediator_in_the_profile():
    f = flow(entries=[entry(1)], shop=replace(SHOP, mediator=MediatorInfo()))
    f.set_kind(PacketKind.MEDIATION)
    assert any("L616-1" in m for m in messages(f, Level.ERROR))


@pytest.mark.parametrize(
    ("today", "warned"),
    [(date(2027, 3, 2), False), (date(2027, 3, 3), True)],
)
def test_warning_when_more_than_a_year_after_the_written_complaint(today, warned):
    f = flow(entries=[entry(1)], today=today)
    f.set_kind(PacketKind.MEDIATION)
    warnings = messages(f, Level.WARNING)
    assert any("L612-2 4°" in m for m in warnings) is warned
    assert not f.errors(Step.KIND)  # a warning, not a refusal


def test_professional_customer_mediation_needs_a_named_mediator_not_a_complaint():
    f = flow(cust=customer(CustomerKind.PROFESSIONAL), entries=[entry(1, Channel.PHONE)])
    f.set_kind(PacketKind.MEDIATION)
    assert not f.consumer_mediation
    assert f.recipient.name == ""
    assert [i.field for i in f.errors(Step.KIND)] == ["recipient"]
    f.recipient = replace(f.recipient, name="Médiateur des entreprises")
    assert not f.errors(Step.KIND)


def test_proof_takes_the_attempt_from_the_history():
    change = StageChange(1, 1, DisputeStage.NEGOTIATION, DisputeStage.CONCILIATION, T0, "")
    f = flow(changes=[change])
    f.set_kind(PacketKind.PROOF)
    assert f.basis is AmicableBasis.CONCILIATION
    assert not f.errors(Step.KIND)


def test_proof_without_attempt_needs_a_basis_and_an_exemption_needs_facts():
    f = flow()
    f.set_kind(PacketKind.PROOF)
    assert [i.field for i in f.errors(Step.KIND)] == ["basis"]
    f.basis = AmicableBasis.EXEMPT_URGENCY
    assert [i.field for i in f.errors(Step.KIND)] == ["basis_details"]
    f.basis_details = "Le meuble menace de s'effondrer."
    assert not f.errors(Step.KIND)
    f.basis = AmicableBasis.MEDIATION  # claimed, but nothing in the history: warn
    assert any("no mediation or conciliation stage" in m for m in messages(f, Level.WARNING))


def test_no_conciliator_within_three_months_is_checked():
    f = flow(today=date(2026, 6, 1))
    f.set_kind(PacketKind.PROOF)
    f.basis = AmicableBasis.EXEMPT_NO_CONCILIATOR
    f.basis_details = "Aucun rendez-vous proposé."
    assert [i.field for i in f.errors(Step.KIND)] == ["conciliator_seized_on"]
    f.conciliator_seized_on = date(2026, 3, 2)
    assert [i.field for i in f.errors(Step.KIND)] == ["conciliator_seized_on"]
    f.conciliator_seized_on = date(2026, 3, 1)
    assert not f.errors(Step.KIND)


def test_three_months_after_handles_month_ends():
    assert three_months_after(date(2026, 11, 30)) == date(2027, 2, 28)
    assert three_months_after(date(2026, 1, 15)) == date(2026, 4, 15)


def test_proof_notes_the_5000_euro_ceiling_and_the_injonction_de_payer():
    f = flow(disp=dispute(DisputeCategory.UNPAID_INVOICE, amount=600_000))
    f.set_kind(PacketKind.PROOF)
    infos = messages(f, Level.INFO)
    assert any("5,000 €" in m for m in infos)
    assert any("25-70.013" in m for m in infos)


def test_exhibit_order_and_entries_are_kept_and_the_complaint_comes_first():
    exhibits = [
        source("att:100", "plainte.jpg", date(2026, 3, 2)),
        source("doc:1", "lettre.pdf", date(2026, 3, 5)),
        source("att:7", "devis.pdf", date(2026, 1, 5)),
    ]
    f = flow(entries=[entry(1, files=("plainte.jpg",)), entry(2, Channel.PHONE)], exhibits=exhibits)
    assert f.exhibit_keys[0] == "att:100"  # the written complaint's file leads
    f.set_exhibits(["doc:1", "att:7", "unknown", "doc:1"])
    assert f.exhibit_keys == ["doc:1", "att:7"]
    f.set_entries([2])
    f.set_complaint(1)
    assert f.entry_ids == [2, 1]
    assert f.exhibit_keys == ["att:100", "doc:1", "att:7"]
    f.summary = replace(f.summary, facts="x", question="y")
    request = f.build()
    assert [e.key for e in request.exhibits] == ["att:100", "doc:1", "att:7"]
    assert [e.id for e in request.entries] == [1, 2]  # journal stays in date order
    assert [e.key for e in request.without_exhibits({"doc:1"}).exhibits] == ["att:100", "att:7"]


def test_summary_facts_and_question_are_required():
    f = flow(entries=[entry(1)])
    assert {i.field for i in f.errors(Step.SUMMARY)} == {"facts", "question"}


def test_missing_file_is_an_error_naming_it():
    f = flow(entries=[entry(1)], exhibits=[source("att:5", "perdu.pdf", path=None)])
    errors = f.errors(Step.CONTENT)
    assert errors and errors[0].params == (("file", "perdu.pdf"),)
