"""The "Customers" page: the searchable list, the customer's form and the customer's disputes.

Left, the list (search as you type, sortable columns, archived customers only on request),
fetched page by page off the GUI thread. Right, the selected customer's form (Ctrl+N new,
Ctrl+S save; leaving it with unsaved changes asks first) and, under it, the customer's
disputes with "New dispute…". `select_customer(customer_id)` is what the main window calls
when something asks to open a customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError, NotFoundError
from disputedesk.i18n import _, ngettext
from disputedesk.ui.customers.customer_form import CustomerForm
from disputedesk.ui.customers.customer_table_model import NAME, CustomerTableModel
from disputedesk.ui.disputes.dispute_list import DisputeList
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
REFRESH_KINDS = ("customer", "dispute", "all", "business")


class Prompts:
    """The section's questions, in one object tests replace."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def unsaved(self, text: str) -> str:
        B = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.parent, _("Unsaved changes"), text, B.Save | B.Discard | B.Cancel, B.Save
        )
        return {B.Save: SAVE, B.Discard: DISCARD}.get(answer, CANCEL)


class CustomersSection(QWidget):
    SEARCH_DELAY_MS = 80  # queries take 10-60 ms on 100,000 customers; stale ones are dropped

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self.prompts = Prompts(self)
        self._syncing = False  # selection changes made by code, not by the user
        # What the user asked for while the form was being saved (done once it is saved).
        self._after_save: Callable[[], None] | None = None

        title = QLabel(_("Customers"), self)
        title.setStyleSheet("font-size: 15pt; font-weight: 600")
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(
            _("Search name, company, e-mail, phone, city or dispute reference…")
        )
        self.search_edit.setAccessibleName(_("Search the customers"))
        self.search_edit.setClearButtonEnabled(True)
        self.archived_check = QCheckBox(_("Show &archived"), self)
        self.archived_check.setAccessibleName(_("Show archived customers"))
        self.new_button = QPushButton(_("&New customer"), self)
        self.new_button.setToolTip(_("New customer (Ctrl+N)"))
        self.new_button.setAccessibleName(_("New customer"))
        self.archive_button = QPushButton(_("A&rchive"), self)
        self.archive_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.archived_check)
        bar.addWidget(self.archive_button)
        bar.addWidget(self.new_button)

        self.model = CustomerTableModel(services, self, synchronous=synchronous)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.model.attach(self.table)
        self.table.setAccessibleName(_("Customers"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row height: the view never measures rows, which keeps scrolling cheap.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        for column, width in zip(range(7), (170, 110, 140, 105, 100, 65, 105), strict=True):
            self.table.setColumnWidth(column, width)
        self.status = QLabel(self)
        self.status.setAccessibleName(_("Number of customers"))

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)

        self.form = CustomerForm(services, self, synchronous=synchronous)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # A refused field is scrolled into view before it gets the focus.
        self.form.checks.reveal = lambda widget: scroll.ensureWidgetVisible(widget, 0, 40)

        self.disputes_box = QGroupBox(_("Disputes of this customer"), self)
        self.disputes = DisputeList(services, self.disputes_box, synchronous=synchronous)
        self.new_dispute_button = QPushButton(_("New &dispute…"), self.disputes_box)
        self.new_dispute_button.setAccessibleName(_("Open a new dispute for this customer"))
        self.new_dispute_button.setEnabled(False)
        box_layout = QVBoxLayout(self.disputes_box)
        box_bar = QHBoxLayout()
        box_bar.addStretch(1)
        box_bar.addWidget(self.new_dispute_button)
        box_layout.addLayout(box_bar)
        box_layout.addWidget(self.disputes, 1)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(scroll)
        right.addWidget(self.disputes_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([830, 520])  # every list column visible on a 1366 px screen

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        for key, slot in (
            (QKeySequence.StandardKey.New, self.new_customer),
            (QKeySequence.StandardKey.Save, self.form.save),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._search_timer = QTimer(self, singleShot=True, interval=self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search_now)
        self._refresh_timer = QTimer(self, singleShot=True, interval=150)
        self._refresh_timer.timeout.connect(self.refresh)
        self.reader = BackgroundLoader(self, synchronous=synchronous)
        self.reader.sig_loaded.connect(self._on_reader_loaded)
        self.reader.sig_failed.connect(self._on_reader_failed)
        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)

        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_search_now)
        self.archived_check.toggled.connect(self.apply_search_now)
        self.new_button.clicked.connect(self.new_customer)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.new_dispute_button.clicked.connect(self.new_dispute)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.model.sig_loaded.connect(self._on_model_loaded)
        self.model.sig_total.connect(self._update_status)
        self.model.sig_failed.connect(self._on_model_failed)
        self.form.sig_saved.connect(self._on_form_saved)
        self.form.sig_save_failed.connect(self._on_form_save_failed)
        data_events().changed.connect(self._on_data_changed)

        self.status.setText(_("Loading…"))
        self.model.set_query(self.model.query)

    # --- Public -------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def refresh(self) -> None:
        self.model.refresh()

    def apply_search_now(self) -> None:
        self._search_timer.stop()
        query = replace(
            self.model.query,
            text=self.search_edit.text(),
            include_archived=self.archived_check.isChecked(),
        )
        if query != self.model.query:
            self.model.set_query(query)

    def select_customer(self, customer_id: int) -> None:
        if customer_id != self.form.customer_id and not self._may_leave_form(
            lambda: self.select_customer(customer_id)
        ):
            return
        self._select_row_of(customer_id)
        self._load_customer(customer_id)

    def new_customer(self) -> None:
        if not self._may_leave_form(self.new_customer):
            return
        self._syncing = True
        self.table.selectionModel().clearSelection()
        self.table.selectionModel().setCurrentIndex(
            self.model.index(-1, -1), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self._syncing = False
        self.form.new_customer()
        self._show_disputes_of(None)

    def toggle_archived(self) -> None:
        customer = self.form.customer
        if customer is None:
            return
        name = customer.display_name
        if customer.archived:
            title = _("Restore the customer")
            text = _("Restore {name}? The customer will be listed again.").format(name=name)
        else:
            title = _("Archive the customer")
            text = _(
                "Archive {name}? The customer is hidden from the list (tick “Show archived” to "
                "see them again); nothing is deleted, disputes and letters are kept."
            ).format(name=name)
        if not self.prompts.confirm(title, text):
            return
        archived = not customer.archived
        service, ident = self._services.customers, customer.id
        self.archive_button.setEnabled(False)
        self.writer.load(lambda: service.set_archived(ident, archived))

    def new_dispute(self) -> None:
        customer_id = self.form.customer_id
        if customer_id is None:
            return
        from disputedesk.ui.disputes.new_dispute_dialog import open_new_dispute

        open_new_dispute(self, self._services, customer_id)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.model.restyle()

    # --- Helpers ------------------------------------------------------------------------

    def _may_leave_form(self, then: Callable[[], None]) -> bool:
        """Ask before unsaved changes are lost; True when the form may show something else
        now. When the answer is Save and the save runs in the background, `then` is done once
        it succeeded."""
        if not self.form.is_dirty():
            return True
        answer = self.prompts.unsaved(
            _("The customer you were editing has changes that are not saved. Save them?")
        )
        if answer == CANCEL:
            return False
        if answer == DISCARD:
            self.form.revert()
            return True
        if not self.form.save():
            return False  # refused: the reason is next to the field, the form stays
        if self.form.writer.busy:
            self._after_save = then
            return False
        return True

    def _select_row_of(self, customer_id: int | None) -> None:
        self._syncing = True
        try:
            row = self.model.row_of(customer_id) if customer_id is not None else None
            selection = self.table.selectionModel()
            if row is None:
                selection.clearSelection()
            else:
                index = self.model.index(row, NAME)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _load_customer(self, customer_id: int) -> None:
        service = self._services.customers
        self.reader.load(lambda: service.get(customer_id))

    def _show_disputes_of(self, customer_id: int | None) -> None:
        self.disputes.set_customer(customer_id)
        self.new_dispute_button.setEnabled(customer_id is not None)
        customer = self.form.customer
        self.archive_button.setEnabled(customer is not None)
        self.archive_button.setText(
            _("Rest&ore") if customer is not None and customer.archived else _("A&rchive")
        )

    def _update_status(self, total: int | None = None) -> None:
        total = self.model.total if total is None else total
        if total is None:
            return
        text = self.search_edit.text().strip()
        if total:
            self.status.setText(
                ngettext("{count} customer", "{count} customers", total).format(count=total)
            )
        elif text:
            self.status.setText(_("No customer matches “{text}”.").format(text=text))
        else:
            self.status.setText(
                _("No customer yet. Create the first one with “New customer” (Ctrl+N).")
            )

    # --- Slots --------------------------------------------------------------------------

    def _on_table_current_changed(self, current, previous) -> None:
        if self._syncing or not current.isValid():
            return
        customer_id = self.model.customer_id(current.row())
        if customer_id is None or customer_id == self.form.customer_id:
            return
        if not self._may_leave_form(lambda: self.select_customer(customer_id)):
            # Stay on the customer being edited.
            QTimer.singleShot(0, self, lambda: self._select_row_of(self.form.customer_id))
            return
        self._load_customer(customer_id)

    def _on_model_loaded(self) -> None:
        self._select_row_of(self.form.customer_id)
        self._update_status()

    def _on_model_failed(self, reason: str) -> None:
        self.status.setText(_("The customers cannot be shown: {reason}").format(reason=reason))

    def _on_reader_loaded(self, customer) -> None:
        self.form.show_customer(customer)
        self._show_disputes_of(customer.id)
        if self.model.customer_id(self.table.currentIndex().row()) != customer.id:
            self._select_row_of(customer.id)  # the list may have arrived before the customer

    def _on_reader_failed(self, exc: object) -> None:
        reason = str(exc) if isinstance(exc, DisputeDeskError) else type(exc).__name__
        self.status.setText(reason)
        if isinstance(exc, NotFoundError) and not self.form.is_dirty():
            # Erased meanwhile (GDPR erasure): show nothing of it any more.
            self.form.new_customer()
            self._show_disputes_of(None)
            self.form.checks.show_error(exc)

    def _on_writer_loaded(self, customer) -> None:
        data_events().changed.emit("customer", customer.id)
        if not self.form.is_dirty():
            self.form.show_customer(customer)
        self._show_disputes_of(customer.id)
        self.model.refresh()

    def _on_writer_failed(self, exc: object) -> None:
        self._show_disputes_of(self.form.customer_id)
        self.form.checks.show_error(exc)

    def _on_form_saved(self, customer) -> None:
        self._show_disputes_of(customer.id)
        pending, self._after_save = self._after_save, None
        self._select_row_of(customer.id)
        if pending is not None:
            pending()

    def _on_form_save_failed(self) -> None:
        self._after_save = None  # the user stays on the form, with the reason shown

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if kind not in REFRESH_KINDS:
            return
        self._refresh_timer.start()
        shown = self.form.customer_id
        if (
            kind in ("customer", "all")
            and shown is not None
            and ident in (0, shown)
            and not self.form.is_dirty()
            and not self.form.writer.busy
        ):
            self._load_customer(shown)
