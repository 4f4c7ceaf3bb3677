"""The letter wizard: kind → details → text and live preview → save (store, journal,
deadline). The pages collect fields; `LetterService` composes, renders and issues."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from disputedesk.domain.letters import LetterDraft, LetterInputs, LetterKind
from disputedesk.i18n import _
from disputedesk.ui.letters.details_page import DetailsPage
from disputedesk.ui.letters.dialogs import LetterDialogs
from disputedesk.ui.letters.kind_page import KindPage
from disputedesk.ui.letters.text_page import TextPage


class LetterWizard(QWizard):
    sig_saved = Signal(object)  # IssuedLetter

    def __init__(
        self,
        services,
        dispute_id: int,
        parent=None,
        *,
        kind: LetterKind | None = None,
        dialogs: LetterDialogs | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.service = services.letters
        self.dispute = services.disputes.get(dispute_id)
        self.customer = services.customers.get(self.dispute.customer_id)
        self.language_default = self.customer.language
        self.draft: LetterDraft | None = None
        self.setWindowTitle(
            _("Letter — {reference} — {customer}").format(
                reference=self.dispute.reference, customer=self.customer.display_name
            )
        )
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(1100, 780)
        self.dialogs = dialogs or LetterDialogs(self)
        fit, others = self.service.kinds_for(dispute_id)
        self.kind_page = KindPage(fit, others)
        self.details_page = DetailsPage(self)
        self.text_page = TextPage(self, self.dialogs, synchronous)
        self.kind_ids = self.addPage(self.kind_page)
        self.details_id = self.addPage(self.details_page)
        self.text_id = self.addPage(self.text_page)
        if kind is not None:
            self.kind_page.select(LetterKind(kind))
            self.setStartId(self.details_id)
        self.text_page.sig_saved.connect(self.sig_saved)
        self.finished.connect(lambda _r: self.text_page.cleanup())

    @property
    def kind(self) -> LetterKind:
        kind = self.kind_page.kind()
        assert kind is not None
        return kind

    def unpaid_invoices(self):
        return self.service.unpaid_invoices(self.dispute.id)

    def compose(self, inputs: LetterInputs) -> LetterDraft:
        self.draft = self.service.compose(self.dispute.id, inputs)
        return self.draft
