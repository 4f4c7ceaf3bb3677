"""Wizard page 2: choose and order the exhibits (drag to reorder, preview) and journal entries."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from disputedesk.domain.packets import PacketFlow, Step
from disputedesk.i18n import _
from disputedesk.ui.packets.exhibit_preview_dialog import ExhibitPreviewDialog
from disputedesk.ui.packets.formats import short_date, short_moment
from disputedesk.ui.packets.issues_label import IssuesLabel

KEY = Qt.ItemDataRole.UserRole


class ContentPage(QWizardPage):
    def __init__(self, flow: PacketFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(_("Exhibits and journal entries"))
        self.setSubTitle(
            _(
                "Tick what goes into the packet. Drag the exhibits into the order you want: "
                "they are numbered in that order."
            )
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(_("Exhibits")))
        self.exhibits = QListWidget()
        self.exhibits.setObjectName("exhibits")
        self.exhibits.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.exhibits.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.exhibits.itemDoubleClicked.connect(self._on_exhibits_double_clicked)
        lv.addWidget(self.exhibits)
        buttons = QHBoxLayout()
        self.preview = QPushButton(_("Preview"))
        self.preview.clicked.connect(self._on_preview_clicked)
        self.up = QPushButton(_("Move up"))
        self.up.clicked.connect(lambda: self._move(-1))
        self.down = QPushButton(_("Move down"))
        self.down.clicked.connect(lambda: self._move(1))
        for b in (self.preview, self.up, self.down):
            buttons.addWidget(b)
        lv.addLayout(buttons)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel(_("Journal entries")))
        self.entries = QListWidget()
        self.entries.setObjectName("entries")
        rv.addWidget(self.entries)
        split.addWidget(left)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.issues = IssuesLabel()
        layout.addWidget(self.issues)
        self.exhibits.itemChanged.connect(self._on_changed)
        self.exhibits.model().rowsMoved.connect(self._on_changed)
        self.entries.itemChanged.connect(self._on_changed)
        self._filling = False

    def initializePage(self) -> None:
        self._filling = True
        f = self.flow
        self.exhibits.clear()
        chosen = list(f.exhibit_keys)
        by_key = {e.key: e for e in f.context.exhibits}
        order = chosen + [
            k for k in sorted(by_key, key=lambda k: by_key[k].dated) if k not in chosen
        ]
        for key in order:
            src = by_key[key]
            text = f"{short_date(src.dated)} — {src.title}"
            if src.file_name not in src.title:
                text += f" — {src.file_name}"
            if src.path is None:
                text += "  " + _("(file missing)")
            item = QListWidgetItem(text)
            item.setData(KEY, key)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.exhibits.addItem(item)
        self.entries.clear()
        for e in f.context.entries:
            item = QListWidgetItem(
                f"{short_moment(e.occurred_at)} — {e.channel.label} — {e.summary}"
            )
            item.setData(KEY, e.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if e.id in f.entry_ids else Qt.CheckState.Unchecked
            )
            self.entries.addItem(item)
        self._filling = False
        self._on_changed()

    def checked_exhibits(self) -> list[str]:
        return [
            self.exhibits.item(i).data(KEY)
            for i in range(self.exhibits.count())
            if self.exhibits.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _on_changed(self, *_args) -> None:
        if self._filling:
            return
        self.flow.set_exhibits(self.checked_exhibits())
        self.flow.set_entries(
            [
                self.entries.item(i).data(KEY)
                for i in range(self.entries.count())
                if self.entries.item(i).checkState() == Qt.CheckState.Checked
            ]
        )
        self.issues.show_issues(self.flow.issues(Step.CONTENT))
        self.completeChanged.emit()

    def _move(self, delta: int) -> None:
        row = self.exhibits.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.exhibits.count():
            return
        item = self.exhibits.takeItem(row)
        self.exhibits.insertItem(target, item)
        self.exhibits.setCurrentRow(target)
        self._on_changed()

    def _on_preview_clicked(self) -> None:
        item = self.exhibits.currentItem()
        if item is not None:
            self._on_exhibits_double_clicked(item)

    def _on_exhibits_double_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        src = next(e for e in self.flow.context.exhibits if e.key == key)
        ExhibitPreviewDialog(src, self).exec()

    def isComplete(self) -> bool:
        return not self.flow.errors(Step.CONTENT)
