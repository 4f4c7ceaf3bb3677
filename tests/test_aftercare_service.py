"""Aftercare service: closing, reopening, satisfaction, root causes, policies, gestures,
reviews."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from disputedesk.domain.aftercare import (
    ClosureDraft,
    GestureDraft,
    GestureKind,
    PolicyDraft,
    PolicyStatus,
    ReviewDraft,
    ReviewTone,
)
from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from tests.support_aftercare import NOW, open_dispute


def _draft(**kw):
    base = dict(
        outcome=Outcome.PARTIAL_REFUND,
        refunded=Money(8000),
        recovered=Money(0),
        shop_at_fault=True,
        root_cause="product_defect",
        lesson="Check the tabletop before loading.",
    )
    base.update(kw)
    return ClosureDraft(**base)


def test_close_records_everything_and_moves_the_stage(services):
    d = open_dispute(services)
    policy = PolicyDraft(
        title="Inspect furniture before delivery",
        owner="Claire",
        review_on=date(2027, 3, 1),
    )
    c = services.aftercare.close(d.id, _draft(new_policy=policy), at=NOW)
    assert c.refunded == Money(8000) and c.recovered == Money(0)
    assert c.outcome is Outcome.PARTIAL_REFUND and c.shop_at_fault is True
    assert c.root_cause_label == "Product defect"
    after = services.disputes.get(d.id)
    assert after.stage is DisputeStage.RESOLVED and after.closed_at == NOW
    assert after.outcome is Outcome.PARTIAL_REFUND
    assert after.root_cause == "product_defect" and after.shop_at_fault is True
    assert after.lessons_learned == "Check the tabletop before loading."
    assert after.policy_change == "Inspect furniture before delivery"
    [p] = services.aftercare.policies()
    assert p.status is PolicyStatus.PROPOSED and p.owner == "Claire"
    assert p.review_on == date(2027, 3, 1) and p.dispute_ids == (d.id,)
    assert c.policy_id == p.id
    last = services.disputes.history(d.id)[-1]
    assert last.to_stage is DisputeStage.RESOLVED and "Partial refund" in last.reason


def test_close_as_abandoned_and_refusals(services):
    d = open_dispute(services)
    with pytest.raises(ValidationError) as err:
        services.aftercare.close(d.id, _draft(refunded=Money(-1)), at=NOW)
    assert err.value.field == "refunded"
    with pytest.raises(ValidationError) as err:
        services.aftercare.close(d.id, _draft(recovered=Money(100, "USD")), at=NOW)
    assert err.value.field == "recovered"
    with pytest.raises(ValidationError):  # dated before the last stage change
        services.aftercare.close(d.id, _draft(), at=NOW - timedelta(days=30))
    assert services.disputes.get(d.id).stage is DisputeStage.UNDER_ANALYSIS  # nothing kept
    assert services.aftercare.policies() == []
    services.aftercare.close(d.id, _draft(outcome=Outcome.WITHDRAWN, abandoned=True), at=NOW)
    assert services.disputes.get(d.id).stage is DisputeStage.ABANDONED
    with pytest.raises(ValidationError):
        services.aftercare.close(d.id, _draft(), at=NOW)
    with pytest.raises(NotFoundError):
        services.aftercare.close(9999, _draft(), at=NOW)


def test_reopen_logs_reason_and_returns_to_previous_stage(services):
    d = open_dispute(services)
    services.aftercare.close(d.id, _draft(), at=NOW)
    with pytest.raises(ValidationError):
        services.aftercare.reopen(d.id, "  ", at=NOW + timedelta(hours=1))
    services.aftercare.reopen(
        d.id, "The customer found a second scratch", at=NOW + timedelta(hours=1)
    )
    after = services.disputes.get(d.id)
    assert after.stage is DisputeStage.UNDER_ANALYSIS and after.closed_at is None
    assert services.aftercare.closure(d.id) is None
    [old] = services.aftercare.closures(d.id)
    assert old.reopen_reason == "The customer found a second scratch"
    assert services.disputes.history(d.id)[-1].reason == "The customer found a second scratch"
    with pytest.raises(ValidationError):  # not closed any more
        services.aftercare.reopen(d.id, "again", at=NOW + timedelta(hours=2))
    # Closed again: a second closing, the first one kept.
    services.aftercare.close(d.id, _draft(refunded=Money(12000)), at=NOW + timedelta(hours=3))
    assert len(services.aftercare.closures(d.id)) == 2
    assert services.aftercare.closure(d.id).refunded == Money(12000)


def test_satisfaction_only_when_closed_and_within_1_to_5(services):
    d = open_dispute(services)
    with pytest.raises(ValidationError):
        services.aftercare.set_satisfaction(d.id, 4, "ok")
    services.aftercare.close(d.id, _draft(), at=NOW)
    for bad in (0, 6):
        with pytest.raises(ValidationError):
            services.aftercare.set_satisfaction(d.id, bad, "")
    c = services.aftercare.set_satisfaction(d.id, 4, "  soulagée ")
    assert (c.satisfaction, c.satisfaction_word) == (4, "soulagée")


def test_satisfaction_on_a_dispute_closed_from_the_stage_menu(services):
    d = open_dispute(services)
    services.disputes.change_stage(d.id, DisputeStage.RESOLVED, at=NOW, outcome=Outcome.REFUND)
    c = services.aftercare.set_satisfaction(d.id, 5, "ravie")
    assert c.outcome is Outcome.REFUND and c.refunded == Money(0) and c.satisfaction == 5


def test_root_cause_list_is_extendable_without_duplicates(services):
    before = services.aftercare.root_causes()
    assert ("Late delivery", "Late delivery") in before
    assert services.aftercare.add_root_cause(" Fournisseur ") == "Fournisseur"
    assert services.aftercare.add_root_cause("fournisseur") == "Fournisseur"
    assert services.aftercare.add_root_cause("late delivery") == "Late delivery"
    after = services.aftercare.root_causes()
    assert after[-1] == ("Fournisseur", "Fournisseur") and len(after) == len(before) + 1
    with pytest.raises(ValidationError):
        services.aftercare.add_root_cause("   ")


def test_policy_register_status_and_links(services):
    a = open_dispute(services)
    b = open_dispute(services, first="Jean", last="Petit")
    p = services.aftercare.add_policy(PolicyDraft(title="Written quotes"), dispute_ids=(a.id,))
    services.aftercare.close(b.id, _draft(policy_id=p.id), at=NOW)
    p = services.aftercare.get_policy(p.id)
    assert set(p.dispute_ids) == {a.id, b.id}
    p = services.aftercare.update_policy(
        p.id, PolicyDraft(title="Written quotes", owner="Marc"), PolicyStatus.ADOPTED
    )
    assert p.status is PolicyStatus.ADOPTED and p.owner == "Marc"
    assert [x.id for x in services.aftercare.policies(status=PolicyStatus.ADOPTED)] == [p.id]
    assert services.aftercare.policies(status=PolicyStatus.REVIEWED) == []
    with pytest.raises(ValidationError):
        services.aftercare.add_policy(PolicyDraft(title=""))


def test_gestures_value_expiry_code_and_expiring_soon(services):
    d = open_dispute(services)
    today = date(2026, 11, 20)
    g = services.aftercare.add_gesture(
        GestureDraft(d.id, GestureKind.VOUCHER, Money(3000), "Bon d'achat", today + timedelta(10)),
        today=today,
    )
    assert g.code.startswith("GC-") and len(g.code) == 9 and g.customer_id == d.customer_id
    services.aftercare.add_gesture(
        GestureDraft(d.id, GestureKind.DISCOUNT, Money(1500), "", today + timedelta(60)),
        today=today,
    )
    with pytest.raises(ValidationError):
        services.aftercare.add_gesture(
            GestureDraft(d.id, GestureKind.VOUCHER, Money(0)), today=today
        )
    with pytest.raises(ValidationError):
        services.aftercare.add_gesture(
            GestureDraft(d.id, GestureKind.VOUCHER, Money(100), "", today - timedelta(1)),
            today=today,
        )
    with pytest.raises(ValidationError):  # printed on the card: a line or two
        services.aftercare.add_gesture(
            GestureDraft(d.id, GestureKind.VOUCHER, Money(100), "x" * 301), today=today
        )
    with pytest.raises(ValidationError):  # a free service must say what it is
        services.aftercare.add_gesture(
            GestureDraft(d.id, GestureKind.FREE_SERVICE, Money(0)), today=today
        )
    assert [x.id for x in services.aftercare.expiring_gestures(today)] == [g.id]
    services.aftercare.set_gesture_used(g.id, today)
    assert services.aftercare.expiring_gestures(today) == []
    assert len(services.aftercare.gestures(dispute_id=d.id)) == 2


def test_reviews_log_follow_up_and_reply_templates(services):
    d = open_dispute(services)
    other = open_dispute(services, first="Jean", last="Petit")
    today = date(2026, 11, 20)
    r = services.aftercare.add_review(
        ReviewDraft(d.customer_id, d.id, "Google", "g.co/x", today, 1, "Nul !"), today=today
    )
    assert r.url == "https://g.co/x" and r.rating == 1 and r.answered_on is None
    with pytest.raises(ValidationError):
        services.aftercare.add_review(
            ReviewDraft(d.customer_id, other.id, "Google", rating=2), today=today
        )
    with pytest.raises(ValidationError):
        services.aftercare.add_review(ReviewDraft(d.customer_id, None, "Google", rating=7))
    r = services.aftercare.update_review(
        r.id, reply="Merci", answered_on=today, changed=True, new_rating=4
    )
    assert (r.reply, r.answered_on, r.changed, r.new_rating) == ("Merci", today, True, 4)
    with pytest.raises(ValidationError):
        services.aftercare.update_review(
            r.id, reply="", answered_on=today - timedelta(5), changed=False, new_rating=None
        )
    assert [x.id for x in services.aftercare.reviews(dispute_id=d.id)] == [r.id]
    en = services.aftercare.reply_draft(r.id, ReviewTone.RESOLVED, "en")
    fr = services.aftercare.reply_draft(r.id, ReviewTone.IN_PROGRESS, "fr")
    assert en.startswith("Hello Élise,") and "Moreau" not in en and "250" not in en
    assert fr.startswith("Bonjour Élise,") and "Moreau" not in fr


def test_voucher_letter_in_the_customers_language_with_escaped_text(services):
    from pypdf import PdfReader

    d = open_dispute(services)
    today = date(2026, 11, 20)
    g = services.aftercare.add_gesture(
        GestureDraft(
            d.id, GestureKind.VOUCHER, Money(3050), "R&D <b>chaise</b> a<b", today + timedelta(30)
        ),
        today=today,
    )
    import io

    def text(pdf: bytes) -> str:
        return " ".join((pg.extract_text() or "") for pg in PdfReader(io.BytesIO(pdf)).pages)

    fr = text(services.aftercare.gesture_pdf(g.id, today=today))  # customer speaks French
    assert "Bon d'achat" in fr and "30,50" in fr and g.code in fr
    assert "R&D <b>chaise</b> a<b" in fr and "20 décembre 2026" in fr
    en = text(services.aftercare.gesture_pdf(g.id, lang="en", today=today))
    assert "Valid until 20 December 2026" in en and "€30.50" in en
    doc = services.aftercare.issue_gesture_letter(g.id)
    assert doc.kind == "voucher" and doc.dispute_id == d.id
    assert services.aftercare.get_gesture(g.id).document_id == doc.id
    assert services.documents.path(doc).read_bytes().startswith(b"%PDF-")


def test_a_closing_undone_from_the_stage_menu_is_not_in_force(services):
    d = open_dispute(services)
    services.aftercare.close(d.id, _draft(refunded=Money(9900)), at=NOW)
    # Reopened and closed again through the plain stage menu, not the closing dialog.
    services.disputes.change_stage(
        d.id, DisputeStage.NEGOTIATION, reason="reopened", at=NOW + timedelta(hours=1)
    )
    assert services.aftercare.closure(d.id) is None
    services.disputes.change_stage(d.id, DisputeStage.RESOLVED, at=NOW + timedelta(hours=2))
    assert services.aftercare.closure(d.id) is None
    assert services.dashboard.stats(now=NOW + timedelta(days=1)).refunded == Money(0)
    c = services.aftercare.set_satisfaction(d.id, 3, "")
    assert c.refunded == Money(0) and services.aftercare.closure(d.id).satisfaction == 3


def test_closing_finishes_the_open_reminders_unless_asked_not_to(services):
    a = open_dispute(services)
    b = open_dispute(services, first="Jean", last="Petit")
    for d in (a, b):
        services.tasks.add("Rappeler le client", NOW + timedelta(days=1), dispute_id=d.id)
    services.aftercare.close(a.id, _draft(), at=NOW)
    services.aftercare.close(b.id, _draft(finish_tasks=False), at=NOW)
    assert services.tasks.list(dispute_id=a.id, open_only=True) == []
    [done] = services.tasks.list(dispute_id=a.id)
    assert done.done_at == NOW
    assert len(services.tasks.list(dispute_id=b.id, open_only=True)) == 1
