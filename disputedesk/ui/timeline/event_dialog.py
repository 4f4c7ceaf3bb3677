"""A small window showing one timeline event; a journal entry is shown whole, with its files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.records import JournalEntry
from disputedesk.domain.timeline import EventKind, TimelineEvent
from disputedesk.i18n import _, ui_locale
from disputedesk.ui.timeline.loader import BackgroundLoader
from disputedesk.ui.timeline.timeline_canvas import OVERDUE_RED, format_moment


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class EventDialog(QDialog):
    def __init__(self, services, event: TimelineEvent, parent=None) -> None:
        super().__init__(parent)
        self._services = services
        self.timeline_event = event
        self.entry: JournalEntry | None = None
        self.setWindowTitle(event.kind.label)
        self.setAccessibleName(event.kind.label)
        self.form = QFormLayout()
        self.form.addRow(_("Date:"), _value(format_moment(event.at, event.all_day)))
        self.form.addRow(_("What:"), _value(event.title))
        if event.kind is EventKind.DEADLINE and event.deadline is not None:
            status = _value(event.deadline.label)
            if event.overdue:
                status.setStyleSheet(f"color: {OVERDUE_RED.name()}; font-weight: bold")
            self.form.addRow(_("Status:"), status)
            if event.done_at is not None:
                self.form.addRow(_("Done on:"), _value(format_moment(event.done_at, event.all_day)))
        elif event.detail:
            label = _("Reason:") if event.kind is EventKind.STAGE else _("Details:")
            self.form.addRow(label, _value(event.detail))
        if event.amount is not None:
            label = _("Still owed:") if event.kind is EventKind.DEADLINE else _("Amount:")
            self.form.addRow(label, _value(event.amount.format(ui_locale())))

        self.body = QPlainTextEdit(readOnly=True)
        self.body.setAccessibleName(_("Text of the entry"))
        self.body.setVisible(False)
        self.files = QVBoxLayout()
        files_box = QWidget()
        files_box.setLayout(self.files)
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.body, 1)
        layout.addWidget(files_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 420 if event.kind is EventKind.JOURNAL else 220)

        if event.kind is EventKind.JOURNAL:
            synchronous = getattr(getattr(parent, "loader", None), "synchronous", False)
            self.loader = BackgroundLoader(self, synchronous=synchronous)
            self.loader.sig_loaded.connect(self._on_loader_loaded)
            self.loader.sig_failed.connect(self._on_loader_failed)
            self.message.setText(_("Loading…"))
            journal, entry_id = services.journal, event.ref_id
            self.loader.load(lambda: journal.get(entry_id))

    def _on_loader_loaded(self, entry: JournalEntry) -> None:
        self.entry = entry
        self.message.clear()
        self.form.addRow(_("Channel:"), _value(f"{entry.channel.label} · {entry.direction.label}"))
        if entry.corrected_by_id is not None:
            note = _value(_("A later entry corrects this one; both are kept as evidence."))
            self.form.addRow(_("Note:"), note)
        if entry.corrects_id is not None:
            self.form.addRow(_("Note:"), _value(_("This entry corrects an earlier one.")))
        self.body.setPlainText(entry.body or entry.summary)
        self.body.setVisible(True)
        for attachment in entry.attachments:
            row = QHBoxLayout()
            row.addWidget(_value(attachment.original_name), 1)
            button = QPushButton(_("Open"))
            button.setAccessibleName(_("Open {file}").format(file=attachment.original_name))
            button.clicked.connect(lambda _c=False, a=attachment.id: self._open_attachment(a))
            row.addWidget(button)
            self.files.addLayout(row)

    def _on_loader_failed(self, exc: object) -> None:
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.message.setText(_("This entry cannot be shown: {reason}").format(reason=reason))

    def _open_attachment(self, attachment_id: int) -> None:
        from disputedesk.ui.open_file import open_attachment

        open_attachment(self, self._services, attachment_id)
