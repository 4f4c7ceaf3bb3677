"""The customer list's item model: pages fetched off the GUI thread, sorted and searched by SQL.

The model holds only the rows loaded so far (pages of `PAGE`), already formatted by the
worker, so `data()` never does I/O or formatting. `canFetchMore`/`fetchMore` ask for the next
page when the view scrolls near the end; `sort()` and `set_query()` start again from the first
page. Results of a superseded request are dropped (BackgroundLoader), so a slow search never
overwrites a newer one.

Scrolling cost (bench/bench_customers.py): every repaint of the list calls `data()` about 7
times per visible cell (some 1,100 Python calls), each needing the GIL. So `data()` answers
the display role first with two lookups and compares plain ints, `flags()` is Qt's own (C++),
and the worker's Python work per page is kept short (`CustomerService.list_rows`, no ORM
objects): while the worker runs Python, each of those calls may wait for the GIL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from babel import Locale
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.money import Money
from disputedesk.i18n import _, pgettext
from disputedesk.services.customer_service import CustomerListRow, CustomerQuery, CustomerSort
from disputedesk.ui.disputes.formats import ui_locale
from disputedesk.ui.timeline.loader import BackgroundLoader

NAME, COMPANY, EMAIL, PHONE, CITY, OPEN, AMOUNT = range(7)
COLUMN_SORT = (
    CustomerSort.NAME,
    CustomerSort.COMPANY,
    CustomerSort.EMAIL,
    CustomerSort.PHONE,
    CustomerSort.CITY,
    CustomerSort.OPEN_DISPUTES,
    CustomerSort.AMOUNT,
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARCHIVED_ROLE = Qt.ItemDataRole.UserRole + 2
_ROOT = QModelIndex()
# Roles as plain ints: Qt passes `role` to data() as an int, and comparing it with an int
# constant is several times cheaper than looking up Qt.ItemDataRole members on every call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID = int(ID_ROLE)
_ARCHIVED = int(ARCHIVED_ROLE)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ALIGNMENTS = (None, None, None, None, None, _RIGHT, _RIGHT)


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One formatted row (built in the worker thread)."""

    id: int
    archived: bool
    cells: tuple[str, str, str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class _Page:
    replace: bool
    offset: int
    lines: list[CustomerLine]
    asked: int
    generation: int


def _headers() -> tuple[str, ...]:
    return (
        _("Name"),
        _("Company"),
        _("E-mail"),
        _("Phone"),
        _("City"),
        pgettext("column: open disputes", "Open"),
        _("At stake"),
    )


def _header_tips() -> tuple[str, ...]:
    return (
        _("Company, last name and first name"),
        _("Company"),
        _("E-mail"),
        _("Phone"),
        _("City"),
        _("Number of open disputes"),
        _("Total amount of the open disputes"),
    )


def format_lines(rows: list[CustomerListRow], currency: str, locale: str) -> list[CustomerLine]:
    """The list's display strings, built in the worker thread."""
    babel_locale = Locale.parse(locale)  # parsed once a page, not once an amount
    lines = []
    for r in rows:
        # Shown in the order the list sorts by (company, last name, first name).
        person = " ".join(p for p in (r.last_name, r.first_name) if p)
        name = " — ".join(p for p in (r.company, person) if p) if r.company else person
        lines.append(
            CustomerLine(
                r.id,
                r.archived,
                (
                    name,
                    r.company,
                    r.email,
                    r.phone,
                    r.city,
                    str(r.open_disputes) if r.open_disputes else "",
                    Money(r.amount_at_stake_minor, currency).format(babel_locale)
                    if r.amount_at_stake_minor
                    else "",
                ),
            )
        )
    return lines


class CustomerTableModel(QAbstractTableModel):
    PAGE = 200

    sig_loaded = Signal()  # a first page (or a refresh) arrived
    sig_total = Signal(int)  # how many customers match in all
    sig_failed = Signal(str)

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self._query = CustomerQuery()
        self._lines: list[CustomerLine] = []
        self._exhausted = True
        self._total: int | None = None
        self.last_insert_ms = 0.0  # GUI-thread time of the last page insertion (bench)
        self._italic: QFont | None = None  # archived rows (made once, on first use)
        self._pages = BackgroundLoader(self, synchronous=synchronous)
        self._pages.sig_loaded.connect(self._on_pages_loaded)
        self._pages.sig_failed.connect(self._on_pages_failed)
        self._counter = BackgroundLoader(self, synchronous=synchronous)
        self._counter.sig_loaded.connect(self._on_counter_loaded)
        self._counter.sig_failed.connect(self._on_counter_failed)
        # One query at a time per loader: a request made while one runs waits (only the
        # newest is kept), so fast typing never piles up queries competing for the database.
        self._generation = 0  # bumped by every new query; older results are dropped
        self._pending_page: Callable[[], object] | None = None
        self._pending_count: Callable[[], object] | None = None

    # --- Query --------------------------------------------------------------------------

    @property
    def query(self) -> CustomerQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._pages.busy or self._pending_page is not None

    @property
    def total(self) -> int | None:
        return self._total

    def set_query(self, query: CustomerQuery) -> None:
        self._query = query
        self._generation += 1
        self._load(replace_rows=True, offset=0, limit=self.PAGE, count=True)

    def refresh(self) -> None:
        """Reload what is shown (after a write), keeping as many rows as are loaded."""
        limit = max(self.PAGE, len(self._lines))
        self._generation += 1
        self._load(replace_rows=True, offset=0, limit=limit, count=True)

    def _load(self, *, replace_rows: bool, offset: int, limit: int, count: bool) -> None:
        services, query, generation = self._services, self._query, self._generation
        locale = ui_locale()

        def fetch() -> _Page:
            currency = services.business.get().currency or "EUR"
            rows = services.customers.list_rows(query, offset, limit)
            lines = format_lines(rows, currency, locale)
            return _Page(replace_rows, offset, lines, limit, generation)

        if self._pages.busy:
            self._pending_page = fetch
        else:
            self._pages.load(fetch)
        if count:
            self._total = None

            def count_fn() -> tuple[int, int]:
                return generation, services.customers.count_matching(query)

            if self._counter.busy:
                self._pending_count = count_fn
            else:
                self._counter.load(count_fn)

    # --- Fetching -----------------------------------------------------------------------

    def canFetchMore(self, parent=_ROOT) -> bool:
        if parent.isValid():
            return False
        return not self._exhausted and not self.loading

    def fetchMore(self, parent=_ROOT) -> None:
        if parent.isValid() or self._exhausted or self.loading:
            return
        self._load(replace_rows=False, offset=len(self._lines), limit=self.PAGE, count=False)

    def _next_page(self) -> bool:
        """Start the request that waited; True when there was one."""
        pending, self._pending_page = self._pending_page, None
        if pending is None:
            return False
        self._pages.load(pending)
        return True

    def _on_pages_loaded(self, page: _Page) -> None:
        self._next_page()
        if page.generation != self._generation:
            return  # answers a query typed over since
        start = time.perf_counter()
        if page.replace:
            old_ids = [line.id for line in self._lines]
            new_ids = [line.id for line in page.lines]
            if old_ids == new_ids and new_ids:
                self._lines = page.lines
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, AMOUNT))
            else:
                self.beginResetModel()
                self._lines = page.lines
                self.endResetModel()
            self._exhausted = len(page.lines) < page.asked
            self.sig_loaded.emit()
        elif page.offset == len(self._lines):
            self._exhausted = len(page.lines) < page.asked
            if page.lines:
                first = len(self._lines)
                self.beginInsertRows(QModelIndex(), first, first + len(page.lines) - 1)
                self._lines.extend(page.lines)
                self.endInsertRows()
        self.last_insert_ms = (time.perf_counter() - start) * 1000

    def _on_pages_failed(self, exc: object) -> None:
        if self._next_page():
            return  # a newer query is on its way
        self._exhausted = True
        reason = str(exc) if isinstance(exc, DisputeDeskError) else type(exc).__name__
        self.sig_failed.emit(reason)

    def _next_count(self) -> None:
        pending, self._pending_count = self._pending_count, None
        if pending is not None:
            self._counter.load(pending)

    def _on_counter_loaded(self, result: tuple[int, int]) -> None:
        self._next_count()
        generation, total = result
        if generation == self._generation:
            self._total = total
            self.sig_total.emit(total)

    def _on_counter_failed(self, _exc: object) -> None:
        self._next_count()  # the list itself says what failed

    # --- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 7:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _header_tips()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (OPEN, AMOUNT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=_DISPLAY):
        # Called ~7 times per visible cell on every repaint: the display role first, cheapest
        # checks first. An invalid index has row -1, so the range check covers it.
        row = index.row()
        lines = self._lines
        if not 0 <= row < len(lines):
            return None
        if role == _DISPLAY:
            return lines[row].cells[index.column()]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()]
        line = lines[row]
        if role == _TOOLTIP:
            col = index.column()
            if col == NAME and line.archived:
                return _("{name} (archived)").format(name=line.cells[col])
            return line.cells[col]
        if role == _ID:
            return line.id
        if role == _ARCHIVED:
            return line.archived
        if line.archived:
            if role == _FONT:
                if self._italic is None:
                    self._italic = QFont()
                    self._italic.setItalic(True)
                return self._italic
            if role == _FOREGROUND:
                return QApplication.palette().brush(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
        return None

    # flags() is QAbstractTableModel's (enabled, selectable, no children): a Python override
    # returning the same cost one more Python call per visible cell and repaint.

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMN_SORT):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._query.sort == COLUMN_SORT[column] and self._query.descending == descending:
            return
        self.set_query(replace(self._query, sort=COLUMN_SORT[column], descending=descending))

    # --- Lookups ------------------------------------------------------------------------

    def row_of(self, customer_id: int) -> int | None:
        for row, line in enumerate(self._lines):
            if line.id == customer_id:
                return row
        return None

    def line(self, row: int) -> CustomerLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None
