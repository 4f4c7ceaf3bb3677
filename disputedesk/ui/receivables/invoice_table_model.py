"""Item models of the receivables page (invoices) and of the worklist (no I/O in data())."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from disputedesk.i18n import _
from disputedesk.services.dunning_service import WorkItem
from disputedesk.services.receivables_service import ReceivableLine
from disputedesk.ui.disputes.formats import money, short_date

WARN_COLOR = QColor("#d32f2f")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

(NUMBER, CUSTOMER, DEBTOR, ISSUED, DUE, AMOUNT, PAID, BALANCE, LATE, STATUS, LIMIT) = range(11)


def status_text(line: ReceivableLine) -> str:
    if line.balance.minor <= 0:
        return _("Paid")
    if line.disputed:
        return _("Disputed")
    if line.paused and line.paused_until:
        return _("Paused until {date}").format(date=short_date(line.paused_until))
    if line.paused:
        return _("Paused")
    if line.level:
        return _("Dunning level {level}").format(level=line.level)
    return _("Not due") if line.days_overdue <= 0 else _("Overdue")


class InvoiceTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[ReceivableLine] = []
        self._headers = [
            _("Invoice"),
            _("Customer"),
            _("Debtor"),
            _("Issued"),
            _("Due"),
            _("Amount"),
            _("Paid"),
            _("Balance"),
            _("Days late"),
            _("Status"),
            _("Time-barred on"),
        ]

    def set_lines(self, lines: list[ReceivableLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> ReceivableLine:
        return self._lines[row]

    def lines(self) -> list[ReceivableLine]:
        return list(self._lines)

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
            return self._sort(line, col)
        if role == ID_ROLE:
            return line.invoice_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == LIMIT and line.limitation_near and line.balance.minor > 0:
                return WARN_COLOR
            if col == LATE and line.days_overdue > 0 and line.balance.minor > 0:
                return WARN_COLOR
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (AMOUNT, PAID, BALANCE, LATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == LIMIT and line.limitation_near:
                return _(
                    "The claim is time-barred after this date unless the customer acknowledges "
                    "the debt in writing or you bring it to court (a formal notice does not stop "
                    "the clock)."
                )
            if col == STATUS and line.pause_reason:
                return line.pause_reason
        return None

    @staticmethod
    def _display(line: ReceivableLine, col: int) -> str:
        match col:
            case 0:
                return line.number
            case 1:
                return line.customer_name
            case 2:
                return _("Professional") if line.debtor_is_professional else _("Consumer")
            case 3:
                return short_date(line.issue_date)
            case 4:
                return short_date(line.due_date)
            case 5:
                return money(line.amount)
            case 6:
                return money(line.paid)
            case 7:
                return money(line.balance)
            case 8:
                return str(line.days_overdue) if line.days_overdue else ""
            case 9:
                return status_text(line)
            case 10:
                return short_date(line.limitation_date)
        return ""

    @staticmethod
    def _sort(line: ReceivableLine, col: int):
        match col:
            case 0:
                return line.number
            case 1:
                return line.customer_name.lower()
            case 2:
                return int(line.debtor_is_professional)
            case 3:
                return line.issue_date.toordinal()
            case 4:
                return line.due_date.toordinal()
            case 5:
                return line.amount.minor
            case 6:
                return line.paid.minor
            case 7:
                return line.balance.minor
            case 8:
                return line.days_overdue
            case 9:
                return status_text(line)
            case 10:
                return line.limitation_date.toordinal()
        return 0


class WorklistModel(QAbstractTableModel):
    """The "to send today" items, each with a check box (checked: do it)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[WorkItem] = []
        self._checked: list[bool] = []
        self._headers = [
            _("Customer"),
            _("Invoice"),
            _("Balance"),
            _("Days late"),
            _("Level"),
            _("Channel"),
            _("Fell due on"),
        ]

    def set_items(self, items: list[WorkItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._checked = [True] * len(items)
        self.endResetModel()

    def checked_items(self) -> list[WorkItem]:
        return [i for i, c in zip(self._items, self._checked, strict=True) if c]

    def items(self) -> list[WorkItem]:
        return list(self._items)

    def set_all(self, checked: bool) -> None:
        self._checked = [checked] * len(self._items)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

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

    def flags(self, index: _Index):
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: _Index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self._checked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index)
            return True
        return False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return item.line.invoice_id
        if role == Qt.ItemDataRole.DisplayRole:
            line = item.line
            return (
                line.customer_name,
                line.number,
                money(line.balance),
                str(line.days_overdue),
                item.level.kind.label,
                item.level.channel.label,
                short_date(item.due_on) + (" " + _("(caught up)") if item.caught_up else ""),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 6 and item.caught_up:
            return _("This level fell due while DisputeDesk was closed or waiting.")
        return None
