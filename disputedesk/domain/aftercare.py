"""After the dispute: closure, root causes, loyalty gestures, public reviews, policy changes.

Pure Python records and enums; the aftercare service returns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from disputedesk.domain.enums import Outcome
from disputedesk.domain.money import Money
from disputedesk.i18n import N_, _

# Root causes every shop meets; the owner adds their own (stored as plain text).
BUILTIN_ROOT_CAUSES: dict[str, str] = {
    "product_defect": N_("Product defect"),
    "late_delivery": N_("Late delivery"),
    "unclear_terms": N_("Unclear terms"),
    "communication": N_("Communication"),
    "pricing_error": N_("Pricing error"),
    "customer_misunderstanding": N_("Customer misunderstanding"),
    "carrier": N_("Carrier"),
    "workmanship": N_("Workmanship"),
}


def root_cause_label(value: str) -> str:
    """A built-in key in the current language; an owner's own cause as typed."""
    if value in BUILTIN_ROOT_CAUSES:
        return _(BUILTIN_ROOT_CAUSES[value])
    return value


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _(_LABELS[self])


class GestureKind(_Labelled):
    VOUCHER = "voucher"
    DISCOUNT = "discount"
    FREE_SERVICE = "free_service"


class PolicyStatus(_Labelled):
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    REVIEWED = "reviewed"


class ReviewTone(_Labelled):
    """Which reply template fits the review."""

    RESOLVED = "resolved"  # the dispute was settled: thank and say so
    IN_PROGRESS = "in_progress"  # still being handled: invite to continue privately
    DISAGREE = "disagree"  # the facts are wrong: correct calmly, without blame


_LABELS: dict[StrEnum, str] = {
    GestureKind.VOUCHER: N_("Voucher"),
    GestureKind.DISCOUNT: N_("Discount on next purchase"),
    GestureKind.FREE_SERVICE: N_("Free service"),
    PolicyStatus.PROPOSED: N_("Proposed"),
    PolicyStatus.ADOPTED: N_("Adopted"),
    PolicyStatus.REVIEWED: N_("Reviewed"),
    ReviewTone.RESOLVED: N_("The dispute is settled"),
    ReviewTone.IN_PROGRESS: N_("Still being handled"),
    ReviewTone.DISAGREE: N_("The facts are not right"),
}


@dataclass(frozen=True, slots=True)
class PolicyDraft:
    """A policy change decided when closing a dispute (or later, from the register)."""

    title: str
    description: str = ""
    owner: str = ""
    review_on: date | None = None


@dataclass(frozen=True, slots=True)
class ClosureDraft:
    outcome: Outcome
    refunded: Money  # paid back by the shop to the customer
    recovered: Money  # paid by the customer to the shop
    shop_at_fault: bool | None
    root_cause: str = ""  # a BUILTIN_ROOT_CAUSES key or the owner's own text
    lesson: str = ""
    abandoned: bool = False  # closed without agreement (stage "abandoned")
    new_policy: PolicyDraft | None = None
    policy_id: int | None = None  # or link an existing policy change
    note: str = ""  # reason written in the stage history
    finish_tasks: bool = True  # mark the dispute's open reminders and deadlines as done


@dataclass(frozen=True, slots=True)
class Closure:
    id: int
    dispute_id: int
    closed_at: datetime
    outcome: Outcome | None  # None: closed from the stage menu, outcome unknown
    refunded: Money
    recovered: Money
    shop_at_fault: bool | None
    root_cause: str
    lesson: str
    policy_id: int | None
    satisfaction: int | None
    satisfaction_word: str
    reopened_at: datetime | None
    reopen_reason: str

    @property
    def root_cause_label(self) -> str:
        return root_cause_label(self.root_cause)


@dataclass(frozen=True, slots=True)
class Policy:
    id: int
    title: str
    description: str
    owner: str
    review_on: date | None
    status: PolicyStatus
    created_at: datetime
    dispute_ids: tuple[int, ...] = ()
    dispute_refs: tuple[str, ...] = ()

    def review_due(self, today: date) -> bool:
        return (
            self.status is not PolicyStatus.REVIEWED
            and self.review_on is not None
            and self.review_on <= today
        )


@dataclass(frozen=True, slots=True)
class GestureDraft:
    dispute_id: int
    kind: GestureKind
    value: Money
    description: str = ""
    expires_on: date | None = None


@dataclass(frozen=True, slots=True)
class Gesture:
    id: int
    dispute_id: int
    customer_id: int
    kind: GestureKind
    value: Money
    description: str
    code: str  # printed on the voucher, checked at the till
    expires_on: date | None
    used_on: date | None
    document_id: int | None
    created_at: datetime

    def expires_within(self, today: date, days: int) -> bool:
        if self.used_on is not None or self.expires_on is None:
            return False
        return (self.expires_on - today).days <= days


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    customer_id: int
    dispute_id: int | None
    platform: str
    url: str = ""
    posted_on: date | None = None
    rating: int | None = None  # 1 to 5 stars as shown on the platform
    text: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    customer_id: int
    customer_name: str
    dispute_id: int | None
    platform: str
    url: str
    posted_on: date
    rating: int | None
    text: str
    reply: str
    answered_on: date | None
    changed: bool  # the reviewer changed or removed the review afterwards
    new_rating: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What a public reply may mention (never the customer's full name or the amounts)."""

    shop_name: str
    signatory: str
    customer_first_name: str = ""
    contact: str = ""  # phone or e-mail for continuing privately
    extra: dict = field(default_factory=dict)


def reply_text(tone: ReviewTone, lang: str, ctx: ReplyContext) -> str:
    """A calm public answer in `lang`. It never repeats amounts, the customer's surname or
    the dispute's details: a public reply is read by everyone (and personal data stays
    private, RGPD art. 5-1-c, data minimisation)."""
    from disputedesk.i18n import Translator

    _ = Translator(lang).gettext
    first = ctx.customer_first_name.strip()
    hello = _("Hello {name},").format(name=first) if first else _("Hello,")
    if tone is ReviewTone.RESOLVED:
        body = _(
            "Thank you for taking the time to share your experience. We are sorry that things "
            "did not go as they should have at first. We were glad to find a solution with you, "
            "and we hope to welcome you again soon."
        )
    elif tone is ReviewTone.IN_PROGRESS:
        body = _(
            "Thank you for your feedback. We are sorry for the trouble you describe and we take "
            "it seriously. We have contacted you directly so that we can find a solution "
            "together."
        )
    else:
        body = _(
            "Thank you for your message. We regret that you were disappointed. Our account of "
            "what happened differs on some points, and we have offered you a solution in "
            "writing. We remain available to talk about it calmly."
        )
    parts = [hello, "", body]
    if ctx.contact.strip():
        parts += ["", _("You can reach us directly: {contact}.").format(contact=ctx.contact)]
    sign = ", ".join(p for p in (ctx.signatory.strip(), ctx.shop_name.strip()) if p)
    parts += ["", _("Kind regards,"), sign] if sign else ["", _("Kind regards")]
    return "\n".join(parts).strip()
