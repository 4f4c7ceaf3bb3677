"""The Overview tab and the stage change, driven through the real widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.errors import StoreError
from disputedesk.ui.disputes.overview_panel import OverviewPanel
from disputedesk.ui.disputes.stage_dialog import StageDialog
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import load_registry
from tests.support_disputes import shop  # noqa: F401


def _panel(qtbot, services, dispute_id):
    panel = OverviewPanel(services, synchronous=True)
    qtbot.addWidget(panel)
    panel.show_dispute(dispute_id)
    return panel


def test_registered(qtbot):
    reg = load_registry()
    assert "overview" in [p.key for p in reg.dispute_panels]
    assert reg.dispute_panels[0].key == "overview"
    assert "change_stage" in [a.key for a in reg.dispute_actions]
    assert [s.shortcut for s in reg.sections if s.key == "disputes"] == ["Ctrl+3"]


def test_overview_shows_facts_and_next_stages(qtbot, services, shop):  # noqa: F811
    panel = _panel(qtbot, services, shop.late_id)
    assert "Scratched table" in panel.heading.text()
    assert "Marie Durand" in panel.customer_link.text()
    assert "450" in panel.amount_label.text()
    assert panel.request_edit.toPlainText() == "A refund"
    assert "Received" in panel.stage_label.text()
    assert "Acknowledged" in panel.next_label.text()
    assert "Abandoned" in panel.next_label.text()
    assert not panel.has_unsaved_changes()


def test_edit_facts_with_validation(qtbot, services, shop):  # noqa: F811
    panel = _panel(qtbot, services, shop.late_id)
    seen = []
    data_events().changed.connect(lambda kind, ident: seen.append((kind, ident)))
    panel.amount_edit.clear()
    qtbot.keyClicks(panel.amount_edit, "abc")
    assert panel.has_unsaved_changes()
    panel.save()
    assert "abc" in panel.errors.text()
    assert services.disputes.get(shop.late_id).amount.minor == 45_000
    panel.amount_edit.setText("420,10")
    panel.description_edit.clear()
    panel.save()
    assert panel.errors.text()  # the customer's words are required
    qtbot.keyClicks(panel.description_edit, "Deep scratch on the top")
    qtbot.keyClicks(panel.lessons_edit, "Check before delivery")
    panel.outcome_combo.setCurrentIndex(panel.outcome_combo.findData(Outcome.PRICE_REDUCTION))
    panel.save()
    saved = services.disputes.get(shop.late_id)
    assert saved.amount.minor == 42_010
    assert saved.lessons_learned == "Check before delivery"
    assert saved.outcome is Outcome.PRICE_REDUCTION
    assert ("dispute", shop.late_id) in seen
    assert not panel.has_unsaved_changes()
    assert panel.saved_label.text() == "Saved."


def test_store_error_keeps_the_text_and_retry_works(qtbot, services, shop, monkeypatch):  # noqa: F811
    panel = _panel(qtbot, services, shop.late_id)
    qtbot.keyClicks(panel.lessons_edit, "Wrap better")
    real = services.disputes.update_facts
    calls = []

    def failing(*args, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("The disk is full.")
        return real(*args, **kw)

    monkeypatch.setattr(services.disputes, "update_facts", failing)
    panel.save()
    assert "disk is full" in panel.errors.general.text()
    assert panel.lessons_edit.toPlainText() == "Wrap better"
    assert panel.has_unsaved_changes()
    panel.save()
    assert services.disputes.get(shop.late_id).lessons_learned == "Wrap better"
    assert not panel.errors.general.isVisible()


def test_unsaved_edit_kept_on_reload_offered_on_switch(qtbot, services, shop, monkeypatch):  # noqa: F811
    panel = _panel(qtbot, services, shop.late_id)
    qtbot.keyClicks(panel.root_cause_edit, "Carrier")
    data_events().changed.emit("dispute", shop.late_id)
    panel.reload()
    assert panel.root_cause_edit.text() == "Carrier"
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Save)
    )
    panel.show_dispute(shop.calm_id)
    assert services.disputes.get(shop.late_id).root_cause == "Carrier"
    assert "Late delivery" in panel.heading.text()
    assert panel.root_cause_edit.text() == ""


def test_change_stage_offers_only_allowed_next(qtbot, services, shop):  # noqa: F811
    dialog = StageDialog(services, services.disputes.get(shop.late_id), synchronous=True)
    qtbot.addWidget(dialog)
    assert dialog.offered_stages() == [DisputeStage.ACKNOWLEDGED, DisputeStage.ABANDONED]
    seen = []
    data_events().changed.connect(lambda kind, ident: seen.append((kind, ident)))
    qtbot.keyClicks(dialog.note_edit, "Apology sent by e-mail")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    d = services.disputes.get(shop.late_id)
    assert d.stage is DisputeStage.ACKNOWLEDGED
    assert services.disputes.history(shop.late_id)[-1].reason == "Apology sent by e-mail"
    assert ("dispute", shop.late_id) in seen


def test_skipping_a_step_needs_a_note(qtbot, services, shop):  # noqa: F811
    dialog = StageDialog(services, services.disputes.get(shop.late_id), synchronous=True)
    qtbot.addWidget(dialog)
    dialog.select_stage(DisputeStage.MEDIATION)
    assert dialog.other_check.isChecked()
    dialog.save()
    assert "reason" in dialog.errors.text()
    assert services.disputes.get(shop.late_id).stage is DisputeStage.RECEIVED
    qtbot.keyClicks(dialog.note_edit, "Customer went to the mediator directly")
    dialog.save()
    assert services.disputes.get(shop.late_id).stage is DisputeStage.MEDIATION


def test_closing_records_the_outcome_and_panel_updates(qtbot, services, shop):  # noqa: F811
    panel = _panel(qtbot, services, shop.calm_id)
    services.disputes.change_stage(shop.calm_id, DisputeStage.ACKNOWLEDGED)
    services.disputes.change_stage(shop.calm_id, DisputeStage.UNDER_ANALYSIS)
    dialog = StageDialog(services, services.disputes.get(shop.calm_id), synchronous=True)
    qtbot.addWidget(dialog)
    dialog.select_stage(DisputeStage.RESOLVED)
    assert dialog.outcome_combo.isVisibleTo(dialog)
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData(Outcome.REFUND))
    dialog.save()
    d = services.disputes.get(shop.calm_id)
    assert d.stage is DisputeStage.RESOLVED and d.outcome is Outcome.REFUND
    qtbot.waitUntil(lambda: "Resolved" in panel.stage_label.text())
    assert "closed" in panel.next_label.text()
    assert panel.outcome_combo.currentData() == Outcome.REFUND


def test_stage_store_error_keeps_dialog_open(qtbot, services, shop, monkeypatch):  # noqa: F811
    dialog = StageDialog(services, services.disputes.get(shop.late_id), synchronous=True)
    qtbot.addWidget(dialog)
    real = services.disputes.change_stage
    monkeypatch.setattr(
        services.disputes,
        "change_stage",
        lambda *a, **k: (_ for _ in ()).throw(StoreError("The data folder is read-only.")),
    )
    qtbot.keyClicks(dialog.note_edit, "Called her")
    dialog.save()
    assert "read-only" in dialog.errors.general.text()
    assert dialog.note_edit.toPlainText() == "Called her"
    assert dialog.result() != dialog.DialogCode.Accepted
    monkeypatch.setattr(services.disputes, "change_stage", real)
    dialog.save()
    assert services.disputes.get(shop.late_id).stage is DisputeStage.ACKNOWLEDGED
