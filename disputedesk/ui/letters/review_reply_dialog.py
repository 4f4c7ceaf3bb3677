"""A public reply to a negative online review: calm, professional, nothing private; the owner
edits it and copies it to the review site."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from disputedesk.i18n import _


class ReviewReplyDialog(QDialog):
    def __init__(self, services, dispute_id: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute_id = dispute_id
        self.setWindowTitle(_("Reply to an online review"))
        self.resize(640, 520)
        customer = services.customers.get(services.disputes.get(dispute_id).customer_id)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(customer.language), 0))
        self.solution = QPlainTextEdit()
        self.solution.setObjectName("solution")
        self.solution.setPlaceholderText(
            _("Optional: one sentence on what you offered, without private details.")
        )
        self.solution.setMaximumHeight(70)
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.copy = QPushButton(_("Copy the text"))
        self.copy.setObjectName("copy")
        self.copy.clicked.connect(self._on_copy_clicked)
        self.status = QLabel()
        self.status.setObjectName("status")
        hint = QLabel(
            _(
                "Answer calmly, thank the reviewer, never disclose the customer's name or the "
                "details of the dispute in public, and invite them to contact you."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Language:"), self.language)
        form.addRow(_("Your solution:"), self.solution)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self.refill)
        self.solution.textChanged.connect(self.refill)
        self.refill()

    def refill(self) -> None:
        self.text.setPlainText(
            self.services.letters.review_reply(
                self.dispute_id,
                language=self.language.currentData(),
                solution=self.solution.toPlainText(),
            )
        )

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.status.setText(_("Copied: paste it as your answer on the review site."))
