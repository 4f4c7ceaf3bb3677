"""A reusable list of disputes: of one customer, or of all (open) disputes with filters.

`DisputeList(services, parent)`; `set_customer(customer_id | None)`. Activating a row (double
click, Enter) asks the main window to open the dispute through
`data_events().open_requested`. Loads run off the GUI thread; the list reloads itself when
data changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, ngettext
from disputedesk.ui.disputes.dispute_table_model import (
    CUSTOMER,
    ID_ROLE,
    OPENED,
    TITLE,
    DisputeTableModel,
)
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader

# Rows fetched at a time: the first page shows fast, the next ones come while scrolling.
PAGE_SIZE = 500


@dataclass(frozen=True)
class DisputeFilter:
    customer_id: int | None = None
    open_only: bool = False
    stage: DisputeStage | None = None
    category: DisputeCategory | None = None
    overdue_only: bool = False
    text: str = ""


class DisputeList(QWidget):
    """Table of disputes. Without a customer it is empty unless `all_when_no_customer`."""

    sig_dispute_activated = Signal(int)
    sig_loaded = Signal(int)  # number of lines shown

    def __init__(
        self,
        services,
        parent=None,
        *,
        all_when_no_customer: bool = False,
        open_only: bool = False,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._all_when_no_customer = all_when_no_customer
        self._filter = DisputeFilter(open_only=open_only)
        self._select_after_load: int | None = None
        self._sized = False
        self._generation = 0

        self.model = DisputeTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Disputes"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(OPENED, Qt.SortOrder.DescendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        # Fitting a column to its text measures this many rows, not the default 1,000
        # (half a second of GUI thread on a page of 500 disputes).
        self.view.horizontalHeader().setResizeContentsPrecision(20)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(TITLE, 240)
        header.setHighlightSections(False)
        self.view.activated.connect(self._on_view_activated)

        self.status = QLabel(self)
        self.status.setAccessibleName(_("Number of disputes shown"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        # Next pages, when the view scrolls to the end of what is loaded.
        self.pager = BackgroundLoader(self, synchronous=synchronous)
        self.pager.sig_loaded.connect(self._on_pager_loaded)
        self.pager.sig_failed.connect(self._on_loader_failed)
        self.model.sig_more_requested.connect(self._load_more)
        self.model.sig_sort_requested.connect(self.reload)
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self.reload)
        data_events().changed.connect(self._on_data_changed)
        self.reload()

    # --- Public -------------------------------------------------------------------------

    @property
    def filter(self) -> DisputeFilter:
        return self._filter

    def set_customer(self, customer_id: int | None) -> None:
        self.view.setColumnHidden(CUSTOMER, customer_id is not None)
        self.set_filter(replace(self._filter, customer_id=customer_id))

    def set_filter(self, flt: DisputeFilter) -> None:
        self._filter = flt
        self.reload()

    def selected_dispute_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(ID_ROLE)

    def select_dispute(self, dispute_id: int) -> None:
        row = self.model.row_of(dispute_id)
        if row is None:
            self._select_after_load = dispute_id
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def reload(self) -> None:
        flt = self._filter
        self._generation += 1
        self.pager.cancel()
        if flt.customer_id is None and not self._all_when_no_customer:
            self.loader.cancel()
            self.model.set_lines([])
            self.status.setText(_("No customer selected."))
            return
        service = self._services.disputes
        sort, descending = self.model.sort_state
        generation = self._generation

        def fetch():
            now = datetime.now(UTC)
            lines = service.lines(
                **self._query(flt, now), sort=sort, descending=descending, limit=PAGE_SIZE
            )
            if len(lines) < PAGE_SIZE:  # everything is here: count it without a query
                total, overdue = len(lines), sum(1 for line in lines if line.overdue)
            else:
                total, overdue = service.count_lines(**self._query(flt, now))
            return generation, lines, total, overdue

        if self.model.rowCount() == 0:
            self.status.setText(_("Loading…"))
        self.loader.load(fetch)

    def _load_more(self) -> None:
        flt = self._filter
        service = self._services.disputes
        sort, descending = self.model.sort_state
        generation, offset = self._generation, self.model.rowCount()

        def fetch():
            lines = service.lines(
                **self._query(flt, datetime.now(UTC)),
                sort=sort,
                descending=descending,
                limit=PAGE_SIZE,
                offset=offset,
            )
            return generation, lines

        self.pager.load(fetch)

    @staticmethod
    def _query(flt: DisputeFilter, now: datetime) -> dict:
        return {
            "customer_id": flt.customer_id,
            "open_only": flt.open_only,
            "stage": flt.stage,
            "category": flt.category,
            "overdue_only": flt.overdue_only,
            "text": flt.text,
            "now": now,
        }

    # --- Slots --------------------------------------------------------------------------

    def _on_loader_loaded(self, result) -> None:
        generation, lines, count, overdue = result
        if generation != self._generation:
            return
        keep = self._select_after_load or self.selected_dispute_id()
        self._select_after_load = None
        self.model.set_lines(lines, count)
        self._size_columns()
        if count:
            text = ngettext("{count} dispute", "{count} disputes", count).format(count=count)
            if overdue:
                text += " — " + ngettext(
                    "{count} with an overdue deadline", "{count} with an overdue deadline", overdue
                ).format(count=overdue)
        elif self._filter.customer_id is not None and not self._is_filtered():
            text = _("This customer has no dispute.")
        else:
            text = _("No dispute matches.")
        self.status.setText(text)
        if keep is not None:
            self.select_dispute(keep)
        self.sig_loaded.emit(count)

    def _size_columns(self) -> None:
        # Fit the short columns to their text once; measuring costs a pass over the rows, so
        # big lists keep the header's widths.
        if self._sized or self.model.rowCount() == 0:
            return
        self._sized = True
        for col in range(self.model.columnCount()):
            if col != TITLE:
                self.view.resizeColumnToContents(col)
                self.view.setColumnWidth(col, min(self.view.columnWidth(col) + 8, 180))

    def _on_pager_loaded(self, result) -> None:
        generation, lines = result
        if generation == self._generation:
            self.model.append_lines(lines)

    def _is_filtered(self) -> bool:
        f = self._filter
        return bool(f.stage or f.category or f.overdue_only or f.text.strip())

    def _on_loader_failed(self, exc: object) -> None:
        self.model.set_lines([])
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.status.setText(_("The disputes cannot be shown: {reason}").format(reason=reason))

    def _on_view_activated(self, index) -> None:
        dispute_id = index.data(ID_ROLE)
        if dispute_id is None:
            return
        self.sig_dispute_activated.emit(dispute_id)
        data_events().open_requested.emit("dispute", dispute_id)

    def _on_data_changed(self, kind: str, _ident: int) -> None:
        # Stages, deadlines, names and amounts shown here change with most writes.
        if kind not in ("business", "settings"):
            self._reload_timer.start()
