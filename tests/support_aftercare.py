"""Helpers for the aftercare and dashboard tests: a customer with an open dispute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def open_dispute(
    services,
    *,
    stage=DisputeStage.UNDER_ANALYSIS,
    amount=25000,
    days=10,
    first="Élise",
    last="Moreau",
    lang="fr",
    customer_id=None,
):
    if customer_id is None:
        customer_id = services.customers.create(
            CustomerDraft(first_name=first, last_name=last, language=lang, title="Madame")
        ).id
    received = NOW - timedelta(days=days)
    d = services.disputes.open(
        DisputeDraft(
            customer_id=customer_id,
            category=DisputeCategory.PRODUCT_QUALITY,
            description="Table rayée & abîmée <b>",
            amount=Money(amount),
            received_at=received,
            title="Table rayée",
        ),
        now=NOW,
    )
    path = [DisputeStage.ACKNOWLEDGED, DisputeStage.UNDER_ANALYSIS]
    for i, st in enumerate(path):
        services.disputes.change_stage(d.id, st, at=received + timedelta(days=i + 1))
        if st == stage:
            break
    return services.disputes.get(d.id)
