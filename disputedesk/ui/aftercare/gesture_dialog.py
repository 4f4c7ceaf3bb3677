"""Recording a loyalty gesture (voucher, discount, free service) and producing its letter."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.aftercare import GestureDraft, GestureKind
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.i18n import _
from disputedesk.ui.aftercare.common import (
    error_label,
    error_text,
    from_qdate,
    parse_money,
    to_qdate,
)
from disputedesk.ui.events import data_events


class GestureDialog(QDialog):
    def __init__(self, services, dispute_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute = services.disputes.get(dispute_id)
        self.gesture = None
        self.setWindowTitle(
            _("Loyalty gesture — {reference}").format(reference=self.dispute.reference)
        )
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for k in GestureKind:
            self.kind.addItem(k.label, k.value)
        form.addRow(_("&Kind:"), self.kind)
        self.value = QLineEdit()
        form.addRow(
            _("&Value ({currency}):").format(currency=self.dispute.amount.currency), self.value
        )
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("e.g. valid on the whole shop, free delivery"))
        self.description.setMaxLength(300)  # what the voucher card prints
        form.addRow(_("&Description:"), self.description)
        self.expires = QCheckBox(_("Expires on"))
        self.expires.setChecked(True)
        self.expires_on = QDateEdit(to_qdate(date.today() + timedelta(days=180)))
        self.expires_on.setCalendarPopup(True)
        self.expires.toggled.connect(self.expires_on.setEnabled)
        form.addRow(self.expires, self.expires_on)
        layout.addLayout(form)
        self.message = error_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record the gesture"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            try:
                value = parse_money(self.value.text(), self.dispute.amount.currency)
            except ValidationError as exc:
                raise ValidationError(exc.message, field="value", **exc.params) from exc
            self.gesture = self.services.aftercare.add_gesture(
                GestureDraft(
                    dispute_id=self.dispute.id,
                    kind=GestureKind(self.kind.currentData()),
                    value=value,
                    description=self.description.text(),
                    expires_on=from_qdate(self.expires_on.date())
                    if self.expires.isChecked()
                    else None,
                )
            )
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        data_events().changed.emit("dispute", self.dispute.id)
        self.accept()


def save_copy(parent, suggested: str, data: bytes) -> str | None:
    """Ask where to save a copy of a PDF; returns the path written, None if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save a copy"), suggested, _("PDF documents (*.pdf)")
    )
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def open_gesture_dialog(parent, services, dispute_id: int) -> bool:
    dlg = GestureDialog(services, dispute_id, parent)
    return dlg.exec() == QDialog.DialogCode.Accepted
