"""Referral packets: kinds, the legal rules, and the Qt-free wizard flow producing a PacketRequest.

The flow holds the owner's choices (kind, recipient, exhibits, journal entries, summary) and
says, step by step, what blocks (errors) and what the owner should know (warnings). Rules:
- consumer mediation is for a consumer's complaint against the shop, never for the shop
  chasing a consumer (Code de la consommation L611-3): conciliation is offered instead;
- it needs the consumer's prior WRITTEN complaint, and a warning is shown when more than one
  year has passed since it (L612-2 1° and 4°);
- the proof packet records which amicable attempt was made, or which exemption applies
  (Code de procédure civile art. 750-1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from disputedesk.domain.enums import (
    Channel,
    CustomerKind,
    Direction,
    DisputeCategory,
    DisputeStage,
)
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import (
    BusinessProfile,
    Customer,
    Dispute,
    Invoice,
    JournalEntry,
    StageChange,
)
from disputedesk.i18n import N_, _

# CPC 750-1: the prior amicable attempt is compulsory for claims up to this amount.
AMICABLE_ATTEMPT_CEILING = Money(500_000, "EUR")
# A written complaint can be proved by what the consumer wrote (L612-2 1°).
WRITTEN_CHANNELS = frozenset(
    {Channel.EMAIL, Channel.LETTER, Channel.REGISTERED_LETTER, Channel.SMS}
)


class PacketKind(StrEnum):
    MEDIATION = "mediation"
    CONCILIATION = "conciliation"
    PROOF = "proof"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def target_stage(self) -> DisputeStage | None:
        """The stage the dispute moves to once the packet is sent (if the owner confirms)."""
        return {
            PacketKind.MEDIATION: DisputeStage.MEDIATION,
            PacketKind.CONCILIATION: DisputeStage.CONCILIATION,
        }.get(self)


_KIND_LABELS = {
    PacketKind.MEDIATION: N_("Referral to a mediator"),
    PacketKind.CONCILIATION: N_("Request to a conciliateur de justice"),
    PacketKind.PROOF: N_("Proof of the amicable attempt (case file)"),
}


class Claimant(StrEnum):
    CUSTOMER = "customer"  # the customer complains about the shop
    SHOP = "shop"  # the shop claims something from the customer (e.g. an unpaid invoice)


class AmicableBasis(StrEnum):
    """What satisfies CPC 750-1: an attempt made, or a recorded exemption."""

    CONCILIATION = "conciliation"
    MEDIATION = "mediation"
    PARTICIPATORY = "participatory"
    EXEMPT_HOMOLOGATION = "exempt_homologation"
    EXEMPT_ADMIN_APPEAL = "exempt_admin_appeal"
    EXEMPT_URGENCY = "exempt_urgency"
    EXEMPT_IMPOSSIBILITY = "exempt_impossibility"
    EXEMPT_NON_ADVERSARIAL = "exempt_non_adversarial"
    EXEMPT_NO_CONCILIATOR = "exempt_no_conciliator"
    EXEMPT_JUDGE_CONCILIATES = "exempt_judge_conciliates"
    EXEMPT_SMALL_CLAIMS = "exempt_small_claims"

    @property
    def is_exemption(self) -> bool:
        return self.value.startswith("exempt_")

    @property
    def label(self) -> str:
        return _(_BASIS_LABELS[self])


_BASIS_LABELS = {
    AmicableBasis.CONCILIATION: N_("Conciliation by a conciliateur de justice was attempted"),
    AmicableBasis.MEDIATION: N_("Mediation was attempted"),
    AmicableBasis.PARTICIPATORY: N_("A participatory procedure was attempted"),
    AmicableBasis.EXEMPT_HOMOLOGATION: N_(
        "Exemption: the parties ask the judge to approve their agreement"
    ),
    AmicableBasis.EXEMPT_ADMIN_APPEAL: N_("Exemption: a prior administrative appeal is required"),
    AmicableBasis.EXEMPT_URGENCY: N_("Exemption: manifest urgency"),
    AmicableBasis.EXEMPT_IMPOSSIBILITY: N_(
        "Exemption: the circumstances make an amicable attempt impossible"
    ),
    AmicableBasis.EXEMPT_NON_ADVERSARIAL: N_(
        "Exemption: a decision must be given without hearing the other party"
    ),
    AmicableBasis.EXEMPT_NO_CONCILIATOR: N_(
        "Exemption: no conciliator meeting could be had within three months"
    ),
    AmicableBasis.EXEMPT_JUDGE_CONCILIATES: N_(
        "Exemption: the judge must attempt conciliation by law"
    ),
    AmicableBasis.EXEMPT_SMALL_CLAIMS: N_(
        "Exemption: the simplified small-claims procedure was used without success"
    ),
}


class Level(StrEnum):
    ERROR = "error"  # blocks the step
    WARNING = "warning"  # the owner must know; does not block
    INFO = "info"


@dataclass(frozen=True, slots=True)
class PacketIssue:
    level: Level
    field: str
    message: str  # English msgid marked with N_()
    params: tuple[tuple[str, str], ...] = ()

    def translated(self) -> str:
        from babel.dates import format_date

        from disputedesk.i18n import current_language

        params = dict(self.params)
        for key, value in params.items():
            if key.endswith("date"):  # dates travel as ISO text, shown the reader's way
                params[key] = format_date(date.fromisoformat(value), "long", current_language())
        return _(self.message).format(**params)


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str = ""
    address: str = ""  # as many lines as needed
    website: str = ""


@dataclass(frozen=True, slots=True)
class ExhibitSource:
    """A file that can become an exhibit: an attachment of a journal entry or a sent letter."""

    key: str  # "att:12" or "doc:5": stable within one dispute
    title: str
    file_name: str
    dated: date
    path: Path | None  # None: the file is missing from the store
    media_type: str
    size: int
    entry_id: int | None = None


@dataclass(frozen=True, slots=True)
class SummaryText:
    """The editable parts of the summary, in the packet's language."""

    facts: str = ""
    customer_request: str = ""
    shop_offer: str = ""
    position: str = ""
    question: str = ""


@dataclass(frozen=True, slots=True)
class PacketContext:
    """Everything the flow needs to know about the dispute, read once from the services."""

    business: BusinessProfile
    customer: Customer
    dispute: Dispute
    entries: tuple[JournalEntry, ...]
    stage_changes: tuple[StageChange, ...]
    invoices: tuple[Invoice, ...]
    exhibits: tuple[ExhibitSource, ...]
    today: date


@dataclass(frozen=True, slots=True)
class PacketRequest:
    """Everything the document code needs; it never looks at the wizard or the database."""

    kind: PacketKind
    language: str
    business: BusinessProfile
    customer: Customer
    dispute: Dispute
    recipient: Recipient
    claimant: Claimant
    consumer_mediation: bool
    complaint: JournalEntry | None
    basis: AmicableBasis | None
    basis_details: str
    conciliator_seized_on: date | None
    summary: SummaryText
    entries: tuple[JournalEntry, ...]
    stage_changes: tuple[StageChange, ...]
    invoices: tuple[Invoice, ...]
    exhibits: tuple[ExhibitSource, ...]  # in packet order: exhibit n° = position + 1
    created_on: date
    warnings: tuple[PacketIssue, ...] = ()

    def without_exhibits(self, keys: set[str]) -> PacketRequest:
        """The same request with some exhibits left out (e.g. files that cannot be read)."""
        return replace(self, exhibits=tuple(e for e in self.exhibits if e.key not in keys))


class Step(StrEnum):
    KIND = "kind"
    CONTENT = "content"
    SUMMARY = "summary"


def one_year_after(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def three_months_after(d: date) -> date:
    month = d.month + 3
    year, month = d.year + (month - 1) // 12, (month - 1) % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_claimant(dispute: Dispute) -> Claimant:
    return (
        Claimant.SHOP if dispute.category is DisputeCategory.UNPAID_INVOICE else Claimant.CUSTOMER
    )


def written_complaints(entries: tuple[JournalEntry, ...]) -> tuple[JournalEntry, ...]:
    """Journal entries that can prove the consumer's prior written complaint (L612-2 1°)."""
    return tuple(
        e
        for e in entries
        if e.direction is Direction.INCOMING
        and e.channel in WRITTEN_CHANNELS
        and e.corrected_by_id is None
    )


def recorded_basis(stage_changes: tuple[StageChange, ...]) -> AmicableBasis | None:
    """The amicable attempt the dispute's history shows, the latest one first."""
    for change in reversed(stage_changes):
        if change.to_stage is DisputeStage.CONCILIATION:
            return AmicableBasis.CONCILIATION
        if change.to_stage is DisputeStage.MEDIATION:
            return AmicableBasis.MEDIATION
    return None


@dataclass
class PacketFlow:
    """The wizard's state and rules, without any widget (tested on its own)."""

    context: PacketContext
    kind: PacketKind = PacketKind.CONCILIATION
    language: str = "fr"
    recipient: Recipient = field(default_factory=Recipient)
    claimant: Claimant = Claimant.CUSTOMER
    complaint_entry_id: int | None = None
    basis: AmicableBasis | None = None
    basis_details: str = ""
    conciliator_seized_on: date | None = None
    exhibit_keys: list[str] = field(default_factory=list)
    entry_ids: list[int] = field(default_factory=list)
    summary: SummaryText = field(default_factory=SummaryText)

    def __post_init__(self) -> None:
        ctx = self.context
        self.claimant = default_claimant(ctx.dispute)
        self.language = ctx.business.default_language or "fr"
        complaints = written_complaints(ctx.entries)
        self.complaint_entry_id = complaints[0].id if complaints else None
        self.basis = recorded_basis(ctx.stage_changes)
        self.exhibit_keys = [e.key for e in sorted(ctx.exhibits, key=lambda e: e.dated)]
        self.entry_ids = [e.id for e in ctx.entries]
        self.set_complaint(self.complaint_entry_id)
        self.set_kind(self.suggested_kind())

    # --- kind and recipient -------------------------------------------------------------
    @property
    def is_consumer(self) -> bool:
        return self.context.customer.kind is CustomerKind.INDIVIDUAL

    @property
    def consumer_mediation(self) -> bool:
        return self.kind is PacketKind.MEDIATION and self.is_consumer

    def mediation_allowed(self) -> bool:
        # L611-3: consumer mediation does not cover a professional's claim against a consumer.
        return not (self.is_consumer and self.claimant is Claimant.SHOP)

    def suggested_kind(self) -> PacketKind:
        if self.context.dispute.stage is DisputeStage.LEGAL_ACTION:
            return PacketKind.PROOF
        if (
            self.is_consumer
            and self.mediation_allowed()
            and self.context.business.mediator.is_set
            and written_complaints(self.context.entries)
        ):
            return PacketKind.MEDIATION
        return PacketKind.CONCILIATION

    def set_kind(self, kind: PacketKind) -> None:
        self.kind = PacketKind(kind)
        self.recipient = self.default_recipient()

    def set_claimant(self, claimant: Claimant) -> None:
        self.claimant = Claimant(claimant)

    def default_recipient(self) -> Recipient:
        if self.consumer_mediation:
            m = self.context.business.mediator
            return Recipient(m.name, m.address, m.website)
        if self.kind is PacketKind.CONCILIATION:
            return Recipient(_("Conciliateur de justice"), "", "")
        return Recipient()

    def set_complaint(self, entry_id: int | None) -> None:
        self.complaint_entry_id = entry_id
        entry = self.complaint
        if entry is None:
            return
        # The complaint itself is evidence: its text goes in the journal, its files first.
        if entry.id not in self.entry_ids:
            self.entry_ids.append(entry.id)
        keys = [f"att:{a.id}" for a in entry.attachments]
        self.exhibit_keys = [k for k in keys if self._source(k)] + [
            k for k in self.exhibit_keys if k not in keys
        ]

    @property
    def complaint(self) -> JournalEntry | None:
        for e in self.context.entries:
            if e.id == self.complaint_entry_id:
                return e
        return None

    # --- content ---------------------------------------------------------------------
    def set_exhibits(self, keys: list[str]) -> None:
        known = {e.key for e in self.context.exhibits}
        self.exhibit_keys = [k for k in dict.fromkeys(keys) if k in known]

    def set_entries(self, ids: list[int]) -> None:
        known = {e.id for e in self.context.entries}
        self.entry_ids = [i for i in dict.fromkeys(ids) if i in known]

    def _source(self, key: str) -> ExhibitSource | None:
        return next((e for e in self.context.exhibits if e.key == key), None)

    # --- rules -------------------------------------------------------------------------
    def issues(self, step: Step | None = None) -> list[PacketIssue]:
        found: list[PacketIssue] = []
        if step in (None, Step.KIND):
            found += self._kind_issues()
        if step in (None, Step.CONTENT):
            found += self._content_issues()
        if step in (None, Step.SUMMARY):
            if not self.summary.facts.strip():
                found.append(_issue(Level.ERROR, "facts", N_("Describe the facts.")))
            if not self.summary.question.strip():
                found.append(
                    _issue(Level.ERROR, "question", N_("Say what you ask of the recipient."))
                )
        return found

    def errors(self, step: Step | None = None) -> list[PacketIssue]:
        return [i for i in self.issues(step) if i.level is Level.ERROR]

    def _kind_issues(self) -> list[PacketIssue]:
        out: list[PacketIssue] = []
        ctx = self.context
        if not ctx.business.is_set_up:
            out.append(
                _issue(
                    Level.ERROR,
                    "business",
                    N_("Fill in your business profile first: the packet names the shop."),
                )
            )
        if self.kind is PacketKind.MEDIATION:
            if not self.mediation_allowed():
                out.append(
                    _issue(
                        Level.ERROR,
                        "kind",
                        N_(
                            "Consumer mediation is for a consumer's complaint against the shop, "
                            "not for the shop's claim against a consumer (Code de la "
                            "consommation L611-3). Ask a conciliateur de justice instead."
                        ),
                    )
                )
                return out
            if self.consumer_mediation and not ctx.business.mediator.is_set:
                out.append(
                    _issue(
                        Level.ERROR,
                        "recipient",
                        N_(
                            "Enter the consumer mediator your shop adheres to (name and website) "
                            "in the business profile (Code de la consommation L616-1)."
                        ),
                    )
                )
            if not self.recipient.name.strip():
                out.append(_issue(Level.ERROR, "recipient", N_("Enter the mediator's name.")))
            if self.consumer_mediation:
                out += self._complaint_issues()
        if self.kind is PacketKind.CONCILIATION and not self.recipient.name.strip():
            out.append(_issue(Level.ERROR, "recipient", N_("Enter the recipient's name.")))
        if self.kind is PacketKind.PROOF:
            out += self._basis_issues()
        return out

    def _complaint_issues(self) -> list[PacketIssue]:
        entry = self.complaint
        if entry is None:
            return [
                _issue(
                    Level.ERROR,
                    "complaint",
                    N_(
                        "The mediator can only examine the dispute if the consumer first "
                        "complained to you in writing (Code de la consommation L612-2). Choose "
                        "the journal entry of that written complaint (e-mail, letter, SMS)."
                    ),
                )
            ]
        if entry.direction is not Direction.INCOMING or entry.channel not in WRITTEN_CHANNELS:
            return [
                _issue(
                    Level.ERROR,
                    "complaint",
                    N_("The complaint must be a written message received from the customer."),
                )
            ]
        written_on = entry.occurred_at.date()
        if self.context.today > one_year_after(written_on):
            return [
                _issue(
                    Level.WARNING,
                    "complaint",
                    N_(
                        "More than a year has passed since the written complaint of {date}: "
                        "the mediator must refuse a request filed later than that (Code de la "
                        "consommation L612-2 4°)."
                    ),
                    date=written_on.isoformat(),
                )
            ]
        return []

    def _basis_issues(self) -> list[PacketIssue]:
        out: list[PacketIssue] = []
        ctx = self.context
        if ctx.dispute.amount > AMICABLE_ATTEMPT_CEILING:
            out.append(
                _issue(
                    Level.INFO,
                    "basis",
                    N_(
                        "Above 5,000 € the prior amicable attempt is not compulsory (Code de "
                        "procédure civile art. 750-1); this file still shows the steps taken."
                    ),
                )
            )
        if (
            self.claimant is Claimant.SHOP
            and ctx.dispute.category is DisputeCategory.UNPAID_INVOICE
        ):
            out.append(
                _issue(
                    Level.INFO,
                    "basis",
                    N_(
                        "An injonction de payer does not need a prior amicable attempt "
                        "(Cour de cassation, opinion of 25 September 2025, n° 25-70.013)."
                    ),
                )
            )
        if self.basis is None:
            out.append(
                _issue(
                    Level.ERROR,
                    "basis",
                    N_(
                        "Say which amicable attempt was made (conciliation, mediation or "
                        "participatory procedure) or which exemption applies (Code de "
                        "procédure civile art. 750-1)."
                    ),
                )
            )
            return out
        if self.basis.is_exemption and not self.basis_details.strip():
            out.append(
                _issue(
                    Level.ERROR,
                    "basis_details",
                    N_("Explain the facts that justify the exemption; the judge will check them."),
                )
            )
        if self.basis is AmicableBasis.EXEMPT_NO_CONCILIATOR:
            seized = self.conciliator_seized_on
            if seized is None:
                out.append(
                    _issue(
                        Level.ERROR,
                        "conciliator_seized_on",
                        N_("Enter the date you asked the conciliateur de justice for a meeting."),
                    )
                )
            elif ctx.today < three_months_after(seized):
                out.append(
                    _issue(
                        Level.ERROR,
                        "conciliator_seized_on",
                        N_(
                            "Three months have not yet passed since you asked the conciliateur "
                            "on {date}: the exemption applies from {from_date}."
                        ),
                        date=seized.isoformat(),
                        from_date=three_months_after(seized).isoformat(),
                    )
                )
        elif not self.basis.is_exemption and recorded_basis(ctx.stage_changes) is None:
            out.append(
                _issue(
                    Level.WARNING,
                    "basis",
                    N_(
                        "The dispute's history shows no mediation or conciliation stage: make "
                        "sure the exhibits prove the attempt."
                    ),
                )
            )
        return out

    def _content_issues(self) -> list[PacketIssue]:
        out: list[PacketIssue] = []
        for key in self.exhibit_keys:
            src = self._source(key)
            if src is not None and src.path is None:
                out.append(
                    _issue(
                        Level.ERROR,
                        "exhibits",
                        N_("{file} is missing from the data folder: leave it out."),
                        file=src.file_name,
                    )
                )
        if not self.entry_ids and not self.exhibit_keys:
            out.append(
                _issue(
                    Level.WARNING,
                    "entries",
                    N_("The packet has neither journal entries nor exhibits."),
                )
            )
        return out

    # --- result ------------------------------------------------------------------------
    def build(self) -> PacketRequest:
        """The frozen request; refuses while an error remains (named by its field)."""
        errors = self.errors()
        if errors:
            first = errors[0]
            raise ValidationError(first.message, field=first.field, **dict(first.params))
        ctx = self.context
        chosen = set(self.entry_ids)
        entries = tuple(e for e in ctx.entries if e.id in chosen)  # always in date order
        exhibits = tuple(s for k in self.exhibit_keys if (s := self._source(k)) is not None)
        warnings = tuple(i for i in self.issues() if i.level is not Level.ERROR)
        return PacketRequest(
            kind=self.kind,
            language=self.language,
            business=ctx.business,
            customer=ctx.customer,
            dispute=ctx.dispute,
            recipient=self.recipient,
            claimant=self.claimant,
            consumer_mediation=self.consumer_mediation,
            complaint=self.complaint if self.consumer_mediation else None,
            basis=self.basis if self.kind is PacketKind.PROOF else None,
            basis_details=self.basis_details.strip(),
            conciliator_seized_on=self.conciliator_seized_on,
            summary=self.summary,
            entries=entries,
            stage_changes=ctx.stage_changes,
            invoices=ctx.invoices,
            exhibits=exhibits,
            created_on=ctx.today,
            warnings=warnings,
        )


def _issue(level: Level, field_name: str, message: str, **params: str) -> PacketIssue:
    return PacketIssue(level, field_name, message, tuple(sorted(params.items())))


def default_summary(flow: PacketFlow, gettext, format_date=date.isoformat) -> SummaryText:
    """Pre-filled summary texts in the packet's language (its `gettext` and date format)."""
    _ = gettext
    ctx = flow.context
    d = ctx.dispute
    offer = ""
    proposed = [c.at for c in ctx.stage_changes if c.to_stage is DisputeStage.SOLUTION_PROPOSED]
    if proposed:
        # The shop's proposal is the outgoing message written when the stage was reached.
        near = [
            e
            for e in ctx.entries
            if e.direction is Direction.OUTGOING
            and abs(e.occurred_at - proposed[-1]) <= timedelta(days=2)
        ]
        if near:
            offer = "\n".join(x for x in (near[-1].summary, near[-1].body) if x)
    last = ctx.entries[-1] if ctx.entries else None
    position = _("Current stage of the dispute: {stage}.").format(stage=_(_STAGE_MSG[d.stage]))
    if last is not None:
        position += "\n" + _("Last exchange on {date}: {summary}").format(
            date=format_date(last.occurred_at.date()), summary=last.summary
        )
    question = {
        PacketKind.MEDIATION: _(
            "We ask the mediator to examine this dispute and to propose a solution to both parties."
        ),
        PacketKind.CONCILIATION: _(
            "We ask the conciliateur de justice to bring the parties together to attempt a "
            "conciliation."
        ),
        PacketKind.PROOF: _(
            "This file sets out the dispute and the amicable steps taken before any referral to "
            "the court (Code de procédure civile art. 750-1)."
        ),
    }[flow.kind]
    facts = "\n\n".join(x for x in (d.title, d.description) if x)
    return SummaryText(facts, d.customer_request, offer, position, question)


def _stage_msgids() -> dict[DisputeStage, str]:
    from disputedesk.domain import enums

    return {s: enums._LABELS[s] for s in DisputeStage}


_STAGE_MSG = _stage_msgids()


def stage_label(stage: DisputeStage, gettext) -> str:
    """A stage's label in a given language (the packet's, not the UI's)."""
    return gettext(_STAGE_MSG[stage])


def timestamp_today(now: datetime) -> date:
    return now.astimezone().date()
