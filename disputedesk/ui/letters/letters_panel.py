"""The dispute's Letters tab: every letter issued, with its registered-mail number and the
date of the signed acknowledgement of receipt (evidence; it starts interest on a formal
notice to pay), recorded here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.ui.disputes.form_support import error_label, error_text
from disputedesk.ui.events import data_events

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class LettersPanel(QWidget):
    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute_id: int | None = None
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("letters")
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Letter"), _("Deadline"), _("Registered no."), _("Received on"), ""]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_a: self._on_open_clicked())
        self.write = QPushButton(_("Write a letter…"))
        self.write.clicked.connect(self._on_write_clicked)
        self.open = QPushButton(_("Open"))
        self.open.clicked.connect(self._on_open_clicked)
        self.receipt = QPushButton(_("Registered mail: number and receipt…"))
        self.receipt.setObjectName("receipt")
        self.receipt.clicked.connect(self._on_receipt_clicked)
        self.error = error_label()
        buttons = QHBoxLayout()
        for b in (self.write, self.open, self.receipt):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        data_events().changed.connect(self._on_data_changed)
        self._update_buttons()

    def show_dispute(self, dispute_id: int | None) -> None:
        self.dispute_id = dispute_id
        self.reload()

    def _on_data_changed(self, kind: str, _id: int) -> None:
        if kind in ("dispute", "journal", "document", "letter") and self.dispute_id:
            self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        self.letters = {}
        if self.dispute_id is None:
            self._update_buttons()
            return
        try:
            issued = self.services.letters.list(self.dispute_id)
        except DisputeDeskError as err:
            self.error.setText(error_text(err))
            self.error.setVisible(True)
            return
        for row, letter in enumerate(reversed(issued)):
            self.letters[letter.id] = letter
            self.table.insertRow(row)
            received = _d(letter.receipt_date)
            if letter.returned_unclaimed:
                received = _("returned unclaimed")
            values = [
                _d(letter.sent_on),
                f"{letter.kind.label} — {letter.subject}",
                _d(letter.deadline),
                letter.tracking_number if letter.registered else "—",
                received if letter.registered else "—",
                "",
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, letter.id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self):
        items = self.table.selectedItems()
        return self.letters.get(items[0].data(ID_ROLE)) if items else None

    def _update_buttons(self) -> None:
        letter = self.selected()
        self.write.setEnabled(self.dispute_id is not None)
        self.open.setEnabled(letter is not None)
        self.receipt.setEnabled(letter is not None and letter.registered)

    def _on_write_clicked(self) -> None:
        from disputedesk.ui.letters import open_letter_wizard

        if self.dispute_id is not None:
            open_letter_wizard(self, self.services, self.dispute_id)

    def _on_open_clicked(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        try:
            path = self.services.letters.pdf_path(letter)
        except DisputeDeskError as err:
            self.error.setText(error_text(err))
            self.error.setVisible(True)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_receipt_clicked(self) -> None:
        letter = self.selected()
        if letter is not None and ReceiptDialog(self.services, letter, self).exec():
            data_events().changed.emit("letter", letter.id)
            data_events().changed.emit("journal", letter.dispute_id)
            self.reload()


class ReceiptDialog(QDialog):
    """Tracking number and the date on the signed acknowledgement of receipt (or returned
    unclaimed). Both are evidence; the receipt date starts interest (Code civil 1344-1)."""

    def __init__(self, services, letter, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.letter = letter
        self.setWindowTitle(_("Registered letter"))
        self.number = QLineEdit(letter.tracking_number)
        self.number.setObjectName("number")
        self.number.setMaxLength(40)
        self.has_receipt = QCheckBox(_("The acknowledgement of receipt came back, signed on:"))
        self.has_receipt.setObjectName("has_receipt")
        self.date = QDateEdit()
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        sent = letter.sent_on
        self.date.setMinimumDate(QDate(sent.year, sent.month, sent.day))
        self.date.setMaximumDate(QDate.currentDate())
        when = letter.receipt_date or date.today()
        self.date.setDate(QDate(when.year, when.month, when.day))
        self.has_receipt.setChecked(
            letter.receipt_date is not None and not letter.returned_unclaimed
        )
        self.unclaimed = QCheckBox(_("The letter came back unclaimed"))
        self.unclaimed.setObjectName("unclaimed")
        self.unclaimed.setChecked(letter.returned_unclaimed)
        self.unclaimed.toggled.connect(lambda on: on and self.has_receipt.setChecked(False))
        self.has_receipt.toggled.connect(lambda on: on and self.unclaimed.setChecked(False))
        self.error = error_label()
        self.error.setObjectName("error")
        hint = QLabel(
            _(
                "Keep the signed receipt: it proves the date the formal notice reached the "
                "customer, from which interest runs. A letter returned unclaimed may not count "
                "as a formal notice: ask a commissaire de justice."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Tracking number:"), self.number)
        form.addRow(self.has_receipt, self.date)
        form.addRow("", self.unclaimed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_save(self) -> None:
        service = self.services.letters
        try:
            service.record_tracking(self.letter.id, self.number.text())
            if self.has_receipt.isChecked():
                service.record_receipt(self.letter.id, self.date.date().toPython())
            elif self.unclaimed.isChecked():
                service.record_receipt(self.letter.id, None, returned_unclaimed=True)
        except Exception as err:  # the dialog stays open with what was typed
            self.error.setText(error_text(err))
            self.error.setVisible(True)
            return
        self.accept()
