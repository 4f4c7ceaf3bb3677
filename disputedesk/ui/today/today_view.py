"""The Today section: every line the registered TodaySources give, in due order.

Overdue lines come first, in red. One click or Enter goes to the line's dispute (or customer)
through `data_events().open_requested`. Sources are collected off the GUI thread; a source
that fails is named, the others still show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from babel.dates import format_datetime, format_time
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.i18n import _, ngettext, ui_locale
from disputedesk.ui.events import data_events
from disputedesk.ui.extensions import TodayItem, TodaySource
from disputedesk.ui.timeline.loader import BackgroundLoader

OVERDUE = QColor("#d32f2f")
REFRESH_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class Collected:
    now: datetime
    items: tuple[TodayItem, ...]
    failed: tuple[str, ...]  # keys of the sources that raised


def collect(services, sources: list[TodaySource], now: datetime) -> Collected:
    items: list[TodayItem] = []
    failed: list[str] = []
    for source in sources:
        try:
            items.extend(source.collect(services, now))
        except Exception:  # one area's bug must not empty the owner's day
            failed.append(source.key)
    items.sort(key=lambda i: (not i.overdue, i.due.astimezone(UTC), i.title))
    return Collected(now, tuple(items), tuple(failed))


def when_text(item: TodayItem, now: datetime) -> str:
    loc = ui_locale()
    local_due, local_now = item.due.astimezone(), now.astimezone()
    if local_due.date() == local_now.date():
        text = _("Today, {time}").format(time=format_time(local_due, "HH:mm", locale=loc))
    elif local_due.date() == local_now.date() + timedelta(days=1):
        text = _("Tomorrow, {time}").format(time=format_time(local_due, "HH:mm", locale=loc))
    else:
        text = format_datetime(local_due, "EEE d MMM, HH:mm", locale=loc)
    if item.overdue:
        return _("Overdue: {when}").format(when=text)
    return text


class TodayTableModel(QAbstractTableModel):
    COLUMNS = ("when", "what", "about")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: tuple[TodayItem, ...] = ()
        self._texts: list[tuple[str, str, str]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: tuple[TodayItem, ...], now: datetime) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        # Texts are computed once here: data() must stay cheap and do no I/O.
        self._texts = [(when_text(i, now), i.title, i.detail) for i in self._items]
        self.endResetModel()

    def item(self, row: int) -> TodayItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " — ".join(t for t in self._texts[index.row()] if t)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return OVERDUE
        if role == Qt.ItemDataRole.FontRole and item.overdue and index.column() == 0:
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return (_("When"), _("What"), _("Dispute"))[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TodayTable(QTableView):
    """Enter (or a click) opens the current line."""

    def __init__(self, open_row, parent=None) -> None:
        super().__init__(parent)
        self._open_row = open_row

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_row(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class TodayView(QWidget):
    def __init__(
        self,
        services,
        parent=None,
        *,
        sources: list[TodaySource] | None = None,
        synchronous: bool = False,
        clock=None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._sources = sources
        self._clock = clock or (lambda: datetime.now(UTC))
        self.collected: Collected | None = None
        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self.reload)
        self._refresh = QTimer(self, interval=REFRESH_MS)
        self._refresh.timeout.connect(self.reload)
        self._refresh.start()

        title = QLabel(_("Today"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel(_("Loading…"))
        self.summary.setAccessibleName(_("Summary of today"))
        refresh = QPushButton(_("Refresh"))
        refresh.setAccessibleName(_("Refresh today's list"))
        refresh.clicked.connect(self.reload)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.summary, 1)
        head.addWidget(refresh)

        self.model = TodayTableModel(self)
        self.table = TodayTable(self.open_row, self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("What needs doing today"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 320)
        self.table.clicked.connect(lambda index: self.open_row(index.row()))
        self.empty = QLabel(_("Nothing to do today. Well done!"))
        self.empty.setVisible(False)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {OVERDUE.name()}")
        self.problem.setVisible(False)
        hint = QLabel(_("Click a line or press Enter to open its dispute."))
        hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)
        data_events().changed.connect(self._on_data_changed)
        self.reload()

    # --- Loading ------------------------------------------------------------------------

    def _source_list(self) -> list[TodaySource]:
        if self._sources is None:
            from disputedesk.ui.extensions import load_registry

            self._sources = load_registry().today_sources
        return self._sources

    def reload(self) -> None:
        services, sources, now = self._services, self._source_list(), self._clock()
        self.loader.load(lambda: collect(services, sources, now))

    def _on_loader_loaded(self, collected: Collected) -> None:
        current = self.table.currentIndex()
        keep = self.model.item(current.row()) if current.isValid() else None
        self.collected = collected
        self.model.set_items(collected.items, collected.now)
        if keep is not None and keep in collected.items:
            self.table.selectRow(collected.items.index(keep))
        overdue = sum(1 for i in collected.items if i.overdue)
        count = len(collected.items)
        text = ngettext("{count} thing to do", "{count} things to do", count).format(count=count)
        if overdue:
            text += " — " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        self.summary.setText(text)
        self.empty.setVisible(count == 0)
        self.table.setVisible(count > 0)
        if collected.failed:
            self.problem.setText(
                _("Some lines could not be collected ({sources}); the others are shown.").format(
                    sources=", ".join(collected.failed)
                )
            )
        self.problem.setVisible(bool(collected.failed))

    def _on_loader_failed(self, exc: object) -> None:
        self.problem.setText(_("Today's list cannot be shown: {reason}").format(reason=exc))
        self.problem.setVisible(True)

    def _on_data_changed(self, _kind: str, _ident: int) -> None:
        self._reload_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.collected is not None:
            self._reload_timer.start()

    # --- Opening ------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        item = self.model.item(row)
        if item is None:
            return
        events = data_events()
        if item.dispute_id is not None:
            events.open_requested.emit("dispute", item.dispute_id)
        elif item.customer_id is not None:
            events.open_requested.emit("customer", item.customer_id)
        elif item.open_key:
            events.section_requested.emit(item.open_key)
