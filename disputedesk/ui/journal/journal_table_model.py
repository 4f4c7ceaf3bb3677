"""Item model of a dispute's journal over `JournalEntry` records (no I/O in data()).

A corrected entry stays in the list, struck through and marked, next to its correction.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from disputedesk.domain.records import JournalEntry
from disputedesk.i18n import _, ngettext
from disputedesk.ui.disputes.formats import short_moment

WHEN, CHANNEL, DIRECTION, SUMMARY, FILES = range(5)
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def status_text(entry: JournalEntry, by_id: dict[int, JournalEntry]) -> str:
    """How the entry relates to corrections ("" for an ordinary entry)."""
    parts = []
    if entry.corrects_id is not None:
        original = by_id.get(entry.corrects_id)
        if original is not None:
            parts.append(
                _("Correction of the entry of {moment}").format(
                    moment=short_moment(original.occurred_at)
                )
            )
        else:
            parts.append(_("Correction of an earlier entry"))
    if entry.corrected_by_id is not None:
        parts.append(_("Corrected later: kept as it was written"))
    return " — ".join(parts)


class JournalTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[JournalEntry] = []
        self._by_id: dict[int, JournalEntry] = {}
        self._headers = [_("Date"), _("Channel"), _("Direction"), _("Summary"), _("Files")]

    def set_entries(self, entries: list[JournalEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self.endResetModel()

    def entry(self, row: int) -> JournalEntry:
        return self._entries[row]

    @property
    def by_id(self) -> dict[int, JournalEntry]:
        return self._by_id

    def entry_by_id(self, entry_id: int) -> JournalEntry | None:
        return self._by_id.get(entry_id)

    def row_of(self, entry_id: int) -> int | None:
        for i, e in enumerate(self._entries):
            if e.id == entry_id:
                return i
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

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
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == ID_ROLE:
            return e.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return status_text(e, self._by_id) or (e.summary if col == SUMMARY else None)
        if role == Qt.ItemDataRole.FontRole and e.corrected_by_id is not None:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and e.corrected_by_id is not None:
            app = QApplication.instance()
            if app is not None:
                return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def _display(self, e: JournalEntry, col: int) -> str:
        if col == WHEN:
            return short_moment(e.occurred_at)
        if col == CHANNEL:
            return e.channel.label
        if col == DIRECTION:
            return e.direction.label
        if col == SUMMARY:
            if e.corrected_by_id is not None:
                return _("{summary} (corrected)").format(summary=e.summary)
            if e.corrects_id is not None:
                return _("{summary} (correction)").format(summary=e.summary)
            return e.summary
        if col == FILES:
            n = len(e.attachments)
            if n == 0:
                return ""
            if n == 1:
                return e.attachments[0].original_name
            return ngettext("{count} file", "{count} files", n).format(count=n)
        return ""
