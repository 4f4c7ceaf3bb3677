"""Item model of a dispute list over `DisputeLine` records (no I/O in data())."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from disputedesk.i18n import _
from disputedesk.services.dispute_service import DisputeLine, LineSort
from disputedesk.ui.disputes.formats import money, short_date

OVERDUE_COLOR = QColor("#d32f2f")

# Most useful first, so a narrow window still shows stage and deadline.
REFERENCE, CUSTOMER, TITLE, STAGE, DEADLINE, AMOUNT, OPENED, CATEGORY = range(8)

ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints (Qt passes `role` to data() as an int): data() is called about 7 times
# per visible cell on every repaint, and each Qt.ItemDataRole member lookup costs more than
# the comparison itself.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ID = int(ID_ROLE)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


def headers() -> list[str]:
    return [
        _("Reference"),
        _("Customer"),
        _("Title"),
        _("Stage"),
        _("Next deadline"),
        _("Amount at stake"),
        _("Opened on"),
        _("Category"),
    ]


# Which SQL sort each column asks for.
SORT_OF_COLUMN = {
    REFERENCE: LineSort.REFERENCE,
    CUSTOMER: LineSort.CUSTOMER,
    TITLE: LineSort.TITLE,
    STAGE: LineSort.STAGE,
    DEADLINE: LineSort.DEADLINE,
    AMOUNT: LineSort.AMOUNT,
    OPENED: LineSort.OPENED,
    CATEGORY: LineSort.CATEGORY,
}


class DisputeTableModel(QAbstractTableModel):
    """Rows arrive page by page, already sorted by SQL. Clicking a header does not sort here
    (that would be seconds of GUI-thread work for 30,000 disputes): it asks the owner to
    reload in the new order (`sig_sort_requested`); scrolling to the end asks for the next
    page (`sig_more_requested`)."""

    sig_sort_requested = Signal()
    sig_more_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[DisputeLine] = []
        self._cache: dict[tuple[int, int], str] = {}
        self._total = 0
        self._waiting_for_more = False
        self._headers = headers()
        self._sort: tuple[int, Qt.SortOrder] = (OPENED, Qt.SortOrder.DescendingOrder)

    @property
    def sort_state(self) -> tuple[LineSort, bool]:
        """(what to sort by, descending) for the service."""
        column, order = self._sort
        return SORT_OF_COLUMN[column], order == Qt.SortOrder.DescendingOrder

    @property
    def total(self) -> int:
        return self._total

    def set_lines(self, lines: list[DisputeLine], total: int | None = None) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._cache: dict[tuple[int, int], str] = {}
        self._total = len(self._lines) if total is None else max(total, len(self._lines))
        self._waiting_for_more = False
        self.endResetModel()

    def append_lines(self, lines: list[DisputeLine]) -> None:
        self._waiting_for_more = False
        known = {line.id for line in self._lines}
        fresh = [line for line in lines if line.id not in known]
        if not fresh:
            self._total = len(self._lines)  # nothing more came: stop asking
            return
        first = len(self._lines)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._lines.extend(fresh)
        self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._lines) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._waiting_for_more or len(self._lines) >= self._total:
            return
        self._waiting_for_more = True
        self.sig_more_requested.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORT_OF_COLUMN or (column, order) == self._sort:
            return
        self._sort = (column, order)
        self.sig_sort_requested.emit()

    def line(self, row: int) -> DisputeLine:
        return self._lines[row]

    def row_of(self, dispute_id: int) -> int | None:
        for i, line in enumerate(self._lines):
            if line.id == dispute_id:
                return i
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        # An invalid index has row -1, so the range check covers it.
        row = index.row()
        if not 0 <= row < len(self._lines):
            return None
        if role == _DISPLAY:
            # Formatted once per cell: Babel takes a fraction of a millisecond per amount or
            # date, and a view asks for each visible cell on every repaint.
            line = self._lines[row]
            key = (line.id, index.column())
            text = self._cache.get(key)
            if text is None:
                text = self._cache[key] = self._display(line, key[1])
            return text
        if role == _ALIGNMENT:
            return _RIGHT if index.column() == AMOUNT else None
        if role == _ID:
            return self._lines[row].id
        if role == _FOREGROUND:
            col = index.column()
            return OVERDUE_COLOR if col == DEADLINE and self._lines[row].overdue else None
        if role == _TOOLTIP:
            col = index.column()
            return self._display(self._lines[row], col) if col in (TITLE, CUSTOMER) else None
        return None

    @staticmethod
    def _display(line: DisputeLine, col: int) -> str:
        if col == REFERENCE:
            return line.reference
        if col == CUSTOMER:
            return line.customer_name
        if col == TITLE:
            return line.title
        if col == CATEGORY:
            return line.category.label
        if col == STAGE:
            return line.stage.label
        if col == AMOUNT:
            return money(line.amount)
        if col == OPENED:
            return short_date(line.received_at)
        if col == DEADLINE:
            if line.next_deadline is None:
                return ""
            text = short_date(line.next_deadline)
            if line.overdue:
                return _("{date} (overdue)").format(date=text)
            return text
        return ""
