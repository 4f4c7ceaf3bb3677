"""Add a journal entry (or a correction of one) in a few keystrokes, with attachments.

Ctrl+J opens it with the focus on the summary; channel and direction default to the last
ones used; date and time default to now; Enter saves. Files are added by drag and drop or the
file picker; a file that cannot become evidence (missing, unreadable, empty, too large) is
refused at once with its name and nothing typed is lost. A failed save (disk full,
read-only folder, a file that vanished meanwhile) keeps the dialog open with everything in it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from disputedesk.domain.enums import Channel, Direction
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.records import JournalEntry
from disputedesk.i18n import N_, _
from disputedesk.services.journal_service import EntryDraft, check_attachment_file
from disputedesk.ui.disputes.form_support import FieldErrors, current_enum, error_label
from disputedesk.ui.disputes.formats import datetime_edit_format, short_moment
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader

# What usually goes with a channel (the user can change it).
_DEFAULT_DIRECTION = {Channel.INTERNAL_NOTE: Direction.INTERNAL}

_last_used: dict[str, str] = {}


def human_size(size: int) -> str:
    if size < 1024:
        return _("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=round(size / 1024))
    return _("{n} MB").format(n=round(size / (1024 * 1024), 1))


class EntryDialog(QDialog):
    def __init__(
        self,
        services,
        dispute_id: int,
        parent=None,
        *,
        corrects: JournalEntry | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._dispute_id = dispute_id
        self._corrects = corrects
        self.entry: JournalEntry | None = None
        self._files: list[Path] = []
        self.setAcceptDrops(True)
        self.setMinimumWidth(560)
        if corrects is None:
            self.setWindowTitle(_("New journal entry"))
        else:
            self.setWindowTitle(_("Correct a journal entry"))

        self.channel_combo = QComboBox()
        self.channel_combo.setAccessibleName(_("Channel"))
        for ch in Channel:
            self.channel_combo.addItem(ch.label, ch)
        self.direction_combo = QComboBox()
        self.direction_combo.setAccessibleName(_("Direction"))
        for d in Direction:
            self.direction_combo.addItem(d.label, d)
        self.when_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.when_edit.setDisplayFormat(datetime_edit_format())
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setAccessibleName(_("Date and time"))
        self.summary_edit = QLineEdit(maxLength=300)
        self.summary_edit.setAccessibleName(_("Summary"))
        self.summary_edit.setPlaceholderText(_("e.g. “Called: she will bring the table back”"))
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName(_("Text"))
        self.body_edit.setPlaceholderText(_("What was said or written (optional)."))
        self.body_edit.setTabChangesFocus(True)
        self.files_list = QListWidget()
        self.files_list.setAccessibleName(_("Attached files"))
        self.files_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_list.setMaximumHeight(90)
        self.add_files_button = QPushButton(_("Attach &files…"))
        self.add_files_button.clicked.connect(self.pick_files)
        self.remove_files_button = QPushButton(_("Re&move"))
        self.remove_files_button.clicked.connect(self.remove_selected_files)
        # Enter must save the entry, never open the file picker.
        for button in (self.add_files_button, self.remove_files_button):
            button.setAutoDefault(False)
        drop_hint = QLabel(_("or drop files here"))
        drop_hint.setEnabled(False)

        self.errors = FieldErrors(error_label(self))
        form = QFormLayout()
        if corrects is not None:
            original = QLabel(
                _(
                    "Correcting the entry of {moment}: “{summary}”. The original stays visible."
                ).format(moment=short_moment(corrects.occurred_at), summary=corrects.summary)
            )
            original.setWordWrap(True)
            original.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(original)

        def add(text, widget, field, extra=None) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            if extra is not None:
                box.addLayout(extra)
            label = error_label(self)
            box.addWidget(label)
            self.errors.add(field, label, widget)
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, box)

        pair = QHBoxLayout()
        pair.addWidget(self.channel_combo, 1)
        pair.addWidget(self.direction_combo, 1)
        channel_caption = QLabel(_("&Channel:"))
        channel_caption.setBuddy(self.channel_combo)
        form.addRow(channel_caption, pair)
        direction_error = error_label(self)
        form.addRow("", direction_error)
        self.errors.add("direction", direction_error, self.direction_combo)
        add(_("&When:"), self.when_edit, "occurred_at")
        add(_("&Summary:"), self.summary_edit, "summary")
        add(_("&Text:"), self.body_edit, "body")
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_files_button)
        file_buttons.addWidget(drop_hint, 1)
        add(_("Files:"), self.files_list, "attachments", file_buttons)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        # Ctrl+Enter saves from the multi-line text too.
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.save)

        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_changed)

        if corrects is not None:
            self._prefill(corrects)
        else:
            self._select(self.channel_combo, _last_used.get("channel", Channel.PHONE))
            self._select(self.direction_combo, _last_used.get("direction", Direction.INCOMING))
        self.summary_edit.setFocus()

    # --- Files --------------------------------------------------------------------------

    @property
    def files(self) -> list[Path]:
        return list(self._files)

    def add_files(self, paths) -> list[str]:
        """Add files after checking each; returns the messages of those refused."""
        refused = []
        for raw in paths:
            path = Path(raw)
            if path in self._files:
                continue
            try:
                size = check_attachment_file(path)
            except ValidationError as exc:
                refused.append(str(exc))
                continue
            self._files.append(path)
            item = QListWidgetItem(f"{path.name}  ({human_size(size)})")
            item.setToolTip(str(path))
            self.files_list.addItem(item)
        if refused:
            self.errors.show(ValidationError("\n".join(refused), field="attachments"))
        else:
            self.errors.clear()
        return refused

    def remove_selected_files(self) -> None:
        for item in self.files_list.selectedItems():
            row = self.files_list.row(item)
            self.files_list.takeItem(row)
            del self._files[row]

    def pick_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        if names:
            self.add_files(names)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.add_files(urls)

    # --- Saving -------------------------------------------------------------------------

    def draft(self) -> EntryDraft:
        occurred = self.when_edit.dateTime().toPython().astimezone().astimezone(UTC)
        if self._corrects is not None and self.when_edit.dateTime() == self._prefilled_when:
            occurred = self._corrects.occurred_at  # unchanged: keep it to the microsecond
        now = datetime.now(UTC)
        if occurred > now and (occurred - now).total_seconds() < 120:
            occurred = now  # the minute the dialog stayed open
        return EntryDraft(
            dispute_id=self._dispute_id,
            channel=current_enum(self.channel_combo, Channel),
            direction=current_enum(self.direction_combo, Direction),
            summary=self.summary_edit.text(),
            body=self.body_edit.toPlainText(),
            occurred_at=occurred,
            attachments=tuple(self._files),
        )

    def save(self) -> None:
        if self.writer.busy:
            return
        self.errors.clear()
        if not self.summary_edit.text().strip():
            self.errors.show(
                ValidationError(N_("Write a short summary of the exchange."), field="summary")
            )
            return
        draft = self.draft()
        journal = self._services.journal
        corrects = self._corrects
        self.buttons.setEnabled(False)
        if corrects is None:
            self.writer.load(lambda: journal.add(draft))
        else:
            self.writer.load(lambda: journal.correct(corrects.id, draft))

    def _on_writer_loaded(self, entry: JournalEntry) -> None:
        self.buttons.setEnabled(True)
        self.entry = entry
        _last_used["channel"] = entry.channel
        _last_used["direction"] = entry.direction
        data_events().changed.emit("journal", entry.id)
        self.accept()

    def _on_writer_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.errors.show(exc)

    def reject(self) -> None:
        if self.writer.busy:
            return  # the copy of the files finishes first
        super().reject()

    # --- Helpers ------------------------------------------------------------------------

    def _prefill(self, e: JournalEntry) -> None:
        self._select(self.channel_combo, e.channel)
        self._select(self.direction_combo, e.direction)
        self.when_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(e.occurred_at.timestamp())))
        self._prefilled_when = self.when_edit.dateTime()
        self.summary_edit.setText(e.summary)
        self.body_edit.setPlainText(e.body)

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _on_channel_changed(self) -> None:
        channel = current_enum(self.channel_combo, Channel)
        direction = _DEFAULT_DIRECTION.get(channel)
        if direction is not None:
            self._select(self.direction_combo, direction)
        elif current_enum(self.direction_combo, Direction) is Direction.INTERNAL:
            self._select(self.direction_combo, Direction.INCOMING)


def open_journal_entry(
    parent, services, dispute_id: int, *, corrects: JournalEntry | None = None
) -> JournalEntry | None:
    dialog = EntryDialog(services, dispute_id, parent, corrects=corrects)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.entry
    finally:
        dialog.deleteLater()
