"""Choosing Resolved or Abandoned in "Change the stage" opens the closing form, so a closed
dispute always has its closing record; a closed dispute goes to the reopen form."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.money import Money
from disputedesk.ui.aftercare.close_dialog import CloseDisputeDialog, ReopenDialog
from disputedesk.ui.disputes.stage_dialog import StageDialog, open_change_stage
from tests.support_disputes import shop  # noqa: F401


def _drive(monkeypatch, stage_steps, close_steps=None, reopen_steps=None):
    """Replace exec() of the three dialogs by the given steps; returns what each saw."""
    seen: dict[str, object] = {}

    def run(name, steps):
        def exec_(dialog):
            seen[name] = dialog
            if steps is None:
                raise AssertionError(f"{name} was not expected to open")
            steps(dialog)
            return dialog.result()

        return exec_

    monkeypatch.setattr(StageDialog, "exec", run("stage", stage_steps))
    monkeypatch.setattr(CloseDisputeDialog, "exec", run("close", close_steps))
    monkeypatch.setattr(ReopenDialog, "exec", run("reopen", reopen_steps))
    return seen


def test_abandoned_hands_over_to_the_closing_form(qtbot, services, shop, monkeypatch):  # noqa: F811
    def pick_abandoned(dialog):
        dialog.select_stage(DisputeStage.ABANDONED)
        assert dialog.ok_button.text() == "Continue to the closing form…"
        assert not dialog.outcome_combo.isVisibleTo(dialog)
        assert not dialog.note_edit.isVisibleTo(dialog)  # the closing form asks for it
        assert "closing form" in dialog.reason_hint.text()
        dialog.save()

    def close(dialog):
        assert dialog.abandoned.isChecked()
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.EXPLANATION_ACCEPTED))
        dialog.refunded.setText("0")
        dialog.lesson.setPlainText("Photograph tables before delivery")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    seen = _drive(monkeypatch, pick_abandoned, close)
    assert open_change_stage(None, services, shop.late_id) is True
    # The stage dialog itself wrote nothing: the closing form did, with its record.
    d = services.disputes.get(shop.late_id)
    assert d.stage is DisputeStage.ABANDONED
    closure = services.aftercare.closure(shop.late_id)
    assert closure.refunded == Money(0) and closure.lesson == "Photograph tables before delivery"
    assert seen["close"].result() == QDialog.DialogCode.Accepted


def test_cancelling_the_closing_form_leaves_the_dispute_open(
    qtbot,
    services,
    shop,  # noqa: F811
    monkeypatch,
):
    services.disputes.change_stage(shop.calm_id, DisputeStage.ACKNOWLEDGED)
    services.disputes.change_stage(shop.calm_id, DisputeStage.UNDER_ANALYSIS)

    def pick_resolved(dialog):
        dialog.select_stage(DisputeStage.RESOLVED)
        dialog.save()

    def close(dialog):
        assert not dialog.abandoned.isChecked()
        dialog.reject()

    _drive(monkeypatch, pick_resolved, close)
    assert open_change_stage(None, services, shop.calm_id) is False
    assert services.disputes.get(shop.calm_id).stage is DisputeStage.UNDER_ANALYSIS


def test_an_ordinary_move_does_not_open_the_closing_form(qtbot, services, shop, monkeypatch):  # noqa: F811
    def acknowledge(dialog):
        dialog.select_stage(DisputeStage.ACKNOWLEDGED)
        assert dialog.ok_button.text() == "Change the stage"
        assert dialog.note_edit.isVisibleTo(dialog)
        dialog.note_edit.setPlainText("Called back")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)

    _drive(monkeypatch, acknowledge)
    assert open_change_stage(None, services, shop.late_id) is True
    assert services.disputes.get(shop.late_id).stage is DisputeStage.ACKNOWLEDGED


def test_a_closed_dispute_goes_to_the_reopen_form(qtbot, services, shop, monkeypatch):  # noqa: F811
    def reopen(dialog):
        dialog.reason.setPlainText("The customer found a second scratch")
        dialog.save()

    _drive(monkeypatch, None, None, reopen)
    assert open_change_stage(None, services, shop.closed_id) is True
    d = services.disputes.get(shop.closed_id)
    assert not d.stage.is_closed
    assert services.disputes.history(shop.closed_id)[-1].reason == (
        "The customer found a second scratch"
    )
