"""Letters, without Qt or SQL: the ten kinds, which fit a dispute, the placeholders of their
templates, envelope window presets and the frozen draft the PDF is built from.

A draft (`LetterDraft`) carries everything the page shows, already in the recipient's
language: the wizard edits it, the PDF code only reads it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from disputedesk.domain.claims import PaymentClaim
from disputedesk.domain.enums import DisputeCategory, DisputeStage
from disputedesk.domain.errors import ValidationError
from disputedesk.domain.records import BusinessProfile
from disputedesk.i18n import N_, _


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    INFORMATION_REQUEST = "information_request"
    PROPOSAL = "proposal"
    APOLOGY = "apology"
    REFUSAL = "refusal"
    REMINDER_1 = "reminder_1"
    REMINDER_2 = "reminder_2"
    NOTICE_TO_PAY = "notice_to_pay"
    NOTICE_TO_PERFORM = "notice_to_perform"
    AGREEMENT = "agreement"
    # Not offered in the wizard: the cover letter of a referral packet (mediator, conciliator,
    # lawyer), written by the same engine.
    PACKET_COVER = "packet_cover"

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])

    @property
    def is_payment(self) -> bool:
        return self in PAYMENT_KINDS

    @property
    def is_formal_notice(self) -> bool:
        return self in (LetterKind.NOTICE_TO_PAY, LetterKind.NOTICE_TO_PERFORM)

    @property
    def restates_mediator(self) -> bool:
        # Code de la consommation L616-1 and R616-1: the mediator's name and website are given
        # again once a written complaint has failed; the acknowledgement and the proposal
        # restate them too (LEGAL-FR B.4).
        return self in (LetterKind.ACKNOWLEDGEMENT, LetterKind.PROPOSAL, LetterKind.REFUSAL)

    @property
    def registered_by_default(self) -> bool:
        # A formal notice goes by registered letter with acknowledgement of receipt: the
        # receipt is the evidence (LEGAL-FR B.1).
        return self.is_formal_notice

    @property
    def default_days(self) -> int | None:
        """Days given to the customer (the follow-up deadline), None = no deadline."""
        return DEFAULT_DAYS[self]


PAYMENT_KINDS = (LetterKind.REMINDER_1, LetterKind.REMINDER_2, LetterKind.NOTICE_TO_PAY)
# The ten letters the owner writes (the wizard, `disputedesk letter --list-kinds`).
LETTER_KINDS: tuple[LetterKind, ...] = tuple(k for k in LetterKind if k != "packet_cover")

KIND_LABELS = {
    LetterKind.ACKNOWLEDGEMENT: N_("Acknowledgement of a complaint"),
    LetterKind.INFORMATION_REQUEST: N_("Request for information or evidence"),
    LetterKind.PROPOSAL: N_("Proposal of a solution"),
    LetterKind.APOLOGY: N_("Apology and goodwill gesture"),
    LetterKind.REFUSAL: N_("Reasoned refusal"),
    LetterKind.REMINDER_1: N_("Friendly payment reminder"),
    LetterKind.REMINDER_2: N_("Second payment reminder"),
    LetterKind.NOTICE_TO_PAY: N_("Formal notice to pay"),
    LetterKind.NOTICE_TO_PERFORM: N_("Formal notice to perform an obligation"),
    LetterKind.AGREEMENT: N_("Confirmation of an agreement"),
    LetterKind.PACKET_COVER: N_("Cover letter of a referral packet"),
}

# Formal notice: 8 to 15 days is the usual "délai raisonnable" (LEGAL-FR B.1, C. civ. 1231).
DEFAULT_DAYS: dict[LetterKind, int | None] = {
    LetterKind.ACKNOWLEDGEMENT: 15,
    LetterKind.INFORMATION_REQUEST: 15,
    LetterKind.PROPOSAL: 15,
    LetterKind.APOLOGY: None,
    LetterKind.REFUSAL: None,
    LetterKind.REMINDER_1: 10,
    LetterKind.REMINDER_2: 10,
    # Counted from the letter's date: 15 days leave the usual 8 clear days after a registered
    # letter has been delivered (or waited for at the post office).
    LetterKind.NOTICE_TO_PAY: 15,
    LetterKind.NOTICE_TO_PERFORM: 15,
    LetterKind.AGREEMENT: 30,
    LetterKind.PACKET_COVER: None,
}

_OPEN_EARLY = (DisputeStage.RECEIVED, DisputeStage.ACKNOWLEDGED)
_ANALYSIS = (
    DisputeStage.UNDER_ANALYSIS,
    DisputeStage.SOLUTION_PROPOSED,
    DisputeStage.NEGOTIATION,
)
_PRE_COURT = (
    DisputeStage.RECEIVED,
    DisputeStage.ACKNOWLEDGED,
    DisputeStage.UNDER_ANALYSIS,
    DisputeStage.SOLUTION_PROPOSED,
    DisputeStage.NEGOTIATION,
    DisputeStage.CONCILIATION,
)


def ranked_kinds(
    category: DisputeCategory,
    stage: DisputeStage,
    *,
    has_unpaid: bool,
    sent: frozenset[LetterKind] = frozenset(),
    shop_at_fault: bool | None = None,
) -> tuple[tuple[LetterKind, ...], tuple[LetterKind, ...]]:
    """(kinds that fit the dispute's category and stage, best first; all the others)."""
    fit: list[LetterKind] = []
    if has_unpaid and stage in _PRE_COURT:
        # The dunning ladder: the next step first (LEGAL-FR B.10 3).
        ladder = list(PAYMENT_KINDS)
        if LetterKind.REMINDER_2 in sent or LetterKind.NOTICE_TO_PAY in sent:
            ladder = [LetterKind.NOTICE_TO_PAY, LetterKind.REMINDER_2, LetterKind.REMINDER_1]
        elif LetterKind.REMINDER_1 in sent:
            ladder = [LetterKind.REMINDER_2, LetterKind.NOTICE_TO_PAY, LetterKind.REMINDER_1]
        fit += ladder
    complaint = category is not DisputeCategory.UNPAID_INVOICE
    if complaint and stage in _OPEN_EARLY:
        fit += [LetterKind.ACKNOWLEDGEMENT, LetterKind.INFORMATION_REQUEST]
    if complaint and stage in _ANALYSIS:
        if shop_at_fault:
            fit.append(LetterKind.APOLOGY)
        fit += [LetterKind.PROPOSAL, LetterKind.INFORMATION_REQUEST, LetterKind.REFUSAL]
        if shop_at_fault is None:
            fit.append(LetterKind.APOLOGY)
    if stage in (
        DisputeStage.SOLUTION_PROPOSED,
        DisputeStage.NEGOTIATION,
        DisputeStage.MEDIATION,
        DisputeStage.CONCILIATION,
        DisputeStage.RESOLVED,
    ):
        fit.append(LetterKind.AGREEMENT)
    if complaint and stage in (DisputeStage.NEGOTIATION, DisputeStage.CONCILIATION):
        fit.append(LetterKind.NOTICE_TO_PERFORM)
    if complaint and stage is DisputeStage.RESOLVED and shop_at_fault:
        fit.append(LetterKind.APOLOGY)
    seen: list[LetterKind] = []
    for k in fit:
        if k not in seen:
            seen.append(k)
    others = tuple(k for k in LETTER_KINDS if k not in seen)
    return tuple(seen), others


# --- placeholders ------------------------------------------------------------------------

PLACEHOLDERS: dict[str, str] = {
    "customer_name": N_("the customer's name"),
    "shop_name": N_("your shop's name"),
    "dispute_reference": N_("the dispute's reference"),
    "dispute_title": N_("the dispute's title"),
    "received_date": N_("the date the complaint was received"),
    "complaint": N_("the complaint in the customer's words"),
    "customer_request": N_("what the customer asks for"),
    "amount": N_("the amount in dispute"),
    "deadline_date": N_("the date given to the customer"),
    "deadline_days": N_("the number of days given"),
    "invoices": N_("the invoices, with their numbers and dates"),
    "invoice_numbers": N_("the invoice numbers"),
    "principal": N_("the unpaid principal"),
    "total": N_("the total claimed"),
    "late_payment": N_("the sentence on late-payment interest or penalties"),
    "mediator": N_("the sentence naming the consumer mediator (consumers only)"),
    "remedy": N_("the solution offered, or what the customer must do"),
    "explanation": N_("your explanation or reasons"),
    "today": N_("today's date"),
    "claim_table": N_("the table of the amounts claimed (alone on its line)"),
}
# Shown where the owner still has to write something; a letter showing it is not issued.
TO_COMPLETE = "[…]"
BLOCK_PLACEHOLDERS = frozenset({"claim_table"})
MAX_TEMPLATE_CHARS = 50_000


def template_fields(text: str, where: str) -> list[str]:
    """The placeholders of a template, refused by name when unknown or malformed."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            N_("A brace is not closed or not opened in the {part}: write {{ and }} for a brace."),
            field=where,
            part=_part(where),
        ) from exc
    names = []
    for _lit, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conv:
            shown = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(
                N_("Unknown placeholder {placeholder} in the {part}."),
                field=where,
                placeholder=shown,
                part=_part(where),
            )
        names.append(name)
    return names


def _part(where: str) -> str:
    return _("subject") if where == "subject" else _("text")


def validate_template(kind: LetterKind, subject: str, body: str) -> None:
    if not subject.strip():
        raise ValidationError(N_("The subject cannot be empty."), field="subject")
    if not body.strip():
        raise ValidationError(N_("The text cannot be empty."), field="body")
    if len(subject) > 300 or len(body) > MAX_TEMPLATE_CHARS:
        raise ValidationError(N_("This template is too long."), field="body")
    subject_names = template_fields(subject, "subject")
    if BLOCK_PLACEHOLDERS & set(subject_names):
        raise ValidationError(
            N_("{placeholder} can only stand alone on a line of the text."),
            field="subject",
            placeholder="{claim_table}",
        )
    template_fields(body, "body")
    for paragraph in split_paragraphs(body):
        names = set(template_fields(paragraph, "body"))
        if names & BLOCK_PLACEHOLDERS and paragraph.strip() != "{claim_table}":
            raise ValidationError(
                N_("{placeholder} can only stand alone on a line of the text."),
                field="body",
                placeholder="{claim_table}",
            )
    if kind.default_days is not None and kind.is_formal_notice and "{deadline_date}" not in body:
        # A formal notice without a deadline is no formal notice (LEGAL-FR B.1).
        raise ValidationError(
            N_("A formal notice must give the deadline: keep {placeholder} in the text."),
            field="body",
            placeholder="{deadline_date}",
        )


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are separated by a blank line; single newlines stay inside a paragraph."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    out, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def fill(template: str, values: dict[str, str]) -> str:
    """Fill validated placeholders; `{{`/`}}` give braces. Values are plain text."""
    return template.format_map(_Values(values))


class _Values(dict):
    def __missing__(self, key):  # validated before: only an unfilled known name lands here
        return ""


# --- envelopes ---------------------------------------------------------------------------


class EnvelopePreset(StrEnum):
    FR_RIGHT = "fr_right"  # French DL / C5-6 window envelope, window on the right
    DIN_5008_B = "din_5008_b"  # German DIN 5008 form B, window on the left
    DIN_5008_A = "din_5008_a"
    CH_LEFT = "ch_left"  # Swiss SN 010130, window on the left

    @property
    def label(self) -> str:
        return _(PRESET_LABELS[self])


PRESET_LABELS = {
    EnvelopePreset.FR_RIGHT: N_("France, window on the right (DL, C5/6)"),
    EnvelopePreset.DIN_5008_B: N_("Germany DIN 5008 form B, window on the left"),
    EnvelopePreset.DIN_5008_A: N_("Germany DIN 5008 form A, window on the left"),
    EnvelopePreset.CH_LEFT: N_("Switzerland, window on the left"),
}


@dataclass(frozen=True)
class WindowBox:
    """Address field on the sheet, in mm from the top-left corner; fold lines in mm from top."""

    left: float
    top: float
    width: float
    height: float
    folds: tuple[float, ...]


# PITFALLS "Letter layout facts": FR ~85 x 33 mm at 110 mm / 55 mm, folded in three;
# DIN 5008: 85 x 45 mm at 20 mm, top 45 mm (B) or 27 mm (A), folds at 105/210 (B), 87/192 (A).
PRESETS: dict[EnvelopePreset, WindowBox] = {
    EnvelopePreset.FR_RIGHT: WindowBox(110, 55, 85, 33, (99, 198)),
    EnvelopePreset.DIN_5008_B: WindowBox(20, 45, 85, 45, (105, 210)),
    EnvelopePreset.DIN_5008_A: WindowBox(20, 27, 85, 45, (87, 192)),
    # SN 010130 allows both sides; windows vary by supplier: an approximate field, to be
    # checked with the calibration page and shifted in mm.
    EnvelopePreset.CH_LEFT: WindowBox(22, 50, 85, 40, (99, 198)),
}


@dataclass(frozen=True)
class LetterLayout:
    """The shop's envelope choice, with its own adjustment in mm (a calibration result)."""

    preset: EnvelopePreset = EnvelopePreset.FR_RIGHT
    shift_x_mm: float = 0.0
    shift_y_mm: float = 0.0
    fold_marks: bool = True

    @property
    def window(self) -> WindowBox:
        base = PRESETS[self.preset]
        return WindowBox(
            base.left + self.shift_x_mm,
            base.top + self.shift_y_mm,
            base.width,
            base.height,
            base.folds,
        )

    @property
    def window_on_right(self) -> bool:
        return self.window.left > 80


MAX_SHIFT_MM = 30.0


# --- the draft ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterDraft:
    """Everything the letter shows, in the recipient's language; every text is editable."""

    dispute_id: int
    kind: LetterKind
    language: str
    business: BusinessProfile
    recipient_lines: tuple[str, ...]
    place_date: str
    references: tuple[str, ...]
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]  # "{claim_table}" alone marks where the amounts go
    closing: str
    signatory: str
    letter_date: date
    deadline: date | None = None
    registered: bool = False
    tracking_number: str = ""
    claim: PaymentClaim | None = None
    consumer: bool = True
    invoice_ids: tuple[int, ...] = ()
    logo_path: str | None = None
    signature_path: str | None = None
    layout: LetterLayout = field(default_factory=LetterLayout)
    warnings: tuple[str, ...] = ()  # translated in the UI language, for the owner only

    @property
    def two_party(self) -> bool:
        return self.kind is LetterKind.AGREEMENT


MAX_PARAGRAPH_CHARS = 100_000
MAX_PARAGRAPHS = 200
# Parts of the page that cannot flow onto another page: bounded, refused by name beyond.
MAX_ADDRESS_LINES = 8
MAX_LINE_CHARS = 200
MAX_SUBJECT_CHARS = 300
MAX_SHORT_CHARS = 600  # salutation, closing, signatory


def _check_lengths(draft: LetterDraft) -> None:
    lines = [x for x in draft.recipient_lines if x.strip()]
    if len(lines) > MAX_ADDRESS_LINES or any(len(x) > MAX_LINE_CHARS for x in lines):
        raise ValidationError(
            N_("The address is too long for the envelope window (at most {lines} lines)."),
            field="recipient",
            lines=MAX_ADDRESS_LINES,
        )
    if len(draft.subject) > MAX_SUBJECT_CHARS:
        raise ValidationError(
            N_("The subject is too long ({length} characters, at most {max})."),
            field="subject",
            length=len(draft.subject),
            max=MAX_SUBJECT_CHARS,
        )
    for name, text in (
        ("salutation", draft.salutation),
        ("closing", draft.closing),
        ("signatory", draft.signatory),
        ("place_date", draft.place_date),
    ):
        if len(text) > MAX_SHORT_CHARS:
            raise ValidationError(
                N_("This text is too long ({length} characters, at most {max})."),
                field=name,
                length=len(text),
                max=MAX_SHORT_CHARS,
            )
    if len(draft.references) > 10 or any(len(r) > MAX_LINE_CHARS for r in draft.references):
        raise ValidationError(N_("The references are too long."), field="references")


def check_draft(draft: LetterDraft, *, allow_incomplete: bool = False) -> None:
    """Refuse, with a clear message, what cannot make a sendable letter.

    `allow_incomplete`: a preview may still show TO_COMPLETE; an issued letter may not."""
    if not any(line.strip() for line in draft.recipient_lines):
        raise ValidationError(N_("The recipient's address is empty."), field="recipient")
    if not draft.subject.strip():
        raise ValidationError(N_("The subject cannot be empty."), field="subject")
    if not any(p.strip() for p in draft.paragraphs):
        raise ValidationError(N_("The letter has no text."), field="body")
    if not allow_incomplete and any(TO_COMPLETE in p for p in (*draft.paragraphs, draft.subject)):
        raise ValidationError(
            N_("Complete the text where it shows {marker} before saving the letter."),
            field="body",
            marker=TO_COMPLETE,
        )
    _check_lengths(draft)
    if len(draft.paragraphs) > MAX_PARAGRAPHS:
        raise ValidationError(N_("The letter has too many paragraphs."), field="body")
    for p in draft.paragraphs:
        if len(p) > MAX_PARAGRAPH_CHARS:
            raise ValidationError(
                N_("A paragraph is too long ({length} characters, at most {max})."),
                field="body",
                length=len(p),
                max=MAX_PARAGRAPH_CHARS,
            )
    if draft.kind.is_payment and draft.claim is None:
        raise ValidationError(N_("A payment letter needs an unpaid invoice."), field="invoices")
    if draft.claim is not None and draft.consumer and draft.claim.indemnities.minor:
        # Never a recovery indemnity from a consumer (C. com. L441-10 and D441-5 apply
        # between professionals only; CPCE L111-8 al. 2).
        raise ValidationError(
            N_("No recovery indemnity can be claimed from a consumer."), field="claim"
        )


# --- what the owner chooses before the text is written ----------------------------------


class Remedy(StrEnum):
    """Solutions a proposal, an apology or an agreement may offer (LEGAL-FR A, after-sales)."""

    REFUND = "refund"
    PARTIAL_REFUND = "partial_refund"
    PRICE_REDUCTION = "price_reduction"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    SERVICE_REDONE = "service_redone"
    VOUCHER = "voucher"


# Phrases that fit after "we propose the following solution:" / "we offer you:", translated
# into the letter's language (not the UI's) by the composer.
REMEDY_PHRASES = {
    Remedy.REFUND: N_("a full refund of {amount}"),
    Remedy.PARTIAL_REFUND: N_("a partial refund"),
    Remedy.PRICE_REDUCTION: N_("a reduction of the price"),
    Remedy.REPLACEMENT: N_("the replacement of the item"),
    Remedy.REPAIR: N_("the repair of the item, free of charge"),
    Remedy.SERVICE_REDONE: N_("carrying out the service again, free of charge"),
    Remedy.VOUCHER: N_("a voucher for your next purchase"),
}

REMEDY_LABELS = {
    Remedy.REFUND: N_("Refund"),
    Remedy.PARTIAL_REFUND: N_("Partial refund"),
    Remedy.PRICE_REDUCTION: N_("Price reduction"),
    Remedy.REPLACEMENT: N_("Replacement"),
    Remedy.REPAIR: N_("Repair"),
    Remedy.SERVICE_REDONE: N_("Redoing the service"),
    Remedy.VOUCHER: N_("Voucher"),
}


def remedy_label(remedy: Remedy) -> str:
    return _(REMEDY_LABELS[remedy])


@dataclass(frozen=True)
class LetterInputs:
    """The owner's choices the text is composed from; every field has a sensible default.

    `explanation` and `remedy_details` are plain text in the letter's language; where a kind
    needs them and they are empty, the text shows TO_COMPLETE and the letter cannot be issued
    until the owner writes them.
    """

    kind: LetterKind
    language: str | None = None  # None: the customer's language
    letter_date: date | None = None  # None: today
    deadline: date | None = None  # None: letter date + the kind's default days
    invoice_ids: tuple[int, ...] | None = None  # None: every unpaid invoice of the dispute
    registered: bool | None = None  # None: the kind's default (formal notices: yes)
    remedies: tuple[Remedy, ...] = ()
    remedy_details: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class IssuedLetter:
    """A letter as issued: its stored PDF and its postal life (evidence)."""

    id: int
    dispute_id: int
    document_id: int
    journal_entry_id: int | None
    task_id: int | None
    kind: LetterKind
    language: str
    subject: str
    sent_on: date
    deadline: date | None
    registered: bool
    tracking_number: str
    receipt_date: date | None
    returned_unclaimed: bool
    invoice_ids: tuple[int, ...]
