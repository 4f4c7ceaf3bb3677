"""The questions the letter screens ask, behind one small object that tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class LetterDialogs:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def save_path(self, title: str, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(self.parent, title, suggested, "PDF (*.pdf)")
        return Path(name) if name else None
