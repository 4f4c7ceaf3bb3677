"""Item model of a dispute list over `DisputeLine` records (no I/O in data())."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from disputedesk.i18n import _
from disputedesk.services.dispute_service import DisputeLine
from disputedesk.ui.disputes.formats import money, short_date

OVERDUE_COLOR = QColor("#d32f2f")

# Most useful first, so a narrow window still shows stage and deadline.
REFERENCE, CUSTOMER, TITLE, STAGE, DEADLINE, AMOUNT, OPENED, CATEGORY = range(8)

# Role giving a value that sorts naturally (numbers, datetimes) for the proxy.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


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


class DisputeTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[DisputeLine] = []
        self._headers = headers()

    def set_lines(self, lines: list[DisputeLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        line = self._lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, col)
        if role == SORT_ROLE:
            return self._sort_value(line, col)
        if role == ID_ROLE:
            return line.id
        if role == Qt.ItemDataRole.ForegroundRole and col == DEADLINE and line.overdue:
            return OVERDUE_COLOR
        if role == Qt.ItemDataRole.TextAlignmentRole and col == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (TITLE, CUSTOMER):
            return self._display(line, col)
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

    @staticmethod
    def _sort_value(line: DisputeLine, col: int):
        if col == AMOUNT:
            return line.amount.minor
        if col == OPENED:
            return line.received_at.timestamp()
        if col == DEADLINE:
            # No deadline sorts last.
            return line.next_deadline.timestamp() if line.next_deadline else float("inf")
        if col == REFERENCE:
            return line.reference
        return DisputeTableModel._display(line, col).casefold()
