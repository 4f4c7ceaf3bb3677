"""The customer list's item model: pages fetched off the GUI thread, sorted and searched by SQL.

The model keeps the rows loaded so far (pages of `PAGE`) as lines already formatted by the
worker. `canFetchMore`/`fetchMore` ask for the next page when the view scrolls near the end;
`sort()` and `set_query()` start again from the first page. Results of a superseded request
are dropped (BackgroundLoader), so a slow search never overwrites a newer one.

Why a QStandardItemModel: Qt asks a model's `data()` about 7 times per visible cell on every
repaint. Answered in Python, each of those ~1,100 calls per repaint needs the GIL, and while
the worker runs Python to read the next page the repaint waits for it at every call: a repaint
of 7 ms took 30 ms while scrolling (bench/bench_customers.py), 500 ms beside a busy Python
thread. Here the cells are Qt's own items, so painting runs in C++ and never takes the GIL
(`data()`, `flags()` and `rowCount()` are not overridden, on purpose).

Items cost about 0.6 KB a cell, so only the rows in view have them: the lines of every loaded
row stay in `_lines`, and items are made by blocks of `BLOCK` rows as they come into view
(`attach(view)` follows the view's scroll bar; about 1 ms a block). Once the scrolling
pauses, the blocks far from the view are emptied again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import shiboken6
from babel import Locale
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.money import Money
from disputedesk.i18n import _, pgettext
from disputedesk.services.customer_service import CustomerListRow, CustomerQuery, CustomerSort
from disputedesk.ui.disputes.formats import ui_locale
from disputedesk.ui.timeline.loader import BackgroundLoader

NAME, COMPANY, EMAIL, PHONE, CITY, OPEN, AMOUNT = range(7)
COLUMNS = 7
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
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID = int(ID_ROLE)
_ARCHIVED = int(ARCHIVED_ROLE)
_NUMBERS = (OPEN, AMOUNT)
_YIELD_EVERY = 25  # rows formatted between two releases of the GIL (format_lines)


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One formatted row (built in the worker thread)."""

    id: int
    archived: bool
    cells: tuple[str, str, str, str, str, str, str]


_Roles = dict[int, object]  # one cell's data by role


@dataclass(frozen=True, slots=True)
class _Page:
    replace: bool
    offset: int
    lines: list[CustomerLine]
    currency: str
    asked: int
    generation: int
    place: tuple[str | int, ...] | None  # of the last row: where the next page starts


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
    for i, r in enumerate(rows):
        if i % _YIELD_EVERY == _YIELD_EVERY - 1:
            # Let the GUI thread have the GIL: formatting a page is ~1.7 ms of Python in one
            # go otherwise, which a timer or slot on the GUI thread waits out while the list
            # scrolls (bench: worst block 13-21 ms without, 13-16 ms with).
            time.sleep(0)
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


class _CellRoles:
    """A row's cell data by role, from its line: what `setItemData` gives Qt's items.

    Made and used on the GUI thread (it reads the palette). Items are never made in Python:
    an item made in Python keeps a Python wrapper that outlives the C++ item once the model
    deletes it, and a new item at the same address then finds that stale wrapper (a crash
    seen while scrolling)."""

    def __init__(self) -> None:
        italic = QFont()
        italic.setItalic(True)
        grey = QBrush(
            QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        )
        self._base: dict[bool, list[_Roles]] = {}
        for archived in (False, True):
            columns: list[_Roles] = []
            for column in range(COLUMNS):
                roles: _Roles = {_ARCHIVED: archived}
                if column in _NUMBERS:
                    roles[_ALIGNMENT] = _RIGHT
                if archived:
                    roles[_FONT] = italic
                    roles[_FOREGROUND] = grey
                columns.append(roles)
            self._base[archived] = columns
        self._archived_tip = _("{name} (archived)")

    def row(self, line: CustomerLine) -> list[tuple[int, _Roles]]:
        """The cells of `line` that show a text, by column. An empty cell gets no item: it
        paints and selects the same, and filling a block of rows sets a third fewer cells
        (most customers have no company, no open dispute and nothing at stake)."""
        ident = line.id
        cells = [
            (column, {**base, _DISPLAY: text, _TOOLTIP: text, _ID: ident})
            for column, (base, text) in enumerate(
                zip(self._base[line.archived], line.cells, strict=True)
            )
            if text
        ]
        if line.archived and cells and cells[0][0] == NAME:
            cells[0][1][_TOOLTIP] = self._archived_tip.format(name=line.cells[NAME])
        return cells


class CustomerTableModel(QStandardItemModel):
    PAGE = 200
    BLOCK = 20  # rows whose items come and go together (a screen shows 20-40 rows)
    KEEP = 300  # rows either side of the view whose items stay once the scrolling pauses
    TRIM_DELAY_MS = 400
    TRIM_BLOCKS = 4  # emptied per turn of the event loop (about 1 ms each)

    sig_loaded = Signal()  # a first page (or a refresh) arrived
    sig_total = Signal(int)  # how many customers match in all
    sig_failed = Signal(str)

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(0, COLUMNS, parent)
        self._services = services
        self._query = CustomerQuery()
        self._lines: list[CustomerLine] = []
        self._filled: set[int] = set()  # blocks whose rows have their items
        self._view: QAbstractItemView | None = None
        self._exhausted = True
        self._total: int | None = None
        self._currency: str | None = None  # of the amounts shown (the business's)
        self._after: tuple[str | int, ...] | None = None  # place of the last loaded row
        self.last_insert_ms = 0.0  # GUI-thread time of the last page insertion (bench)
        self._roles: _CellRoles | None = None
        self.invisibleRootItem().setFlags(Qt.ItemFlag.NoItemFlags)
        # Qt makes the cells' items itself, as copies of this one (read-only, selectable).
        self._prototype = QStandardItem()
        self._prototype.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.setItemPrototype(self._prototype)
        for column, (title, tip) in enumerate(zip(_headers(), _header_tips(), strict=True)):
            header = QStandardItem(title)
            header.setToolTip(tip)
            if column in _NUMBERS:
                header.setTextAlignment(_RIGHT)
            self.setHorizontalHeaderItem(column, header)
        self._trim_timer = QTimer(self)
        self._trim_timer.setSingleShot(True)
        self._trim_timer.timeout.connect(self._trim)
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.timeout.connect(self._fill_next)
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

    def _load(
        self,
        *,
        replace_rows: bool,
        offset: int,
        limit: int,
        count: bool,
        after: tuple[str | int, ...] | None = None,
    ) -> None:
        services, query, generation = self._services, self._query, self._generation
        locale = ui_locale()
        # Read again with every new query or refresh; the next pages of the same query reuse
        # it (less Python in the worker while the list scrolls: see the module's text).
        known_currency = None if replace_rows else self._currency

        def fetch() -> _Page:
            currency = known_currency or services.business.get().currency or "EUR"
            rows = services.customers.list_rows(query, offset, limit, after=after)
            lines = format_lines(rows, currency, locale)
            place = rows[-1].place if rows else None
            return _Page(replace_rows, offset, lines, currency, limit, generation, place)

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

    def _cell_roles(self) -> _CellRoles:
        if self._roles is None:
            self._roles = _CellRoles()
        return self._roles

    # --- Fetching -----------------------------------------------------------------------

    def canFetchMore(self, parent=_ROOT) -> bool:
        if parent.isValid():
            return False
        return not self._exhausted and not self.loading

    def fetchMore(self, parent=_ROOT) -> None:
        if parent.isValid() or self._exhausted or self.loading:
            return
        # From the last row's place: a seek in the sort index, as fast at row 90,000 as at
        # row 200 (by offset, SQLite counted its way there: 98 ms a page at row 90,000).
        self._load(
            replace_rows=False,
            offset=len(self._lines),
            limit=self.PAGE,
            count=False,
            after=self._after,
        )

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
        self._currency = page.currency
        if page.replace:
            self._after = page.place
            if [line.id for line in self._lines] == [line.id for line in page.lines]:
                self._update_lines(page.lines)
            else:
                self._replace_lines(page.lines)
            self._exhausted = len(page.lines) < page.asked
            self.sig_loaded.emit()
        elif page.offset == len(self._lines):
            self._exhausted = len(page.lines) < page.asked
            if page.lines:
                self._after = page.place
                first = len(self._lines)
                self._filled.discard(first // self.BLOCK)  # a short last block grows
                self._lines.extend(page.lines)
                self.insertRows(first, len(page.lines))
        self.last_insert_ms = (time.perf_counter() - start) * 1000
        self.show_rows()

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

    # --- Items --------------------------------------------------------------------------

    def _replace_lines(self, lines: list[CustomerLine]) -> None:
        self.setRowCount(0)
        self._filled.clear()
        self._lines = list(lines)
        if lines:
            self.insertRows(0, len(lines))

    def _update_lines(self, lines: list[CustomerLine]) -> None:
        """The same customers in the same order (a refresh): only the rows whose text or
        state changed get new items, so the selection and the scrolling stay."""
        old, self._lines = self._lines, list(lines)
        for block in sorted(self._filled):
            for row in self._block_rows(block):
                if old[row] != lines[row]:
                    self._clear([row])  # an archived look must not linger
                    self._place(row, [lines[row]])

    def _place(self, first: int, lines: list[CustomerLine]) -> None:
        """Set the cells of the rows `first`… showing `lines` (Qt makes their items).

        Each `setItemData` emits its own `dataChanged` inside Qt, which costs about what one
        signal for the whole block costs. Blocking the signals and emitting that one from
        Python cost far more while the page worker ran: an emit from Python releases the
        GIL, and getting it back waited for the worker. A block of 20 rows beside a busy
        Python thread took 7.7 ms median and 19-23 ms at worst that way; 1.6-1.8 ms median
        and 13-14 ms at worst now. Alone: 1.6 ms then, about 1 ms now (fewer cells)."""
        index, set_roles, cells_of = self.index, self.setItemData, self._cell_roles().row
        for row, line in enumerate(lines, first):
            for column, roles in cells_of(line):
                set_roles(index(row, column), roles)

    def _block_rows(self, block: int) -> range:
        return range(block * self.BLOCK, min((block + 1) * self.BLOCK, len(self._lines)))

    def _fill(self, block: int) -> None:
        rows = self._block_rows(block)
        if rows:
            self._place(rows.start, self._lines[rows.start : rows.stop])
            self._filled.add(block)

    def _empty(self, blocks: list[int]) -> None:
        self._filled.difference_update(blocks)
        self._clear([row for block in blocks for row in self._block_rows(block)])

    def _clear(self, rows: list[int]) -> None:
        """Drop the items of `rows` (the rows stay, blank until filled again).

        takeItem() hands an item over without giving Python its ownership: left alone, it
        would never be freed (measured: +350 MB per 100,000 rows emptied and filled again),
        so each is deleted. Not with setItem(row, column, None): through PySide 6 that leaks
        a 56-byte Python object per item (+75 MB each time 100,000 rows of 5 cells are
        filled and emptied). shiboken6.delete() releases the GIL, which is why far rows are
        only emptied once the scrolling pauses (`_trim`), when the page worker is usually
        idle."""
        if not rows:
            return
        take, delete = self.takeItem, shiboken6.delete
        self.blockSignals(True)  # one dataChanged for the lot instead of one per cell
        try:
            for row in rows:
                for column in range(COLUMNS):
                    item = take(row, column)
                    if item is not None:
                        delete(item)
        finally:
            self.blockSignals(False)
        self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), COLUMNS - 1))

    def restyle(self) -> None:
        """Make the items again with the current palette (the system switched to or from
        dark mode: archived rows are drawn in the palette's disabled text colour)."""
        self._roles = None
        self._empty(list(self._filled))
        self.show_rows()

    # --- Following the view -------------------------------------------------------------

    def attach(self, view: QAbstractItemView) -> None:
        """Keep the items of the rows `view` shows (its scroll bar says which)."""
        self._view = view
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_scrolled)

    def _on_scrolled(self, *_args) -> None:
        self.show_rows()
        self._trim_timer.start(self.TRIM_DELAY_MS)

    def visible_rows(self) -> range:
        """The rows the attached view shows (all rows when no view is attached). Read from
        the scroll bar, which scrolls by rows and knows them even while the view is hidden."""
        view, count = self._view, len(self._lines)
        if view is None or not count:
            return range(count)
        bar = view.verticalScrollBar()
        if view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
            first = bar.value()
            last = first + max(bar.pageStep(), 1)
        else:
            first = max(view.rowAt(0), 0)
            bottom = view.rowAt(view.viewport().height() - 1)
            last = count - 1 if bottom < 0 else bottom
        return range(min(first, count - 1), min(last, count - 1) + 1)

    def show_rows(self) -> None:
        """Give items to the rows in view that have none (new, or scrolled back to).

        One block now, the others one per turn of the event loop: a fast drag over rows
        without items then never holds the GUI thread for more than a block (~1 ms) and a
        repaint; those rows show blank for a frame or two. Without an attached view (tests,
        exports) every row is filled at once."""
        if self._view is not None:
            self._fill_next()
            return
        for block in self._blocks_in_view():
            if block not in self._filled:
                self._fill(block)

    def _blocks_in_view(self) -> range:
        rows = self.visible_rows()
        if not rows:
            return range(0)
        return range(rows.start // self.BLOCK, (rows.stop - 1) // self.BLOCK + 1)

    def _fill_next(self) -> None:
        """Fill the first block in view without items, and come back for the next one."""
        for block in self._blocks_in_view():
            if block not in self._filled:
                self._fill(block)
                self._fill_timer.start(0)  # until the view has all its items
                return

    def _trim(self) -> None:
        """Empty the blocks far from the view, a few at a time so the GUI stays free."""
        rows = self.visible_rows()
        if self._view is None or not rows:
            return
        keep = range(
            max(rows.start - self.KEEP, 0) // self.BLOCK,
            (rows.stop + self.KEEP) // self.BLOCK + 1,
        )
        far = [block for block in self._filled if block not in keep]
        self._empty(far[: self.TRIM_BLOCKS])
        if len(far) > self.TRIM_BLOCKS:
            self._trim_timer.start(0)

    # --- Qt model -----------------------------------------------------------------------
    # data(), flags(), rowCount() and headerData() are QStandardItemModel's own (C++): a
    # Python override would bring the GIL back into every repaint (see the module's text).

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMN_SORT):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._query.sort == COLUMN_SORT[column] and self._query.descending == descending:
            return
        self.set_query(replace(self._query, sort=COLUMN_SORT[column], descending=descending))

    # --- Lookups ------------------------------------------------------------------------

    @property
    def filled_rows(self) -> int:
        """How many rows have their items now (bench, tests)."""
        return sum(len(self._block_rows(block)) for block in self._filled)

    def row_of(self, customer_id: int) -> int | None:
        for row, line in enumerate(self._lines):
            if line.id == customer_id:
                return row
        return None

    def line(self, row: int) -> CustomerLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def customer_id(self, row: int) -> int | None:
        """The customer on `row`, whether or not its items are there."""
        line = self.line(row)
        return None if line is None else line.id
