"""Change a dispute's stage: the natural next stages are offered; others need a reason.

`open_change_stage(parent, services, dispute_id) -> bool`. The move is recorded by
`dispute_service.change_stage` (the stage history keeps the note); a failed save keeps the
dialog open with what was typed.

Closing (Resolved, Abandoned) and reopening go through the aftercare dialogs, so a closed
dispute always has its closing record (amounts refunded or recovered, fault, root cause,
lesson) and a reopened one its reason: the dialog hands over to the closing form instead of
only moving the stage.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.stages import allowed_next, needs_reason
from disputedesk.i18n import _
from disputedesk.ui.disputes.form_support import FieldErrors, current_enum, error_label
from disputedesk.ui.disputes.formats import datetime_edit_format, short_moment
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


class StageDialog(QDialog):
    def __init__(
        self,
        services,
        dispute,
        parent=None,
        *,
        synchronous: bool = False,
        closing_form: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._dispute = dispute
        self._closing_form = closing_form
        self.result_dispute = None
        # The closed stage chosen when the closing form takes over (see `hands_over`).
        self.close_to: DisputeStage | None = None
        self.setWindowTitle(
            _("Change the stage of {reference}").format(reference=dispute.reference)
        )
        self.setMinimumWidth(480)

        current = QLabel(
            _("Now: {stage}, since {moment}").format(
                stage=dispute.stage.label, moment=short_moment(dispute.stage_changed_at)
            )
        )
        self.stage_combo = QComboBox()
        self.stage_combo.setAccessibleName(_("New stage"))
        self.other_check = QCheckBox(_("Show the other stages (a reason is then required)"))
        self.outcome_label = QLabel(_("&Outcome:"))
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(_("Outcome"))
        self.outcome_combo.addItem(_("(not recorded)"), None)
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome)
        if dispute.outcome is not None:
            self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(dispute.outcome))
        self.outcome_label.setBuddy(self.outcome_combo)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.at_edit.setDisplayFormat(datetime_edit_format())
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setAccessibleName(_("Date of the change"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(90)
        self.reason_hint = QLabel()
        self.reason_hint.setWordWrap(True)

        self.errors = FieldErrors(error_label(self))
        form = self._form = QFormLayout()
        form.addRow(current)
        stage_label = QLabel(_("&New stage:"))
        stage_label.setBuddy(self.stage_combo)
        form.addRow(stage_label, self.stage_combo)
        form.addRow("", self.other_check)
        form.addRow(self.outcome_label, self.outcome_combo)
        form.addRow(_("&Date:"), self.at_edit)
        note_label = QLabel(_("N&ote:"))
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)
        form.addRow("", self.reason_hint)
        for field, widget in (
            ("stage", self.stage_combo),
            ("reason", self.note_edit),
            ("at", self.at_edit),
        ):
            label = error_label(self)
            form.addRow("", label)
            self.errors.add(field, label, widget)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Change the stage"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)
        self.other_check.toggled.connect(self._fill_stages)
        self.stage_combo.currentIndexChanged.connect(self._on_stage_changed)
        # A closed dispute has no natural next stage: reopening is an exception with a reason.
        if not allowed_next(dispute.stage):
            self.other_check.setChecked(True)
            self.other_check.setEnabled(False)
        self._fill_stages()
        self.stage_combo.setFocus()

    def offered_stages(self) -> list[DisputeStage]:
        return [DisputeStage(self.stage_combo.itemData(i)) for i in range(self.stage_combo.count())]

    def select_stage(self, stage: DisputeStage) -> None:
        index = self.stage_combo.findData(stage)
        if index < 0 and not self.other_check.isChecked():
            self.other_check.setChecked(True)
            index = self.stage_combo.findData(stage)
        self.stage_combo.setCurrentIndex(index)

    def _fill_stages(self) -> None:
        keep = current_enum(self.stage_combo, DisputeStage)
        natural = allowed_next(self._dispute.stage)
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        for stage in natural:
            self.stage_combo.addItem(stage.label, stage)
        if self.other_check.isChecked():
            for stage in DisputeStage:
                if stage not in natural and stage is not self._dispute.stage:
                    self.stage_combo.addItem(
                        _("{stage} (needs a reason)").format(stage=stage.label), stage
                    )
        self.stage_combo.blockSignals(False)
        index = self.stage_combo.findData(keep) if keep is not None else 0
        self.stage_combo.setCurrentIndex(max(index, 0))
        self._on_stage_changed()

    def hands_over(self, target: DisputeStage | None) -> bool:
        """True when moving to `target` is done by the closing form rather than here."""
        return (
            self._closing_form
            and target is not None
            and target.is_closed
            and not self._dispute.stage.is_closed
        )

    def _on_stage_changed(self) -> None:
        target = current_enum(self.stage_combo, DisputeStage)
        closing = target is not None and target.is_closed
        handover = self.hands_over(target)
        self.outcome_label.setVisible(closing and not handover)
        self.outcome_combo.setVisible(closing and not handover)
        for widget in (self.at_edit, self.note_edit):  # the closing form asks for these
            self._form.setRowVisible(widget, not handover)
        self.ok_button.setText(
            _("Continue to the closing form…") if handover else _("Change the stage")
        )
        if handover:
            self.reason_hint.setText(
                _(
                    "Closing records the outcome, what was refunded or recovered, the root "
                    "cause and the lesson learned: the closing form opens next."
                )
            )
            self.note_edit.setPlaceholderText("")
        elif target is not None and needs_reason(self._dispute.stage, target):
            self.reason_hint.setText(_("This move skips the usual steps: say why in the note."))
            self.note_edit.setPlaceholderText(_("Why (required)"))
        else:
            self.reason_hint.setText("")
            self.note_edit.setPlaceholderText(_("What happened (optional)"))

    def save(self) -> None:
        self.errors.clear()
        target = current_enum(self.stage_combo, DisputeStage)
        if target is None:
            return
        if self.hands_over(target):
            self.close_to = target
            self.accept()
            return
        at = self.at_edit.dateTime().toPython().astimezone().astimezone(UTC)
        if at > datetime.now(UTC):
            at = datetime.now(UTC)  # the seconds the dialog stayed open
        outcome = current_enum(self.outcome_combo, Outcome) if target.is_closed else None
        note = self.note_edit.toPlainText()
        service, dispute_id = self._services.disputes, self._dispute.id
        self.buttons.setEnabled(False)
        self.writer.load(
            lambda: service.change_stage(dispute_id, target, reason=note, at=at, outcome=outcome)
        )

    def _on_writer_loaded(self, dispute) -> None:
        self.buttons.setEnabled(True)
        self.result_dispute = dispute
        data_events().changed.emit("dispute", dispute.id)
        self.accept()

    def _on_writer_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.errors.show(exc)

    def reject(self) -> None:
        if self.writer.busy:
            return
        super().reject()


def open_change_stage(parent, services, dispute_id: int) -> bool:
    from PySide6.QtWidgets import QMessageBox

    try:
        dispute = services.disputes.get(dispute_id)
    except DisputeDeskError as exc:
        QMessageBox.warning(parent, _("Change the stage"), str(exc))
        return False
    from disputedesk.ui.aftercare.close_dialog import open_close_dialog

    if dispute.stage.is_closed:
        return open_close_dialog(parent, services, dispute_id)  # the reopen form
    dialog = StageDialog(services, dispute, parent, closing_form=True)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        close_to = dialog.close_to
    finally:
        dialog.deleteLater()
    if close_to is None:
        return True
    return open_close_dialog(
        parent, services, dispute_id, abandoned=close_to is DisputeStage.ABANDONED
    )
