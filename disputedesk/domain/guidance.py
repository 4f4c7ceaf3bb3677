"""Good-practice steps of a dispute, which stage each belongs to, and the guidance records.

The steps follow the usual advice for handling a customer complaint: acknowledge fast, listen,
evaluate both sides, admit an error, propose a solution, document, then the amicable third
parties (mediator, conciliateur de justice) before a lawyer; after resolution, a gesture,
an answer to any public review, and the lesson learned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from disputedesk.domain.business_hours import ClockState, ShopCalendar
from disputedesk.domain.enums import DisputeStage as S
from disputedesk.i18n import N_, _

OPEN_STAGES = frozenset(s for s in S if not s.is_closed)


@dataclass(frozen=True, slots=True)
class GuidanceStep:
    key: str
    title_msgid: str
    hint_msgid: str
    stages: frozenset[S]
    # DisputeAction key started by the step's button (hidden when not registered).
    action_key: str | None = None

    @property
    def title(self) -> str:
        return _(self.title_msgid)

    @property
    def hint(self) -> str:
        return _(self.hint_msgid)


STEPS: tuple[GuidanceStep, ...] = (
    GuidanceStep(
        "acknowledge",
        N_("Acknowledge the complaint"),
        N_(
            "Answer within your response time: thank the customer, say that you are looking "
            "into it and when they will hear from you."
        ),
        frozenset({S.RECEIVED}),
        "letter",
    ),
    GuidanceStep(
        "listen",
        N_("Listen and record the customer's words"),
        N_(
            "Let the customer explain. Write down their own words, what they expect, and the "
            "facts: dates, items, amounts."
        ),
        frozenset({S.RECEIVED, S.ACKNOWLEDGED}),
        "journal_entry",
    ),
    GuidanceStep(
        "evaluate",
        N_("Evaluate both sides and find the root cause"),
        N_(
            "Check your own records, the product or the work, and the customer's evidence. "
            "What really went wrong, and why?"
        ),
        frozenset({S.ACKNOWLEDGED, S.UNDER_ANALYSIS}),
        "journal_entry",
    ),
    GuidanceStep(
        "admit",
        N_("Admit an error where the shop is at fault"),
        N_("If the shop is at fault, say so plainly and apologise: it calms most disputes."),
        frozenset({S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED}),
        "journal_entry",
    ),
    GuidanceStep(
        "propose",
        N_("Propose a solution"),
        N_(
            "An explanation, compensation, a price reduction, redoing the service, a "
            "replacement or a refund. Put it in writing, with a date for the answer."
        ),
        frozenset({S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED, S.NEGOTIATION}),
        "letter",
    ),
    GuidanceStep(
        "document",
        N_("Document everything"),
        N_(
            "Record every call, e-mail, letter and meeting in the journal, with its evidence "
            "(photos, invoices, receipts)."
        ),
        OPEN_STAGES,
        "journal_entry",
    ),
    GuidanceStep(
        "mediation",
        N_("Suggest mediation when direct talks fail"),
        # Code de la consommation L612-1 (free for the consumer), L612-2 (written complaint
        # first, within one year), L611-3 (not for a claim the shop brings against a consumer).
        N_(
            "A consumer may refer the dispute free of charge to your consumer mediator, after "
            "a written complaint to you; give the mediator's name and website again. Between "
            "professionals, a mediator can be chosen together."
        ),
        frozenset({S.SOLUTION_PROPOSED, S.NEGOTIATION, S.MEDIATION}),
        "packet",
    ),
    GuidanceStep(
        "conciliation",
        N_("Ask the conciliateur de justice, the last amicable step"),
        # Code de procédure civile art. 750-1: conciliation, mediation or a participatory
        # procedure before a court claim of up to 5,000 €.
        N_(
            "Free of charge. Before a court claim of up to 5,000 €, a conciliation, a "
            "mediation or a participatory procedure is required (Code de procédure civile, "
            "art. 750-1)."
        ),
        frozenset({S.NEGOTIATION, S.MEDIATION, S.CONCILIATION}),
        "packet",
    ),
    GuidanceStep(
        "lawyer",
        N_("Consult a lawyer for complex cases"),
        N_("A large amount, several parties or a court hearing: get advice before going on."),
        frozenset({S.CONCILIATION, S.LEGAL_ACTION}),
        None,
    ),
    GuidanceStep(
        "gesture",
        N_("Offer a loyalty gesture"),
        N_("A voucher, a discount or a small gift shows the customer they still matter."),
        frozenset({S.RESOLVED}),
        "gesture",
    ),
    GuidanceStep(
        "review",
        N_("Answer any public review"),
        N_("Reply calmly and with facts to an online review about this dispute."),
        frozenset({S.RESOLVED}),
        "review",
    ),
    GuidanceStep(
        "lesson",
        N_("Note the lesson and the policy change"),
        N_("What will the shop change so that this does not happen again?"),
        frozenset({S.RESOLVED, S.ABANDONED}),
        "close_dispute",
    ),
)

STEPS_BY_KEY = {step.key: step for step in STEPS}


def steps_for(stage: S) -> tuple[GuidanceStep, ...]:
    return tuple(step for step in STEPS if stage in step.stages)


def next_step(stage: S, done: set[str] | frozenset[str]) -> GuidanceStep | None:
    """The recommended next step: the first step of the current stage not done yet."""
    for step in steps_for(stage):
        if step.key not in done:
            return step
    return None


@dataclass(frozen=True, slots=True)
class StepState:
    step: GuidanceStep
    done_at: datetime | None
    for_current_stage: bool

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class CustomerWait:
    """The shop waits for the customer (photos, the item, a document): the clock stops.

    `ended_at` is when the owner ended it or the customer's next incoming message was
    recorded in the journal, whichever came first; None while it lasts.
    """

    id: int
    dispute_id: int
    started_at: datetime
    ended_at: datetime | None
    note: str

    @property
    def ongoing(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class ClockSettings:
    calendar: ShopCalendar
    response_time_hours: int


@dataclass(frozen=True, slots=True)
class DisputeGuidance:
    dispute_id: int
    stage: S
    steps: tuple[StepState, ...]
    next_step: GuidanceStep | None
    clock: ClockState
    waits: tuple[CustomerWait, ...]

    @property
    def waiting(self) -> CustomerWait | None:
        return next((w for w in self.waits if w.ongoing), None)
