"""SQLAlchemy ORM models only. Import this package to register every table on `Base.metadata`."""

from disputedesk.models import aftercare as aftercare  # registers the aftercare tables
from disputedesk.models import guidance as guidance  # registers the guidance tables
from disputedesk.models import letter as letter  # registers the letter tables
from disputedesk.models import receivables as receivables  # registers the receivables tables
from disputedesk.models.base import Base
from disputedesk.models.business import BusinessProfileRow
from disputedesk.models.customer import CustomerRow
from disputedesk.models.dispute import DisputeRow, StageChangeRow
from disputedesk.models.document import DocumentRow
from disputedesk.models.invoice import InvoiceRow, PaymentRow
from disputedesk.models.journal import AttachmentRow, JournalEntryRow
from disputedesk.models.task import TaskRow

__all__ = [
    "AttachmentRow",
    "Base",
    "BusinessProfileRow",
    "CustomerRow",
    "DisputeRow",
    "DocumentRow",
    "InvoiceRow",
    "JournalEntryRow",
    "PaymentRow",
    "StageChangeRow",
    "TaskRow",
]
