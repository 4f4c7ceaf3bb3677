"""Aftercare widgets: closing through the dialog, reopening, the panel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.money import Money
from disputedesk.ui.aftercare.close_dialog import CloseDisputeDialog, ReopenDialog
from tests.support_aftercare import open_dispute


def test_closing_through_the_dialog(qtbot, services):
    d = open_dispute(services)
    dlg = CloseDisputeDialog(services, d.id)
    qtbot.addWidget(dlg)
    dlg.outcome.setCurrentIndex(dlg.outcome.findData(Outcome.PARTIAL_REFUND.value))
    dlg.refunded.setText("80,50")
    dlg.fault.setCurrentIndex(1)
    dlg.root_cause.setEditText("Emballage insuffisant")  # a new cause, added to the list
    dlg.lesson.setPlainText("Double carton for tabletops")
    dlg.policy.setCurrentIndex(1)
    dlg.policy_title.setText("Double-box every tabletop")
    dlg.policy_owner.setText("Marc")
    dlg.satisfaction.setValue(4)
    dlg.satisfaction_word.setText("rassurée")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.result() == dlg.DialogCode.Accepted
    c = services.aftercare.closure(d.id)
    assert c.refunded == Money(8050) and c.recovered == Money(0)
    assert c.outcome is Outcome.PARTIAL_REFUND and c.shop_at_fault is True
    assert c.root_cause == "Emballage insuffisant" and c.satisfaction == 4
    assert ("Emballage insuffisant", "Emballage insuffisant") in services.aftercare.root_causes()
    [p] = services.aftercare.policies()
    assert p.title == "Double-box every tabletop" and p.owner == "Marc"
    assert services.disputes.get(d.id).stage is DisputeStage.RESOLVED


def test_bad_amount_keeps_the_dialog_open_with_a_message(qtbot, services):
    d = open_dispute(services)
    dlg = CloseDisputeDialog(services, d.id)
    qtbot.addWidget(dlg)
    dlg.lesson.setPlainText("keep me")
    dlg.refunded.setText("douze")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert "douze" in dlg.errors["refunded"].text()
    assert dlg.lesson.toPlainText() == "keep me"
    assert services.disputes.get(d.id).stage is DisputeStage.UNDER_ANALYSIS
    dlg.policy.setCurrentIndex(1)  # new policy without a title
    dlg.refunded.setText("")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.errors["policy_title"].text()
    assert services.disputes.get(d.id).stage is DisputeStage.UNDER_ANALYSIS


def test_reopen_dialog_needs_a_reason(qtbot, services):
    d = open_dispute(services)
    services.disputes.change_stage(d.id, DisputeStage.RESOLVED, outcome=Outcome.REFUND)
    dlg = ReopenDialog(services, d.id)
    qtbot.addWidget(dlg)
    assert dlg.stage.currentData() == DisputeStage.UNDER_ANALYSIS.value
    dlg.save()
    assert dlg.message.text() and services.disputes.get(d.id).stage is DisputeStage.RESOLVED
    dlg.reason.setPlainText("New damage found")
    dlg.save()
    assert services.disputes.get(d.id).stage is DisputeStage.UNDER_ANALYSIS


def test_panel_gesture_letter_and_review_follow_up(qtbot, services, monkeypatch, tmp_path):
    from datetime import UTC, date, datetime, timedelta

    from PySide6.QtGui import QGuiApplication

    from disputedesk.domain.aftercare import GestureDraft, GestureKind, ReviewDraft
    from disputedesk.ui.aftercare import gesture_dialog
    from disputedesk.ui.aftercare.aftercare_panel import AftercarePanel
    from disputedesk.ui.aftercare.extension import voucher_items
    from disputedesk.ui.aftercare.gesture_dialog import GestureDialog
    from disputedesk.ui.aftercare.review_dialog import ReviewDialog

    d = open_dispute(services)
    panel = AftercarePanel(services)
    panel.pdf_loader.synchronous = True
    qtbot.addWidget(panel)
    panel.show_dispute(d.id)
    assert panel.close_button.text() == "Close the dispute…"
    assert not panel.satisfaction_save.isEnabled()

    dlg = GestureDialog(services, d.id)
    qtbot.addWidget(dlg)
    dlg.value.setText("25")
    dlg.description.setText("Sur tout le magasin")
    dlg.expires_on.setDate(dlg.expires_on.date().currentDate().addDays(5))
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert dlg.gesture.value == Money(2500)
    assert panel.gesture_table.rowCount() == 1  # refreshed by the data event
    assert panel.gesture_table.item(0, 2).text() == dlg.gesture.code

    target = tmp_path / "bon.pdf"
    monkeypatch.setattr(
        gesture_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    panel._letter()
    assert target.read_bytes().startswith(b"%PDF-")
    assert services.aftercare.get_gesture(dlg.gesture.id).document_id is not None

    now = datetime.now(UTC)
    [item] = voucher_items(services, now)
    assert dlg.gesture.code in item.title and item.dispute_id == d.id
    services.aftercare.set_gesture_used(dlg.gesture.id, date.today())
    assert voucher_items(services, now) == []
    services.aftercare.add_gesture(
        GestureDraft(d.id, GestureKind.DISCOUNT, Money(500), "", date.today() + timedelta(60))
    )
    assert voucher_items(services, now) == []  # too far off to mention

    r = services.aftercare.add_review(ReviewDraft(d.customer_id, d.id, "Google", rating=2))
    rd = ReviewDialog(services, d.id, d.customer_id, services.aftercare.reviews()[0])
    qtbot.addWidget(rd)
    assert rd.lang.currentData() == "fr"  # the customer's language
    rd._draft()
    assert rd.reply.toPlainText().startswith("Bonjour Élise,")
    rd._copy()
    assert QGuiApplication.clipboard().text() == rd.reply.toPlainText()
    rd.answered.setChecked(True)
    rd.save()
    assert services.aftercare.reviews()[0].answered_on == date.today()
    assert services.aftercare.reviews()[0].reply.startswith("Bonjour")
    assert panel.review_table.rowCount() == 1 and r.id
    panel.grab().save(str(tmp_path / "panel.png"))


def test_policies_section_edit_and_export(qtbot, services, monkeypatch, tmp_path):
    from datetime import date

    from pypdf import PdfReader

    from disputedesk.domain.aftercare import PolicyDraft, PolicyStatus
    from disputedesk.ui.aftercare import gesture_dialog
    from disputedesk.ui.aftercare.policies_section import PoliciesSection

    section = PoliciesSection(services)
    section.pdf_loader.synchronous = True
    qtbot.addWidget(section)
    assert section.empty.isVisible() is False or section.table.rowCount() == 0
    d = open_dispute(services)
    services.aftercare.add_policy(
        PolicyDraft("Double-box tabletops & <legs>", owner="Marc", review_on=date(2020, 1, 1)),
        dispute_ids=(d.id,),
    )
    section.reload()
    assert section.table.rowCount() == 1
    assert "(due)" in section.table.item(0, 3).text()  # review date passed
    assert section.table.item(0, 4).text() == d.reference
    section.status.setCurrentIndex(section.status.findData(PolicyStatus.ADOPTED.value))
    section.owner.setText("Claire")
    section.save()
    [p] = services.aftercare.policies()
    assert p.status is PolicyStatus.ADOPTED and p.owner == "Claire"
    section._new()
    section.title.setText("")
    section.save()
    assert section.message.text()  # a title is required; nothing added
    assert len(services.aftercare.policies()) == 1

    target = tmp_path / "register.pdf"
    monkeypatch.setattr(
        gesture_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    section._export()
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "Double-box tabletops & <legs>" in text and d.reference in text and "Claire" in text


def test_today_lines_for_policy_reviews(services):
    from datetime import UTC, date, datetime, timedelta

    from disputedesk.domain.aftercare import PolicyDraft, PolicyStatus
    from disputedesk.ui.aftercare.extension import policy_items
    from disputedesk.ui.extensions import load_registry

    today = date.today()
    now = datetime.now(UTC)
    late = services.aftercare.add_policy(
        PolicyDraft("Confirm slots by SMS", owner="Marc", review_on=today - timedelta(2))
    )
    services.aftercare.add_policy(PolicyDraft("Later", review_on=today + timedelta(30)))
    [item] = policy_items(services, now)
    assert "Confirm slots by SMS" in item.title and item.overdue and item.open_key == "policies"
    assert item.detail == "In charge: Marc"
    services.aftercare.update_policy(
        late.id, PolicyDraft("Confirm slots by SMS"), PolicyStatus.REVIEWED
    )
    assert policy_items(services, now) == []
    reg = load_registry(("disputedesk.ui.aftercare.extension",))
    assert {a.key for a in reg.dispute_actions} == {"close_dispute", "gesture", "review"}
    assert [p.key for p in reg.dispute_panels] == ["aftercare"]
    assert [s.key for s in reg.sections] == ["dashboard", "policies"]
    assert {t.key for t in reg.today_sources} == {"vouchers", "policy_reviews"}


def test_owner_text_is_shown_as_typed_never_as_markup(qtbot, services):
    from PySide6.QtCore import Qt

    from disputedesk.domain.aftercare import ClosureDraft
    from disputedesk.ui.aftercare.aftercare_panel import AftercarePanel

    d = open_dispute(services)
    services.aftercare.close(
        d.id,
        ClosureDraft(Outcome.REFUND, Money(0), Money(0), None, "", lesson="<b>R&D</b> a<b"),
    )
    panel = AftercarePanel(services)
    qtbot.addWidget(panel)
    panel.show_dispute(d.id)
    assert panel.summary.textFormat() == Qt.TextFormat.PlainText
    assert "Lesson: <b>R&D</b> a<b" in panel.summary.text()


def test_destroyed_views_no_longer_listen_to_data_events(qtbot, services):
    """A view closed and deleted must not be called by later data events (other tests and the
    window would get "C++ object already deleted" errors)."""
    from disputedesk.ui.aftercare.aftercare_panel import AftercarePanel
    from disputedesk.ui.aftercare.dashboard_section import DashboardSection
    from disputedesk.ui.aftercare.policies_section import PoliciesSection
    from disputedesk.ui.events import data_events

    for cls in (AftercarePanel, DashboardSection, PoliciesSection):
        w = cls(services)
        if hasattr(w, "loader"):
            w.loader.synchronous = True
        w.deleteLater()
        qtbot.waitUntil(lambda w=w: not _alive(w))
    data_events().changed.emit("dispute", 0)  # pytest-qt fails the test on any slot error


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)
