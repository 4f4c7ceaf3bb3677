"""The court file's figures: procedure and form, amounts with their periods, exhibits, limits."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout

from disputedesk.domain.court_figures import figures_text
from disputedesk.i18n import _
from disputedesk.ui.disputes.formats import ui_locale
from disputedesk.ui.safety.prompts import Prompts


class CourtDialog(QDialog):
    def __init__(self, figures, customer: str, parent=None, *, prompts: Prompts | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Prepare the court file"))
        self.prompts = prompts or Prompts(self)
        self.text = QPlainTextEdit(figures_text(figures, customer, ui_locale()))
        self.text.setReadOnly(True)
        copy = QPushButton(_("&Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        save = QPushButton(_("&Save as a text file…"))
        save.clicked.connect(self._save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def _save(self) -> None:
        path = self.prompts.save_path(
            _("Save the court figures"), "court-figures.txt", _("Text files (*.txt)")
        )
        if path is None:
            return
        try:
            path.write_text(self.text.toPlainText(), encoding="utf-8")
        except OSError as exc:
            self.prompts.warn(
                _("Save the court figures"),
                _("{file} cannot be written: {reason}").format(
                    file=str(path), reason=exc.strerror or str(exc)
                ),
            )
