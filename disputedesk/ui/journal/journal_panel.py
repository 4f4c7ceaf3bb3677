"""The Journal tab of the dispute page: entries filtered by channel and searched, the selected
entry's text and files, new entries (Ctrl+J or files dropped on the tab) and corrections.

Files open only through `ui.open_file.open_attachment` (hash checked, programs refused).
Loads run off the GUI thread; the tab reloads when data changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.enums import Channel
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.records import JournalEntry
from disputedesk.i18n import _, ngettext
from disputedesk.ui.disputes.form_support import current_enum
from disputedesk.ui.disputes.formats import short_moment
from disputedesk.ui.events import data_events
from disputedesk.ui.journal.entry_dialog import EntryDialog, human_size
from disputedesk.ui.journal.journal_table_model import (
    CHANNEL,
    DIRECTION,
    FILES,
    SUMMARY,
    WHEN,
    JournalTableModel,
    status_text,
)
from disputedesk.ui.timeline.loader import BackgroundLoader

ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 1
# Entries shown at once when a dispute opens; the rest of a long journal follows.
FIRST_LOAD = 200


class JournalPanel(QWidget):
    """`show_dispute(id | None)`; `new_entry(files=())`; `correct_selected()`."""

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self._synchronous = synchronous
        self._dispute_id: int | None = None
        self._select_after_load: int | None = None
        self._sized = False
        self.dialog: EntryDialog | None = None  # the open entry dialog, if any
        self.setAcceptDrops(True)

        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=120)
        self._reload_timer.timeout.connect(self.reload)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.reload)

        self.channel_combo = QComboBox()
        self.channel_combo.setAccessibleName(_("Channel filter"))
        self.channel_combo.addItem(_("All channels"), None)
        for ch in Channel:
            self.channel_combo.addItem(ch.label, ch)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search the journal…"))
        self.search_edit.setAccessibleName(_("Search the journal"))
        self.search_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("&New entry…"))
        self.new_button.setToolTip(_("Add a journal entry (Ctrl+J); you can also drop files here"))
        self.new_button.clicked.connect(lambda: self.new_entry())
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.channel_combo, 1)
        top.addWidget(self.new_button)

        self.model = JournalTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Journal entries"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        # Fitting a column to its text measures this many rows, not the default 1,000
        # (half a second of GUI thread on a page of 500 disputes).
        self.view.horizontalHeader().setResizeContentsPrecision(20)
        self.view.horizontalHeader().setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._on_selection_changed)

        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setStyleSheet("font-weight: 600")
        self.detail_status = QLabel()
        self.detail_status.setWordWrap(True)
        self.detail_status.setStyleSheet("color: #b26a00")
        self.body_view = QPlainTextEdit(readOnly=True)
        self.body_view.setAccessibleName(_("Text of the entry"))
        self.files_list = QListWidget()
        self.files_list.setAccessibleName(_("Files of the entry"))
        self.files_list.setMaximumHeight(80)
        self.files_list.itemActivated.connect(self._on_files_list_item_activated)
        self.open_button = QPushButton(_("&Open the file"))
        self.open_button.clicked.connect(self.open_selected_file)
        self.correct_button = QPushButton(_("&Correct this entry…"))
        self.correct_button.setToolTip(_("Write a corrected version; the original stays visible"))
        self.correct_button.clicked.connect(self.correct_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.correct_button)
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_status)
        dl.addWidget(self.body_view, 1)
        dl.addWidget(self.files_list)
        dl.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.status = QLabel(_("No dispute selected."))
        self.status.setAccessibleName(_("Number of journal entries shown"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

        self.channel_combo.currentIndexChanged.connect(self.reload)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.reload)
        data_events().changed.connect(self._on_data_changed)
        self._show_entry(None)
        self._set_enabled(False)

    # --- Public -------------------------------------------------------------------------

    @property
    def dispute_id(self) -> int | None:
        return self._dispute_id

    def show_dispute(self, dispute_id: int | None) -> None:
        changed = dispute_id != self._dispute_id
        self._dispute_id = dispute_id
        self._set_enabled(dispute_id is not None)
        if dispute_id is None:
            self.loader.cancel()
            self.model.set_entries([])
            self._show_entry(None)
            self.status.setText(_("No dispute selected."))
            return
        if changed:
            self.model.set_entries([])
            self._show_entry(None)
            self.status.setText(_("Loading the journal…"))
        self.reload()

    def reload(self) -> None:
        self._search_timer.stop()
        if self._dispute_id is None:
            return
        self._load(complete=False)

    def _load(self, *, complete: bool) -> None:
        journal, dispute_id = self._services.journal, self._dispute_id
        channel = current_enum(self.channel_combo, Channel)
        text = self.search_edit.text()

        def fetch():
            if complete:
                return dispute_id, journal.list(dispute_id, channel=channel, text=text), True
            # The latest entries first (what the owner looks at); a long journal's older
            # entries follow in a second load.
            entries = journal.list(dispute_id, channel=channel, text=text, newest=FIRST_LOAD)
            return dispute_id, entries, len(entries) < FIRST_LOAD

        self.loader.load(fetch)

    def selected_entry(self) -> JournalEntry | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(index.row())

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row is None:
            self._select_after_load = entry_id
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def new_entry(self, files=()) -> None:
        if self._dispute_id is None:
            return
        dialog = EntryDialog(self._services, self._dispute_id, self, synchronous=self._synchronous)
        if files:
            dialog.add_files(files)
        self._open_dialog(dialog)

    def correct_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.corrected_by_id is not None or self._dispute_id is None:
            return
        dialog = EntryDialog(
            self._services, self._dispute_id, self, corrects=entry, synchronous=self._synchronous
        )
        self._open_dialog(dialog)

    def open_selected_file(self) -> None:
        item = self.files_list.currentItem() or self.files_list.item(0)
        if item is not None:
            self._open_attachment(item.data(ATTACHMENT_ROLE))

    # --- Drag and drop: files dropped on the tab start a new entry with them -------------

    def dragEnterEvent(self, event) -> None:
        if self._dispute_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files and self._dispute_id is not None:
            event.acceptProposedAction()
            self.new_entry(files)

    # --- Internals ----------------------------------------------------------------------

    def _open_dialog(self, dialog: EntryDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda d=dialog: self._on_dialog_accepted(d))
        dialog.finished.connect(lambda _r, d=dialog: self._on_dialog_finished(d))
        dialog.open()

    def _on_dialog_accepted(self, dialog: EntryDialog) -> None:
        if dialog.entry is not None:
            self._select_after_load = dialog.entry.id
            self.reload()

    def _on_dialog_finished(self, dialog: EntryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _open_attachment(self, attachment_id: int | None) -> None:
        if attachment_id is None:
            return
        from disputedesk.ui.open_file import open_attachment

        open_attachment(self, self._services, attachment_id)

    def _on_files_list_item_activated(self, item: QListWidgetItem) -> None:
        self._open_attachment(item.data(ATTACHMENT_ROLE))

    def _on_loader_loaded(self, result) -> None:
        dispute_id, entries, complete = result
        if dispute_id != self._dispute_id:
            return
        keep = self._select_after_load
        if keep is None:
            current = self.selected_entry()
            keep = current.id if current else None
        self._select_after_load = None
        self.model.set_entries(entries)
        count = len(entries)
        if count and not self._sized:
            self._sized = True
            for col in (WHEN, CHANNEL, DIRECTION, FILES):
                self.view.resizeColumnToContents(col)
                self.view.setColumnWidth(col, min(self.view.columnWidth(col) + 8, 220))
        filtered = bool(self.search_edit.text().strip() or self.channel_combo.currentData())
        if not complete:
            self.status.setText(
                _("The latest {count} entries; loading the earlier ones…").format(count=count)
            )
        elif count:
            self.status.setText(
                ngettext("{count} entry", "{count} entries", count).format(count=count)
            )
        elif filtered:
            self.status.setText(_("No entry matches."))
        else:
            self.status.setText(_("The journal is empty: record each call, e-mail and visit."))
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_entry(keep)
        elif count:
            self.select_entry(entries[-1].id)  # the latest exchange
        else:
            self._show_entry(None)
        if not complete:
            self._load(complete=True)

    def _on_loader_failed(self, exc: object) -> None:
        self.model.set_entries([])
        self._show_entry(None)
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.status.setText(_("The journal cannot be shown: {reason}").format(reason=reason))

    def _on_selection_changed(self, current, _previous) -> None:
        if current.isValid():
            self._show_entry(self.model.entry(current.row()))
        else:
            self._show_entry(None)

    def _show_entry(self, e: JournalEntry | None) -> None:
        self.files_list.clear()
        if e is None:
            self.detail_title.setText("")
            self.detail_status.setText("")
            self.detail_status.setVisible(False)
            self.body_view.setPlainText("")
            self.files_list.setVisible(False)
            self.open_button.setEnabled(False)
            self.correct_button.setEnabled(False)
            return
        self.detail_title.setText(
            _("{moment} · {channel} · {direction} — {summary}").format(
                moment=short_moment(e.occurred_at),
                channel=e.channel.label,
                direction=e.direction.label,
                summary=e.summary,
            )
        )
        status = status_text(e, self.model.by_id)
        self.detail_status.setText(status)
        self.detail_status.setVisible(bool(status))
        self.body_view.setPlainText(e.body)
        for att in e.attachments:
            item = QListWidgetItem(f"{att.original_name}  ({human_size(att.size)})")
            item.setData(ATTACHMENT_ROLE, att.id)
            self.files_list.addItem(item)
        self.files_list.setVisible(bool(e.attachments))
        self.open_button.setEnabled(bool(e.attachments))
        self.correct_button.setEnabled(e.corrected_by_id is None)
        self.correct_button.setToolTip(
            _("Write a corrected version; the original stays visible")
            if e.corrected_by_id is None
            else _("Already corrected: correct the latest version")
        )

    def _set_enabled(self, enabled: bool) -> None:
        for w in (self.new_button, self.search_edit, self.channel_combo):
            w.setEnabled(enabled)

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if self._dispute_id is None:
            return
        if kind in ("journal", "all", "document", "letter") or (
            kind == "dispute" and ident in (0, self._dispute_id)
        ):
            self._reload_timer.start()
