"""Fixtures shared by the timeline, guidance and Today tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from disputedesk.domain.enums import DisputeCategory
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft


def make_dispute(services, *, received_at=None, last_name="Moreau", title="Table rayée"):
    customer = services.customers.create(CustomerDraft(last_name=last_name, first_name="Élise"))
    return services.disputes.open(
        DisputeDraft(
            customer_id=customer.id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="La table livrée est rayée.",
            amount=Money(89000),
            title=title,
            received_at=received_at or datetime.now(UTC) - timedelta(hours=1),
        )
    )
