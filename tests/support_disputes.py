"""Fixtures of the disputes & journal UI tests: a customer with a few disputes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from disputedesk.domain.enums import Channel, CustomerKind, DisputeCategory, DisputeStage
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@dataclass
class Shop:
    customer_id: int
    other_customer_id: int
    late_id: int  # open, with an overdue deadline
    calm_id: int  # open, deadline in the future
    closed_id: int  # resolved
    other_id: int  # other customer's open dispute


@pytest.fixture
def shop(services) -> Shop:
    c = services.customers.create(
        CustomerDraft(kind=CustomerKind.INDIVIDUAL, first_name="Marie", last_name="Durand")
    )
    o = services.customers.create(
        CustomerDraft(kind=CustomerKind.PROFESSIONAL, company="Boulangerie Petit")
    )

    def dispute(customer, title, category, amount, days_ago):
        return services.disputes.open(
            DisputeDraft(
                customer_id=customer.id,
                category=category,
                description=f"{title}: the customer's words",
                amount=Money(amount, "EUR"),
                customer_request="A refund",
                received_via=Channel.EMAIL,
                received_at=NOW - timedelta(days=days_ago),
                title=title,
            ),
            now=NOW,
        )

    late = dispute(c, "Scratched table", DisputeCategory.PRODUCT_QUALITY, 45_000, 20)
    calm = dispute(c, "Late delivery", DisputeCategory.DELIVERY_FAILURE, 12_050, 5)
    closed = dispute(c, "Wrong invoice", DisputeCategory.BILLING_ERROR, 9_900, 40)
    other = dispute(o, "Unpaid bread", DisputeCategory.UNPAID_INVOICE, 30_000, 10)
    services.tasks.add("Answer", datetime.now(UTC) - timedelta(days=2), dispute_id=late.id)
    services.tasks.add("Call back", datetime.now(UTC) + timedelta(days=3), dispute_id=calm.id)
    services.disputes.change_stage(
        closed.id, DisputeStage.RESOLVED, reason="Refund made", at=NOW - timedelta(days=30)
    )
    return Shop(c.id, o.id, late.id, calm.id, closed.id, other.id)
