"""The global search results as a two-level item model: groups (customers, disputes, journal)
and their hits. Texts are built once in `set_results`; `data()` does no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from disputedesk.i18n import _, ui_locale
from disputedesk.services.search_service import (
    CustomerHit,
    DisputeHit,
    JournalHit,
    SearchResults,
)

HitRole = Qt.ItemDataRole.UserRole
NO_PARENT = 0xFFFFFFFF  # internalId of a group row


@dataclass(frozen=True)
class _Row:
    text: str
    tooltip: str
    hit: object


@dataclass(frozen=True)
class _Group:
    key: str
    title: str
    rows: tuple[_Row, ...]


def _customer_row(hit: CustomerHit) -> _Row:
    parts = [hit.name or _("(no name)")]
    parts += [p for p in (hit.city, hit.email) if p]
    text = " · ".join(parts)
    if hit.archived:
        text = _("{customer} (archived)").format(customer=text)
    return _Row(text, text, hit)


def _dispute_row(hit: DisputeHit) -> _Row:
    head = f"{hit.reference} — {hit.title}" if hit.title else hit.reference
    text = f"{head}\n{hit.customer_name} · {hit.stage.label}"
    return _Row(text, text, hit)


def _journal_row(hit: JournalHit) -> _Row:
    loc = ui_locale()
    when = format_date(hit.occurred_at.astimezone().date(), "medium", locale=loc)
    channel = hit.channel.label if hit.channel is not None else ""
    head = " · ".join(p for p in (hit.reference, when, channel) if p)
    if hit.summary:
        head = f"{head} — {hit.summary}"
    text = f"{head}\n{hit.extract}" if hit.extract else head
    return _Row(text, text, hit)


class SearchResultsModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_results(self, results: SearchResults | None) -> None:
        self.beginResetModel()
        self._groups = []
        if results is not None:
            specs = (
                (
                    "customers",
                    _("Customers"),
                    results.customers,
                    results.more_customers,
                    _customer_row,
                ),
                ("disputes", _("Disputes"), results.disputes, results.more_disputes, _dispute_row),
                (
                    "journal",
                    _("Journal entries"),
                    results.journal,
                    results.more_journal,
                    _journal_row,
                ),
            )
            for key, title, hits, more, make in specs:
                if not hits:
                    continue
                if more:
                    title = _("{group} (the {count} newest)").format(group=title, count=len(hits))
                self._groups.append(_Group(key, title, tuple(make(h) for h in hits)))
        self.endResetModel()

    # --- Lookup -------------------------------------------------------------------------

    def hit(self, index: QModelIndex) -> object | None:
        row = self._row(index)
        return row.hit if row is not None else None

    def group_key(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        group = index.internalId() if index.internalId() != NO_PARENT else index.row()
        return self._groups[group].key if 0 <= group < len(self._groups) else None

    def hit_count(self) -> int:
        return sum(len(g.rows) for g in self._groups)

    def first_hit_index(self) -> QModelIndex:
        for g in range(len(self._groups)):
            if self._groups[g].rows:
                return self.index(0, 0, self.index(g, 0))
        return QModelIndex()

    def _row(self, index: QModelIndex) -> _Row | None:
        if not index.isValid() or index.internalId() == NO_PARENT:
            return None
        group = index.internalId()
        if not 0 <= group < len(self._groups):
            return None
        rows = self._groups[group].rows
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    # --- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._groups):
                return self.createIndex(row, 0, NO_PARENT)
            return QModelIndex()
        if parent.internalId() != NO_PARENT:
            return QModelIndex()
        group = parent.row()
        if 0 <= group < len(self._groups) and row < len(self._groups[group].rows):
            return self.createIndex(row, 0, group)
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, NO_PARENT)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == NO_PARENT and 0 <= parent.row() < len(self._groups):
            return len(self._groups[parent.row()].rows)
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == NO_PARENT:
            if not 0 <= index.row() < len(self._groups):
                return None
            group = self._groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return group.title
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        row = self._row(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.tooltip.replace("\n", " — ")
        if role == HitRole:
            return row.hit
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == NO_PARENT:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
