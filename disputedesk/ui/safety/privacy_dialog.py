"""Tools › Personal data (RGPD)…: export a customer's data (JSON + readable PDF), erase it on
request, and the customers the retention rule proposes to erase.

The export and the erasure run off the GUI thread (one job at a time; the buttons wait).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.records import Customer
from disputedesk.i18n import _, ngettext
from disputedesk.services import Services
from disputedesk.services.privacy_service import is_erased
from disputedesk.ui import background
from disputedesk.ui.disputes.formats import money
from disputedesk.ui.events import data_events
from disputedesk.ui.safety import formats
from disputedesk.ui.safety.prompts import Prompts


def customer_name(c: Customer) -> str:
    person = " ".join(p for p in (c.first_name, c.last_name) if p)
    if c.company:
        return f"{c.company} ({person})" if person else c.company
    return person or f"#{c.id}"


class PrivacyDialog(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        prompts: Prompts | None = None,
        *,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prompts = prompts or Prompts(self)
        self.synchronous = synchronous
        self._busy = False  # an export or erasure is running
        self.setWindowTitle(_("Personal data (RGPD)"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._customer_tab(), _("A customer's data"))
        self.tabs.addTab(self._retention_tab(), _("Retention"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    # --- tab 1: one customer ----------------------------------------------------------------
    def _customer_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        intro = QLabel(
            _(
                "A customer may ask for a copy of everything you hold about them, or for its "
                "erasure (RGPD articles 15, 17 and 20)."
            )
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search a customer by name, e-mail, town…"))
        self.search.textChanged.connect(lambda _t: self.reload_customers())
        v.addWidget(self.search)
        self.customers = QListWidget()
        self.customers.itemSelectionChanged.connect(self._update_buttons)
        v.addWidget(self.customers)
        row = QHBoxLayout()
        self.export_button = QPushButton(_("Export their data…"))
        self.erase_button = QPushButton(_("Erase their data…"))
        self.export_button.clicked.connect(self._export)
        self.erase_button.clicked.connect(self._erase_selected)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.erase_button)
        v.addLayout(row)
        return page

    # --- tab 2: retention -------------------------------------------------------------------
    def _retention_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Propose customers whose disputes all closed more than")))
        self.years = QSpinBox()
        self.years.setRange(1, 50)
        self.years.setValue(self.services.privacy.retention_years() or 5)
        self.years.setSuffix(" " + _("years ago"))
        self.years.valueChanged.connect(lambda _v: self.reload_retention())
        row.addWidget(self.years)
        row.addStretch(1)
        v.addLayout(row)
        note = QLabel(
            _(
                "Five years is the usual limitation period (Code civil, article 2224): past it, "
                "keep only what you must (for example invoices for your accounts)."
            )
        )
        note.setWordWrap(True)
        v.addWidget(note)
        self.candidates = QTableWidget(0, 3)
        self.candidates.setHorizontalHeaderLabels([_("Customer"), _("Disputes"), _("Last closed")])
        self.candidates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.candidates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.candidates.verticalHeader().hide()
        self.candidates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.candidates.itemSelectionChanged.connect(self._update_buttons)
        v.addWidget(self.candidates)
        self.none_label = QLabel(_("No customer to propose."))
        v.addWidget(self.none_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.erase_old_button = QPushButton(_("Erase the selected customers…"))
        self.erase_old_button.clicked.connect(self._erase_candidates)
        row.addWidget(self.erase_old_button)
        v.addLayout(row)
        return page

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.reload_customers()
        self.reload_retention()

    def reload_customers(self) -> None:
        try:
            found = self.services.customers.search(
                self.search.text(), include_archived=True, limit=500
            )
        except DisputeDeskError as err:
            self.prompts.warn(_("Personal data (RGPD)"), str(err))
            found = []
        self.customers.clear()
        for s in found:
            if is_erased(s.customer):
                continue
            item = QListWidgetItem(customer_name(s.customer))
            item.setData(Qt.ItemDataRole.UserRole, s.customer)
            self.customers.addItem(item)
        self._update_buttons()

    def reload_retention(self) -> None:
        try:
            self.proposed = self.services.privacy.retention_candidates(self.years.value())
        except DisputeDeskError as err:
            self.prompts.warn(_("Personal data (RGPD)"), str(err))
            self.proposed = []
        self.candidates.setRowCount(len(self.proposed))
        for row, cand in enumerate(self.proposed):
            for col, value in enumerate(
                (
                    customer_name(cand.customer),
                    str(cand.disputes),
                    formats.moment(cand.last_closed_at),
                )
            ):
                self.candidates.setItem(row, col, QTableWidgetItem(value))
        self.none_label.setVisible(not self.proposed)
        self._update_buttons()

    def selected_customer(self) -> Customer | None:
        items = self.customers.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected_candidates(self) -> list[Customer]:
        rows = sorted({i.row() for i in self.candidates.selectionModel().selectedRows()})
        return [self.proposed[r].customer for r in rows]

    def _update_buttons(self) -> None:
        idle = not self._busy
        has = self.selected_customer() is not None
        self.export_button.setEnabled(idle and has)
        self.erase_button.setEnabled(idle and has)
        self.erase_old_button.setEnabled(idle and bool(self.selected_candidates()))

    # --- actions ----------------------------------------------------------------------------
    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        self._busy = True
        self._update_buttons()

        def finished(result) -> None:
            self._busy = False
            self._update_buttons()
            done(result)

        def failed(exc) -> None:
            self._busy = False
            self._update_buttons()
            if isinstance(exc, DisputeDeskError):
                self.prompts.warn(_("Personal data (RGPD)"), str(exc))
            else:
                self.prompts.warn(
                    _("Personal data (RGPD)"),
                    _("This could not be done: {reason}").format(reason=str(exc)),
                )

        background.submit(self, work, finished, failed, synchronous=self.synchronous)

    def _export(self) -> None:
        customer = self.selected_customer()
        if customer is None:
            return
        folder = self.prompts.folder(_("Where to save the copy of their data"))
        if folder is None:
            return

        def done(paths) -> None:
            json_path, pdf_path = paths
            self.prompts.inform(
                _("Personal data (RGPD)"),
                _(
                    "The copy of {name}'s data was saved:\n{pdf}\n{json}\n\nGive both files to "
                    "the customer; the JSON file holds their documents and attachments too."
                ).format(name=customer_name(customer), pdf=str(pdf_path), json=str(json_path)),
            )

        self._run(lambda: self.services.privacy.write_export(customer.id, Path(folder)), done)

    def _erase_selected(self) -> None:
        customer = self.selected_customer()
        if customer is not None:
            self._erase([customer])

    def _erase_candidates(self) -> None:
        chosen = self.selected_candidates()
        if chosen:
            self._erase(chosen)

    def _erase(self, customers: list[Customer]) -> None:
        """Read what the customers still owe (off the GUI thread), then ask once."""
        ids = [c.id for c in customers]
        self._run(
            lambda: self.services.privacy.unpaid(ids),
            lambda owing: self._confirm_erase(customers, owing),
        )

    def _confirm_erase(self, customers: list[Customer], owing) -> None:
        names = ", ".join(customer_name(c) for c in customers[:5])
        if len(customers) > 5:
            names += ", …"
        if len(customers) == 1:
            text = _("Erase the personal data of {names}?").format(names=names)
        else:
            text = ngettext(
                "Erase the personal data of these {n} customers: {names}?",
                "Erase the personal data of these {n} customers: {names}?",
                len(customers),
            ).format(names=names, n=len(customers))
        text += "\n\n" + _(
            "Names, contact details, texts, journal entries, attached files, letters and other "
            "documents are deleted for good. The figures stay for your statistics (amounts, "
            "categories, stages, dates, outcomes). Backups made before today still hold the "
            "data until they are rotated away. This cannot be undone."
        )
        if owing:
            by_id = {c.id: c for c in customers}
            lines = [
                f"• {customer_name(by_id[u.customer_id])}: " + " + ".join(money(m) for m in u.owed)
                for u in owing
            ]
            text += "\n\n" + _(
                "Money is still owed on invoices. Erasing gives up these claims: you will no "
                "longer be able to send a reminder or a formal notice. The invoices themselves "
                "stay, as accounting records kept ten years."
            )
            text += "\n" + "\n".join(lines)
        if not self.prompts.ask(_("Erase personal data"), text):
            return
        ids = [c.id for c in customers]
        give_up = {u.customer_id for u in owing}

        def work():
            return [
                self.services.privacy.erase_customer(i, give_up_claims=i in give_up) for i in ids
            ]

        def done(reports) -> None:
            for r in reports:
                data_events().changed.emit("customer", r.customer_id)
            self.reload()
            files = sum(r.files_deleted for r in reports)
            self.prompts.inform(
                _("Erase personal data"),
                ngettext(
                    "The personal data of {n} customer was erased ({files} files deleted).",
                    "The personal data of {n} customers was erased ({files} files deleted).",
                    len(reports),
                ).format(n=len(reports), files=files),
            )

        self._run(work, done)


def open_privacy_dialog(parent: QWidget | None, services: Services) -> None:
    PrivacyDialog(services, parent).exec()
