"""The safety dialogs' questions and messages, in one object tests can replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Prompts:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def open_path(self, title: str, filter_: str) -> Path | None:
        name, _sel = QFileDialog.getOpenFileName(self.parent, title, "", filter_)
        return Path(name) if name else None

    def save_path(self, title: str, suggested: str, filter_: str) -> Path | None:
        name, _sel = QFileDialog.getSaveFileName(self.parent, title, suggested, filter_)
        return Path(name) if name else None

    def folder(self, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(self.parent, title)
        return Path(name) if name else None
