"""File › Restore from backup…: the backups with their dates and contents; restoring saves the
current state first, then the app reopens on the restored data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.services import Services
from disputedesk.services.backup_service import BackupInfo
from disputedesk.ui.safety import formats
from disputedesk.ui.safety.prompts import Prompts
from disputedesk.ui.safety.restart import request_restore


class RestoreDialog(QDialog):
    def __init__(
        self, services: Services, parent: QWidget | None = None, prompts: Prompts | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prompts = prompts or Prompts(self)
        self.backups: list[BackupInfo] = []
        self.requested: Path | None = None
        self.setWindowTitle(_("Restore from backup"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Choose the backup to go back to. Your current data is saved as a backup "
                "first, so a restore can itself be undone."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Date"), _("Made"), _("Contents"), _("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._restore_selected())
        layout.addWidget(self.table)
        self.empty = QLabel(
            _("There is no backup yet. DisputeDesk makes one each day and when it closes.")
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_now = QPushButton(_("Back up now"))
        self.other_file = QPushButton(_("Restore another file…"))
        self.restore = QPushButton(_("Restore…"))
        buttons.addButton(self.backup_now, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.other_file, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_now.clicked.connect(self._backup_now)
        self.other_file.clicked.connect(self._restore_other)
        self.restore.clicked.connect(self._restore_selected)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            self.backups = self.services.backups.list()
        except DisputeDeskError as err:
            self.backups = []
            self.prompts.warn(_("Restore from backup"), str(err))
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (
                formats.moment(info.created_at),
                formats.reason(info.reason),
                formats.contents(info.counts, info.files),
                formats.size(info.size),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.restore.setEnabled(self.selected() is not None)

    def _backup_now(self) -> None:
        try:
            info = self.services.backups.create()
        except DisputeDeskError as err:
            self.prompts.warn(_("Back up now"), str(err))
            return
        self.reload()
        self.prompts.inform(_("Back up now"), _("Backup made: {file}").format(file=str(info.path)))

    def _restore_other(self) -> None:
        path = self.prompts.open_path(
            _("Choose a DisputeDesk backup"), _("DisputeDesk backups (*.zip)")
        )
        if path is None:
            return
        try:
            info = self.services.backups.read(path)
        except DisputeDeskError as err:
            self.prompts.warn(_("Restore from backup"), str(err))
            return
        self._confirm_and_request(info)

    def _restore_selected(self) -> None:
        info = self.selected()
        if info is not None:
            self._confirm_and_request(info)

    def _confirm_and_request(self, info: BackupInfo) -> None:
        text = _(
            "Go back to the backup of {date} ({contents})?\n\nEverything recorded since then "
            "will be replaced. Your current data is saved as a backup first, so you can come "
            "back to it. DisputeDesk will reopen on the restored data."
        ).format(
            date=formats.moment(info.created_at), contents=formats.contents(info.counts, info.files)
        )
        if not self.prompts.ask(_("Restore from backup"), text):
            return
        self.accept()
        if request_restore(info.path):
            self.requested = info.path


def open_restore_dialog(parent: QWidget | None, services: Services) -> None:
    RestoreDialog(services, parent).exec()
