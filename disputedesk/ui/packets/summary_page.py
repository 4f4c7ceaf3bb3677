"""Wizard page 3: the summary, pre-filled from the dispute, edited by the owner."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWizardPage

from disputedesk.domain.packets import PacketFlow, Step, SummaryText
from disputedesk.i18n import _
from disputedesk.ui.packets.issues_label import IssuesLabel

FIELDS = ("facts", "customer_request", "shop_offer", "position", "question")


class SummaryPage(QWizardPage):
    def __init__(self, flow: PacketFlow, refill) -> None:
        super().__init__()
        self.flow = flow
        self._refill = refill  # fills flow.summary in the packet's language
        self._filled_for: tuple | None = None
        self.setTitle(_("Summary"))
        self.setSubTitle(
            _("Pre-filled from the dispute; write it as you would explain it to the recipient.")
        )
        labels = {
            "facts": _("The facts"),
            "customer_request": _("What the customer asks"),
            "shop_offer": _("What the shop offered, and why"),
            "position": _("Current position"),
            "question": _("Question put to the recipient"),
        }
        form = QFormLayout(self)
        self.edits: dict[str, QPlainTextEdit] = {}
        for name in FIELDS:
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(self._on_edit_changed)
            self.edits[name] = edit
            form.addRow(labels[name], edit)
        self.issues = IssuesLabel()
        form.addRow(self.issues)

    def initializePage(self) -> None:
        key = (self.flow.kind, self.flow.language)
        if self._filled_for != key:  # a new kind or language: start again from the dispute
            self._refill(self.flow)
            self._filled_for = key
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setPlainText(getattr(self.flow.summary, name))
            edit.blockSignals(False)
        self._on_edit_changed()

    def _on_edit_changed(self) -> None:
        self.flow.summary = SummaryText(
            **{name: edit.toPlainText() for name, edit in self.edits.items()}
        )
        self.issues.show_issues(self.flow.issues(Step.SUMMARY))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.flow.errors(Step.SUMMARY)
