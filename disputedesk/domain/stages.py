"""Which stage a dispute may move to, and when a reason is required."""

from __future__ import annotations

from disputedesk.domain.enums import DisputeStage as S
from disputedesk.domain.errors import ValidationError
from disputedesk.i18n import N_

# The natural next steps of good practice: acknowledge, listen and evaluate, propose,
# negotiate, then the amicable third parties (mediator, conciliateur de justice) before court.
NATURAL_NEXT: dict[S, tuple[S, ...]] = {
    S.RECEIVED: (S.ACKNOWLEDGED, S.ABANDONED),
    S.ACKNOWLEDGED: (S.UNDER_ANALYSIS, S.SOLUTION_PROPOSED, S.ABANDONED),
    S.UNDER_ANALYSIS: (S.SOLUTION_PROPOSED, S.RESOLVED, S.ABANDONED),
    S.SOLUTION_PROPOSED: (S.NEGOTIATION, S.RESOLVED, S.MEDIATION, S.CONCILIATION, S.ABANDONED),
    S.NEGOTIATION: (S.SOLUTION_PROPOSED, S.RESOLVED, S.MEDIATION, S.CONCILIATION, S.ABANDONED),
    S.MEDIATION: (S.RESOLVED, S.CONCILIATION, S.LEGAL_ACTION, S.ABANDONED),
    S.CONCILIATION: (S.RESOLVED, S.LEGAL_ACTION, S.ABANDONED),
    S.LEGAL_ACTION: (S.RESOLVED, S.ABANDONED),
    S.RESOLVED: (),
    S.ABANDONED: (),
}


def allowed_next(stage: S) -> tuple[S, ...]:
    """Stages offered without a reason."""
    return NATURAL_NEXT[stage]


def needs_reason(current: S, target: S) -> bool:
    """Any move off the natural path (a skipped step, going back, reopening) needs a reason."""
    return target not in NATURAL_NEXT[current]


def check_transition(current: S, target: S, reason: str | None) -> None:
    if current == target:
        raise ValidationError(N_("The dispute is already at this stage."), field="stage")
    if needs_reason(current, target) and not (reason or "").strip():
        raise ValidationError(
            N_("Moving from “{current}” to “{target}” skips the usual steps: give a reason."),
            field="reason",
            current=current.label,
            target=target.label,
        )
