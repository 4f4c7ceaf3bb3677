"""Enumerations of the domain, stored by value, each with a translatable label."""

from __future__ import annotations

from enum import StrEnum

from disputedesk.i18n import N_, _


class Labelled(StrEnum):
    """A StrEnum whose members carry an English label marked for translation."""

    @property
    def label(self) -> str:
        return _(_LABELS[self])


class CustomerKind(Labelled):
    # The law differs: consumer protection (Code de la consommation) vs trade (Code de commerce).
    INDIVIDUAL = "individual"
    PROFESSIONAL = "professional"


class DisputeCategory(Labelled):
    PRODUCT_QUALITY = "product_quality"
    DELIVERY_FAILURE = "delivery_failure"
    UNPAID_INVOICE = "unpaid_invoice"
    SERVICE_NOT_AS_AGREED = "service_not_as_agreed"
    BILLING_ERROR = "billing_error"
    RELATIONSHIP = "relationship"
    OTHER = "other"


class DisputeStage(Labelled):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_ANALYSIS = "under_analysis"
    SOLUTION_PROPOSED = "solution_proposed"
    NEGOTIATION = "negotiation"
    MEDIATION = "mediation"
    CONCILIATION = "conciliation"
    LEGAL_ACTION = "legal_action"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"

    @property
    def is_closed(self) -> bool:
        return self in (DisputeStage.RESOLVED, DisputeStage.ABANDONED)


class Outcome(Labelled):
    EXPLANATION_ACCEPTED = "explanation_accepted"
    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    PRICE_REDUCTION = "price_reduction"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    SERVICE_REDONE = "service_redone"
    VOUCHER = "voucher"
    PAID_IN_FULL = "paid_in_full"
    PAYMENT_PLAN = "payment_plan"
    REJECTED = "rejected"
    SETTLED_IN_MEDIATION = "settled_in_mediation"
    SETTLED_IN_CONCILIATION = "settled_in_conciliation"
    COURT_DECISION = "court_decision"
    WITHDRAWN = "withdrawn"


class Channel(Labelled):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    IN_PERSON = "in_person"
    SMS = "sms"
    WEBSITE_REVIEW = "website_review"
    INTERNAL_NOTE = "internal_note"


class Direction(Labelled):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal"


_LABELS: dict[StrEnum, str] = {
    CustomerKind.INDIVIDUAL: N_("Individual (consumer)"),
    CustomerKind.PROFESSIONAL: N_("Professional"),
    DisputeCategory.PRODUCT_QUALITY: N_("Product quality / dissatisfaction"),
    DisputeCategory.DELIVERY_FAILURE: N_("Delivery failure"),
    DisputeCategory.UNPAID_INVOICE: N_("Unpaid invoice"),
    DisputeCategory.SERVICE_NOT_AS_AGREED: N_("Service not as agreed"),
    DisputeCategory.BILLING_ERROR: N_("Billing error"),
    DisputeCategory.RELATIONSHIP: N_("Relationship"),
    DisputeCategory.OTHER: N_("Other"),
    DisputeStage.RECEIVED: N_("Received"),
    DisputeStage.ACKNOWLEDGED: N_("Acknowledged"),
    DisputeStage.UNDER_ANALYSIS: N_("Under analysis"),
    DisputeStage.SOLUTION_PROPOSED: N_("Solution proposed"),
    DisputeStage.NEGOTIATION: N_("Negotiation"),
    DisputeStage.MEDIATION: N_("Mediation"),
    DisputeStage.CONCILIATION: N_("Conciliation"),
    DisputeStage.LEGAL_ACTION: N_("Legal action"),
    DisputeStage.RESOLVED: N_("Resolved"),
    DisputeStage.ABANDONED: N_("Abandoned"),
    Outcome.EXPLANATION_ACCEPTED: N_("Explanation accepted"),
    Outcome.REFUND: N_("Refund"),
    Outcome.PARTIAL_REFUND: N_("Partial refund"),
    Outcome.PRICE_REDUCTION: N_("Price reduction"),
    Outcome.REPLACEMENT: N_("Replacement"),
    Outcome.REPAIR: N_("Repair"),
    Outcome.SERVICE_REDONE: N_("Service redone"),
    Outcome.VOUCHER: N_("Voucher / loyalty gesture"),
    Outcome.PAID_IN_FULL: N_("Paid in full"),
    Outcome.PAYMENT_PLAN: N_("Payment plan agreed"),
    Outcome.REJECTED: N_("Claim rejected"),
    Outcome.SETTLED_IN_MEDIATION: N_("Settled in mediation"),
    Outcome.SETTLED_IN_CONCILIATION: N_("Settled in conciliation"),
    Outcome.COURT_DECISION: N_("Court decision"),
    Outcome.WITHDRAWN: N_("Withdrawn by the customer"),
    Channel.PHONE: N_("Phone"),
    Channel.EMAIL: N_("E-mail"),
    Channel.LETTER: N_("Letter"),
    Channel.REGISTERED_LETTER: N_("Registered letter"),
    Channel.IN_PERSON: N_("In person"),
    Channel.SMS: N_("SMS"),
    Channel.WEBSITE_REVIEW: N_("Website / review"),
    Channel.INTERNAL_NOTE: N_("Internal note"),
    Direction.INCOMING: N_("Incoming"),
    Direction.OUTGOING: N_("Outgoing"),
    Direction.INTERNAL: N_("Internal"),
}
