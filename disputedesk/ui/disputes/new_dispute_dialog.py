"""The form that opens a new dispute for a customer.

`open_new_dispute(parent, services, customer_id) -> int | None` returns the new dispute's id
(or None when cancelled), emits `data_events().changed("dispute", id)` and asks the main window
to open it. A refused field is named next to itself; a failed save keeps everything typed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.enums import Channel, DisputeCategory
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import DisputeDraft
from disputedesk.i18n import N_, _
from disputedesk.ui.disputes.form_support import FieldErrors, current_enum, error_label
from disputedesk.ui.disputes.formats import datetime_edit_format, parse_amount, ui_locale
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


def qdatetime_to_utc(value: QDateTime) -> datetime:
    return value.toPython().astimezone().astimezone(UTC)


class NewDisputeDialog(QDialog):
    def __init__(self, services, customer_id: int, parent=None, *, synchronous: bool = False):
        super().__init__(parent)
        self._services = services
        self._customer_id = customer_id
        self.dispute = None
        self.setWindowTitle(_("New dispute"))
        self.setMinimumWidth(560)
        try:
            self._currency = services.business.get().currency or "EUR"
            customer = services.customers.get(customer_id).display_name
        except Exception:  # shown as the general error when saving
            self._currency, customer = "EUR", ""

        self.customer_label = QLabel(customer)
        self.title_edit = QLineEdit(maxLength=200)
        self.title_edit.setPlaceholderText(_("In a few words, e.g. “Scratched table delivered”"))
        self.category_combo = QComboBox()
        for cat in DisputeCategory:
            self.category_combo.addItem(cat.label, cat)
        self.channel_combo = QComboBox()
        for ch in Channel:
            if ch is not Channel.INTERNAL_NOTE:
                self.channel_combo.addItem(ch.label, ch)
        self.received_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.received_edit.setDisplayFormat(datetime_edit_format())
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(300))
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("0,00" if ui_locale() == "fr_FR" else "0.00")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(_("What the customer says, in their own words."))
        self.description_edit.setTabChangesFocus(True)
        self.request_edit = QPlainTextEdit()
        self.request_edit.setPlaceholderText(_("What the customer asks for (refund, repair…)."))
        self.request_edit.setTabChangesFocus(True)
        self.request_edit.setMaximumHeight(80)

        for widget, name in (
            (self.title_edit, _("Title")),
            (self.category_combo, _("Category")),
            (self.channel_combo, _("Received by")),
            (self.received_edit, _("Received on")),
            (self.amount_edit, _("Amount at stake")),
            (self.description_edit, _("The complaint in the customer's words")),
            (self.request_edit, _("The customer's request")),
        ):
            widget.setAccessibleName(name)

        self.errors = FieldErrors(error_label(self))
        form = QFormLayout()
        form.addRow(_("Customer:"), self.customer_label)

        def row(text: str, widget: QWidget, field: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            label = error_label(self)
            box.addWidget(label)
            self.errors.add(field, label, widget)
            form.addRow(text, box)

        row(_("&Title:"), self.title_edit, "title")
        row(_("Ca&tegory:"), self.category_combo, "category")
        row(_("Received &by:"), self.channel_combo, "received_via")
        row(_("Received &on:"), self.received_edit, "received_at")
        row(_("&Amount at stake:"), self.amount_edit, "amount")
        row(_("The customer's &words:"), self.description_edit, "description")
        row(_("The customer's &request:"), self.request_edit, "customer_request")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Open the dispute"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)
        self.title_edit.setFocus()

    def draft(self) -> DisputeDraft:
        """The form as a draft; ValidationError (with its field) when something is wrong."""
        amount_text = self.amount_edit.text().strip()
        amount = (
            parse_amount(amount_text, self._currency) if amount_text else Money.zero(self._currency)
        )
        if not self.description_edit.toPlainText().strip():
            raise ValidationError(
                N_("Write down the complaint, in the customer's words."), field="description"
            )
        return DisputeDraft(
            customer_id=self._customer_id,
            category=current_enum(self.category_combo, DisputeCategory),
            description=self.description_edit.toPlainText(),
            amount=amount,
            customer_request=self.request_edit.toPlainText(),
            received_via=current_enum(self.channel_combo, Channel),
            received_at=qdatetime_to_utc(self.received_edit.dateTime()),
            title=self.title_edit.text(),
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            draft = self.draft()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self._set_busy(True)
        service = self._services.disputes
        self.writer.load(lambda: service.open(draft))

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def _on_writer_loaded(self, dispute) -> None:
        self._set_busy(False)
        self.dispute = dispute
        data_events().changed.emit("dispute", dispute.id)
        self.accept()

    def _on_writer_failed(self, exc: object) -> None:
        self._set_busy(False)
        self.errors.show(exc)

    def reject(self) -> None:
        if self.writer.busy:
            return  # the save finishes first; its result decides
        super().reject()


def open_new_dispute(parent, services, customer_id: int) -> int | None:
    dialog = NewDisputeDialog(services, customer_id, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.dispute is None:
            return None
        dispute_id = dialog.dispute.id
    finally:
        dialog.deleteLater()
    data_events().open_requested.emit("dispute", dispute_id)
    return dispute_id
