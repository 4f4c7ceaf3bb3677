"""The referral packet wizard: kind & recipient → exhibits & entries → summary → generate.

The pages only collect fields into the Qt-free PacketFlow (domain/packets.py); the flow
produces the frozen PacketRequest that the services turn into a PDF.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from disputedesk.i18n import _
from disputedesk.services.packet_service import PacketService
from disputedesk.ui.packets.content_page import ContentPage
from disputedesk.ui.packets.kind_page import KindPage
from disputedesk.ui.packets.packet_dialogs import PacketDialogs
from disputedesk.ui.packets.result_page import ResultPage
from disputedesk.ui.packets.summary_page import SummaryPage


class PacketWizard(QWizard):
    sig_saved = Signal(object)  # SavedPacket: the main window refreshes the dispute

    def __init__(
        self,
        services,
        dispute_id: int,
        parent=None,
        *,
        dialogs: PacketDialogs | None = None,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.service = PacketService(services)
        self.flow = self.service.flow(dispute_id)
        self.setWindowTitle(
            _("Referral packet — {reference}").format(reference=self.flow.context.dispute.reference)
        )
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(980, 760)
        self.dialogs = dialogs or PacketDialogs(self)
        self.kind_page = KindPage(self.flow)
        self.content_page = ContentPage(self.flow)
        self.summary_page = SummaryPage(self.flow, self.service.refill_summary)
        self.result_page = ResultPage(self.flow, self.service, self.dialogs, synchronous)
        for page in (self.kind_page, self.content_page, self.summary_page, self.result_page):
            self.addPage(page)
        self.result_page.sig_saved.connect(self.sig_saved)
        self.finished.connect(self._on_finished)

    def _on_finished(self, _result: int) -> None:
        self.result_page.cleanup()


def open_packet_wizard(parent, services, dispute_id: int) -> PacketWizard:
    """Entry point for the main window: a modeless wizard for one dispute."""
    wizard = PacketWizard(services, dispute_id, parent)
    wizard.show()
    return wizard
