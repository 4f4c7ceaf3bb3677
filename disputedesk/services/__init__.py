"""Services: the only way the UI and the command line read or change data.

Each call is one unit of work and returns frozen records; bad input raises
`disputedesk.domain.errors.DisputeDeskError` (ValidationError, NotFoundError, StoreError).
"""

from __future__ import annotations

from dataclasses import dataclass

from disputedesk.services.aftercare_service import AftercareService
from disputedesk.services.agenda_service import AgendaService
from disputedesk.services.backup_service import BackupService
from disputedesk.services.business_service import BusinessService
from disputedesk.services.customer_service import CustomerService
from disputedesk.services.dashboard_service import DashboardService
from disputedesk.services.dispute_service import DisputeService
from disputedesk.services.document_service import DocumentService
from disputedesk.services.dunning_service import DunningService
from disputedesk.services.guidance_service import GuidanceService
from disputedesk.services.invoice_service import InvoiceService
from disputedesk.services.journal_service import JournalService
from disputedesk.services.letter_service import LetterService
from disputedesk.services.maintenance_service import MaintenanceService
from disputedesk.services.privacy_service import PrivacyService
from disputedesk.services.receivables_service import ReceivablesService
from disputedesk.services.search_service import SearchService
from disputedesk.services.task_service import TaskService
from disputedesk.services.timeline_service import TimelineService
from disputedesk.services.transfer_service import TransferService
from disputedesk.storage.store import Store


@dataclass(frozen=True)
class Services:
    store: Store
    business: BusinessService
    customers: CustomerService
    disputes: DisputeService
    journal: JournalService
    invoices: InvoiceService
    tasks: TaskService
    documents: DocumentService
    transfer: TransferService
    maintenance: MaintenanceService
    guidance: GuidanceService
    timeline: TimelineService
    agenda: AgendaService
    backups: BackupService
    privacy: PrivacyService
    aftercare: AftercareService
    dashboard: DashboardService
    receivables: ReceivablesService
    dunning: DunningService
    search: SearchService
    letters: LetterService

    @classmethod
    def build(cls, store: Store) -> Services:
        return cls(
            store=store,
            business=BusinessService(store),
            customers=CustomerService(store),
            disputes=DisputeService(store),
            journal=JournalService(store),
            invoices=InvoiceService(store),
            tasks=TaskService(store),
            documents=DocumentService(store),
            transfer=TransferService(store),
            maintenance=MaintenanceService(store),
            guidance=(guidance := GuidanceService(store)),
            timeline=TimelineService(store),
            agenda=AgendaService(store, guidance),
            backups=BackupService(store),
            privacy=PrivacyService(store),
            aftercare=AftercareService(store, DocumentService(store)),
            dashboard=DashboardService(store),
            receivables=(receivables := ReceivablesService(store)),
            dunning=DunningService(store, receivables),
            search=SearchService(store),
            letters=LetterService(store, receivables=receivables),
        )
