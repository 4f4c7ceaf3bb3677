"""`seed-demo`: fill an empty store with a living sample shop, so a newcomer sees how it works."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from disputedesk.domain.enums import Channel, Direction, DisputeStage
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import (
    BusinessProfile,
    CustomerDraft,
    DisputeDraft,
    MediatorInfo,
    PostalAddress,
)
from disputedesk.i18n import N_
from disputedesk.services import Services
from disputedesk.services import demo_data as data
from disputedesk.services import demo_files as files
from disputedesk.services.invoice_service import InvoiceDraft
from disputedesk.services.journal_service import EntryDraft

S = DisputeStage
# The natural path to each stage (see domain/stages.py), so every step is a legal move.
PATHS: dict[DisputeStage, list[DisputeStage]] = {
    S.RECEIVED: [],
    S.ACKNOWLEDGED: [S.ACKNOWLEDGED],
    S.UNDER_ANALYSIS: [S.ACKNOWLEDGED, S.UNDER_ANALYSIS],
    S.SOLUTION_PROPOSED: [S.ACKNOWLEDGED, S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED],
    S.NEGOTIATION: [S.ACKNOWLEDGED, S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED, S.NEGOTIATION],
    S.MEDIATION: [
        S.ACKNOWLEDGED,
        S.UNDER_ANALYSIS,
        S.SOLUTION_PROPOSED,
        S.NEGOTIATION,
        S.MEDIATION,
    ],
    S.CONCILIATION: [S.ACKNOWLEDGED, S.SOLUTION_PROPOSED, S.NEGOTIATION, S.CONCILIATION],
    S.LEGAL_ACTION: [
        S.ACKNOWLEDGED,
        S.SOLUTION_PROPOSED,
        S.NEGOTIATION,
        S.CONCILIATION,
        S.LEGAL_ACTION,
    ],
    S.RESOLVED: [S.ACKNOWLEDGED, S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED, S.RESOLVED],
    S.ABANDONED: [S.ACKNOWLEDGED, S.ABANDONED],
}

# What the shop wrote in its journal when it took each step.
STEP_NOTES: dict[DisputeStage, tuple[Channel, Direction, str, str]] = {
    S.ACKNOWLEDGED: (
        Channel.EMAIL,
        Direction.OUTGOING,
        "Accusé de réception envoyé",
        "Nous avons bien reçu votre réclamation et l'examinons ; réponse sous 8 jours.",
    ),
    S.UNDER_ANALYSIS: (
        Channel.INTERNAL_NOTE,
        Direction.INTERNAL,
        "Analyse des deux points de vue",
        "Vérifié le bon de livraison et interrogé l'équipe ; cause probable notée.",
    ),
    S.SOLUTION_PROPOSED: (
        Channel.LETTER,
        Direction.OUTGOING,
        "Proposition de solution",
        "Proposition écrite envoyée, avec un délai de 15 jours pour répondre.",
    ),
    S.NEGOTIATION: (
        Channel.PHONE,
        Direction.INCOMING,
        "Le client discute la proposition",
        "Appel du client : il demande davantage ; nous réfléchissons.",
    ),
    S.MEDIATION: (
        Channel.LETTER,
        Direction.OUTGOING,
        "Saisine du médiateur",
        "Dossier transmis au médiateur de la consommation.",
    ),
    S.CONCILIATION: (
        Channel.LETTER,
        Direction.OUTGOING,
        "Demande au conciliateur de justice",
        "Demande de tentative de conciliation déposée (Cerfa 15728*02).",
    ),
    S.LEGAL_ACTION: (
        Channel.REGISTERED_LETTER,
        Direction.OUTGOING,
        "Requête en injonction de payer",
        "Requête déposée au greffe après l'échec de la conciliation.",
    ),
    S.RESOLVED: (
        Channel.PHONE,
        Direction.OUTGOING,
        "Accord trouvé",
        "Le client accepte la solution ; dossier clos.",
    ),
    S.ABANDONED: (
        Channel.PHONE,
        Direction.INCOMING,
        "Le client renonce",
        "Le client nous dit ne pas vouloir donner suite.",
    ),
}


def seed_demo(services: Services, *, now: datetime | None = None) -> dict[str, int]:
    """Create the sample shop. Refuses a store that already has customers (nothing doubled)."""
    now = now or datetime.now(UTC)
    if services.customers.count(include_archived=True):
        raise ValidationError(
            N_("Sample data can only be added to an empty data folder; this one has customers.")
        )
    _profile(services)
    customers = [_customer(services, row) for row in data.CUSTOMERS]
    counts = {"customers": len(customers), "disputes": 0, "entries": 0, "invoices": 0}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        disputes = []
        for i, spec in enumerate(data.DISPUTES):
            dispute, entries = _dispute(services, customers, spec, now, folder, i)
            disputes.append(dispute)
            counts["entries"] += entries
        counts["disputes"] = len(disputes)
        for spec in data.INVOICES:
            _invoice(services, customers, disputes, spec, now, folder)
            counts["invoices"] += 1
    return counts


def _profile(services: Services) -> None:
    s = data.SHOP
    services.business.save(
        BusinessProfile(
            trade_name=s["trade_name"],
            legal_name=s["legal_name"],
            legal_form=s["legal_form"],
            address=PostalAddress(s["line1"], "", s["postcode"], s["city"], "FR"),
            siret=s["siret"],
            trade_register=s["trade_register"],
            vat_number=s["vat_number"],
            phone=s["phone"],
            email=s["email"],
            website=s["website"],
            signatory_name=s["signatory_name"],
            mediator=MediatorInfo(s["mediator_name"], s["mediator_address"], s["mediator_website"]),
        )
    )


def _customer(services: Services, row):
    kind, title, first, last, company, siret, l1, l2, pc, city, email, phone, lang = row
    return services.customers.create(
        CustomerDraft(
            kind=kind,
            title=title,
            first_name=first,
            last_name=last,
            company=company,
            siret=siret,
            address=PostalAddress(l1, l2, pc, city, "FR"),
            email=email,
            phone=phone,
            language=lang,
        )
    )


def _dispute(services, customers, spec, now, folder: Path, index: int):
    (
        cust_i,
        category,
        target,
        days,
        channel,
        cents,
        title,
        words,
        request,
        outcome,
        root_cause,
        wanted,
    ) = spec
    customer = customers[cust_i]
    received = now - timedelta(days=days, hours=3)
    dispute = services.disputes.open(
        DisputeDraft(
            customer_id=customer.id,
            category=category,
            description=words,
            amount=Money(cents),
            customer_request=request,
            received_via=channel,
            received_at=received,
            title=title,
        ),
        now=now,
    )
    attachments = []
    if "photo" in wanted:
        attachments.append(files.write_photo(folder / f"photo-{index}.jpg", title))
    if "email" in wanted:
        attachments.append(
            files.write_email(
                folder / f"message-{index}.eml",
                sender=customer.email,
                to=data.SHOP["email"],
                subject=title,
                body=words,
                sent=received,
            )
        )
    direction = (
        Direction.INTERNAL if channel is Channel.LETTER and cents > 200000 else Direction.INCOMING
    )
    services.journal.add(
        EntryDraft(
            dispute_id=dispute.id,
            channel=channel,
            direction=direction,
            summary="Réclamation du client"
            if direction is Direction.INCOMING
            else "Constat de l'impayé",
            body=words,
            occurred_at=received,
            attachments=tuple(attachments),
        ),
        now=now,
    )
    entries = 1
    steps = PATHS[target]
    span = (now - received) / (len(steps) + 1)
    for n, stage in enumerate(steps, start=1):
        at = received + span * n
        ch, direc, summary, body = STEP_NOTES[stage]
        services.journal.add(
            EntryDraft(
                dispute_id=dispute.id,
                channel=ch,
                direction=direc,
                summary=summary,
                body=body,
                occurred_at=at,
            ),
            now=now,
        )
        entries += 1
        services.disputes.change_stage(
            dispute.id, stage, at=at, outcome=outcome if stage.is_closed else None
        )
    if root_cause:
        facts = services.disputes.facts_of(services.disputes.get(dispute.id))
        services.disputes.update_facts(
            dispute.id,
            facts.__class__(
                **{
                    **{f: getattr(facts, f) for f in facts.__dataclass_fields__},
                    "root_cause": root_cause,
                    "shop_at_fault": root_cause != "Transporteur",
                    "lessons_learned": "Vérifier ce point avant chaque livraison."
                    if outcome
                    else "",
                }
            ),
        )
    if not target.is_closed:
        due = now + timedelta(days=(index % 5) - 1, hours=2)  # some overdue, some ahead
        services.tasks.add("Rappeler le client", due, dispute_id=dispute.id, kind="call_back")
    return services.disputes.get(dispute.id), entries


def _invoice(services, customers, disputes, spec, now, folder: Path) -> None:
    cust_i, disp_i, number, days, term, cents, description, payments = spec
    customer = customers[cust_i]
    issued = (now - timedelta(days=days)).date()
    due = issued + timedelta(days=term)
    attachment_id = None
    dispute_id = disputes[disp_i].id if disp_i is not None else None
    if dispute_id is not None:
        pdf = files.write_invoice_pdf(
            folder / f"facture-{number}.pdf",
            shop=data.SHOP["legal_name"],
            number=number,
            customer=customer.display_name,
            issued=issued,
            due=due,
            lines=[(description, cents)],
        )
        entry = services.journal.add(
            EntryDraft(
                dispute_id=dispute_id,
                channel=Channel.EMAIL,
                direction=Direction.OUTGOING,
                summary=f"Facture {number} envoyée",
                body=description,
                attachments=(pdf,),
                occurred_at=datetime.combine(issued, datetime.min.time(), UTC) + timedelta(hours=9),
            ),
            now=now,
        )
        attachment_id = entry.attachments[0].id
    invoice = services.invoices.create(
        InvoiceDraft(
            customer_id=customer.id,
            number=number,
            issue_date=issued,
            due_date=due,
            amount=Money(cents),
            description=description,
            dispute_id=dispute_id,
            attachment_id=attachment_id,
        )
    )
    for days_ago, paid in payments:
        services.invoices.add_payment(
            invoice.id, Money(paid), (now - timedelta(days=days_ago)).date(), method="virement"
        )
