"""Wizard page 1: which letter. Those that fit the dispute's category and stage come first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWizardPage

from disputedesk.domain.letters import LetterKind
from disputedesk.i18n import _

KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class KindPage(QWizardPage):
    def __init__(self, fit: tuple[LetterKind, ...], others: tuple[LetterKind, ...]) -> None:
        super().__init__()
        self.setTitle(_("Which letter?"))
        self.setSubTitle(_("The letters that fit this dispute's stage come first."))
        self.list = QListWidget()
        self.list.setObjectName("kinds")
        self._add_group(_("Suggested for this dispute"), fit)
        self._add_group(_("Other letters"), others)
        self.list.currentItemChanged.connect(lambda *_a: self.completeChanged.emit())
        self.list.itemDoubleClicked.connect(lambda *_a: self.wizard().next())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        hint = QLabel(
            _(
                "Formal notices go by registered letter with acknowledgement of receipt; the "
                "wizard ticks it for you."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        first = self._item_for(fit[0]) if fit else self._item_for(others[0])
        self.list.setCurrentItem(first)

    def _add_group(self, title: str, kinds: tuple[LetterKind, ...]) -> None:
        if not kinds:
            return
        header = QListWidgetItem(title)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        self.list.addItem(header)
        for kind in kinds:
            item = QListWidgetItem("    " + kind.label)
            item.setData(KIND_ROLE, kind.value)
            self.list.addItem(item)

    def _item_for(self, kind: LetterKind) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(KIND_ROLE) == kind.value:
                return item
        return None

    def select(self, kind: LetterKind) -> None:
        item = self._item_for(kind)
        if item is not None:
            self.list.setCurrentItem(item)

    def kind(self) -> LetterKind | None:
        item = self.list.currentItem()
        value = item.data(KIND_ROLE) if item is not None else None
        return LetterKind(value) if value else None

    def isComplete(self) -> bool:
        return self.kind() is not None
