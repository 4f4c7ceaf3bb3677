"""Choose the customer a new dispute is about, from the Disputes page.

`pick_customer(parent, services) -> int | None`. Search as you type through the same
customer search as the Customers page (name, company, e-mail, phone, city, dispute
reference), read off the GUI thread; Enter or a double click picks the highlighted customer.
Archived customers are not offered: restore one on the Customers page first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from disputedesk.i18n import _, ngettext
from disputedesk.services.customer_service import CustomerQuery
from disputedesk.ui.disputes.form_support import error_text
from disputedesk.ui.timeline.loader import BackgroundLoader

SHOWN = 50  # enough to scroll through; typing narrows the list


class CustomerPickerDialog(QDialog):
    SEARCH_DELAY_MS = 150

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self.customer_id: int | None = None
        self._choose_when_loaded = False  # Enter pressed before the list caught up
        self.setWindowTitle(_("New dispute: which customer?"))
        self.setMinimumSize(460, 420)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Name, company, e-mail, phone, city…"))
        self.search_edit.setAccessibleName(_("Search the customers"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Customers"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Continue"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        label = QLabel(_("&Customer:"))
        label.setBuddy(self.search_edit)
        layout.addWidget(label)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.reader = BackgroundLoader(self, synchronous=synchronous)
        self.reader.sig_loaded.connect(self._on_loaded)
        self.reader.sig_failed.connect(self._on_failed)
        self._timer = QTimer(self, singleShot=True, interval=self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(self._timer.start)
        self.search_edit.returnPressed.connect(self.choose)
        self.results.currentRowChanged.connect(lambda row: self.ok_button.setEnabled(row >= 0))
        self.results.itemActivated.connect(lambda _item: self.choose())
        self.search_edit.installEventFilter(self)
        self.search_now()

    def eventFilter(self, watched, event) -> bool:
        # Up/Down in the search field move in the list, so the keyboard never leaves it.
        if watched is self.search_edit and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def search_now(self) -> None:
        self._timer.stop()
        service, query = self._services.customers, CustomerQuery(text=self.search_edit.text())
        self.ok_button.setEnabled(False)
        self.reader.load(lambda: service.page(query, 0, SHOWN))

    def _on_loaded(self, summaries) -> None:
        self.results.clear()
        for summary in summaries:
            customer = summary.customer
            where = ", ".join(p for p in (customer.address.city, customer.email) if p)
            text = f"{customer.display_name} — {where}" if where else customer.display_name
            if summary.open_disputes:
                text += "  " + ngettext(
                    "({count} open dispute)", "({count} open disputes)", summary.open_disputes
                ).format(count=summary.open_disputes)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            self.results.addItem(item)
        if summaries:
            self.results.setCurrentRow(0)
            self.status.setText(
                _("Showing the first {count}: type more to narrow.").format(count=SHOWN)
                if len(summaries) >= SHOWN
                else ""
            )
        elif self.search_edit.text().strip():
            self.status.setText(
                _(
                    "No customer matches “{text}”. Add the customer on the Customers page "
                    "first (Ctrl+N there), or check the spelling."
                ).format(text=self.search_edit.text().strip())
            )
        else:
            self.status.setText(
                _("There is no customer yet. Add one on the Customers page first (Ctrl+N there).")
            )
        self.ok_button.setEnabled(self.results.currentRow() >= 0)
        if self._choose_when_loaded:
            self._choose_when_loaded = False
            self.choose()

    def _on_failed(self, exc: object) -> None:
        self._choose_when_loaded = False
        self.results.clear()
        self.status.setText(error_text(exc))

    def choose(self) -> None:
        if self._timer.isActive():
            self.search_now()
        if self.reader.busy:
            # Enter typed before the list caught up: pick from the up-to-date list.
            self._choose_when_loaded = True
            return
        item = self.results.currentItem()
        if item is None:
            return
        self.customer_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


def pick_customer(parent, services) -> int | None:
    dialog = CustomerPickerDialog(services, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.customer_id
    finally:
        dialog.deleteLater()
