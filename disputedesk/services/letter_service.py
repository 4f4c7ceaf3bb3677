"""Letters, without any UI: compose a draft from the dispute, render it, issue it, track it.

- `compose(dispute_id, LetterInputs)` → a `LetterDraft` (every text filled in the customer's
  language, from the owner's template or the default one);
- `render(draft)` → PDF bytes, `render_to(draft, path)`;
- `issue(draft)` → one unit of work: the PDF stored immutably (documents), an outgoing
  journal entry with the PDF, the follow-up deadline the letter announces (task), the letter
  and the invoices it claims;
- `record_tracking`, `record_receipt`: the registered letter's number and the date on the
  signed acknowledgement of receipt (or its return unclaimed); `notice_received_on(invoice_id)`
  gives the unpaid-invoices area the date interest starts (Code civil 1344-1, 1231-6).
Batch-usable (the dunning worklist, the packaging self-test): no Qt, no global state.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from disputedesk.documents.letter_templates import (
    Template,
    cover_template,
    default_template,
)
from disputedesk.documents.letter_text import LetterWording
from disputedesk.domain.claims import PaymentClaim, principal_only
from disputedesk.domain.enums import Channel, CustomerKind, Direction
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.letters import (
    LETTER_KINDS,
    MAX_SHIFT_MM,
    TO_COMPLETE,
    EnvelopePreset,
    IssuedLetter,
    LetterDraft,
    LetterInputs,
    LetterKind,
    LetterLayout,
    check_draft,
    fill,
    ranked_kinds,
    split_paragraphs,
    validate_template,
)
from disputedesk.domain.packets import _KIND_LABELS as PACKET_KIND_LABELS
from disputedesk.domain.records import Customer, Dispute, Invoice
from disputedesk.i18n import N_, _, normalize_language
from disputedesk.models import JournalEntryRow, TaskRow
from disputedesk.models.letter import (
    LetterInvoiceRow,
    LetterRow,
    LetterSettingsRow,
    LetterTemplateRow,
)
from disputedesk.services import validate as v
from disputedesk.services.business_service import BusinessService
from disputedesk.services.customer_service import CustomerService
from disputedesk.services.dispute_service import DisputeService
from disputedesk.services.document_service import DocumentService
from disputedesk.services.invoice_service import InvoiceService
from disputedesk.services.letter_compose import (
    ADDRESS_LINE_MAX,
    dispute_title,
    local_date,
    paragraph,
    recipient_lines,
    template_values,
)
from disputedesk.storage.store import Store


class LetterService:
    def __init__(self, store: Store, *, receivables=None) -> None:
        self._store = store
        self._business = BusinessService(store)
        self._customers = CustomerService(store)
        self._disputes = DisputeService(store)
        self._invoices = InvoiceService(store)
        self._documents = DocumentService(store)
        # The unpaid-invoices service, when there is one: `claim_for(invoice_ids, as_of)`.
        self._receivables = receivables

    # --- kinds ---------------------------------------------------------------------------
    @staticmethod
    def kinds() -> tuple[LetterKind, ...]:
        return LETTER_KINDS

    def kinds_for(self, dispute_id: int) -> tuple[tuple[LetterKind, ...], tuple[LetterKind, ...]]:
        """(kinds that fit the dispute's category and stage, best first; the others)."""
        dispute = self._disputes.get(dispute_id)
        has_unpaid = bool(self._unpaid(dispute))
        sent = frozenset(letter.kind for letter in self.list(dispute_id))
        return ranked_kinds(
            dispute.category,
            dispute.stage,
            has_unpaid=has_unpaid,
            sent=sent,
            shop_at_fault=dispute.shop_at_fault,
        )

    def unpaid_invoices(self, dispute_id: int) -> list[Invoice]:
        """What a payment letter of this dispute may claim (its own unpaid invoices, or the
        customer's unlinked ones)."""
        return self._unpaid(self._disputes.get(dispute_id))

    # --- composing -----------------------------------------------------------------------
    def compose(self, dispute_id: int, inputs: LetterInputs) -> LetterDraft:
        dispute = self._disputes.get(dispute_id)
        customer = self._customers.get(dispute.customer_id)
        business = self._business.get()
        kind = LetterKind(inputs.kind)
        lang = normalize_language(inputs.language or customer.language)
        w = LetterWording(lang)
        _ = w.gettext
        today = inputs.letter_date or datetime.now().astimezone().date()
        v.check_date(today, "letter_date")
        deadline = inputs.deadline
        if deadline is None and kind.default_days is not None:
            deadline = today + timedelta(days=kind.default_days)
        if deadline is not None:
            v.check_date(deadline, "deadline")
            if deadline <= today:
                raise ValidationError(
                    N_("The deadline must be after the letter's date."), field="deadline"
                )
        consumer = customer.kind is CustomerKind.INDIVIDUAL
        claim = None
        invoices: list[Invoice] = []
        if kind.is_payment:
            invoices = self._claimed_invoices(dispute, inputs.invoice_ids)
            if not invoices:
                raise ValidationError(
                    N_("A payment letter needs an unpaid invoice."), field="invoices"
                )
            claim = self._claim(invoices, today, professional=not consumer)
        elif inputs.invoice_ids:
            invoices = [self._invoices.get(i) for i in inputs.invoice_ids]
        template = self._template_text(kind, lang)
        values = template_values(
            w, kind, business, customer, dispute, today, deadline, invoices, claim, consumer, inputs
        )
        subject = " ".join(fill(template.subject, values).split())
        paragraphs = tuple(paragraph(p, values) for p in split_paragraphs(template.body))
        paragraphs = tuple(p for p in paragraphs if p.strip())
        refs = [_("Our reference: {reference}").format(reference=dispute.reference)]
        if invoices:
            refs.append(
                _("Invoices: {numbers}").format(numbers=", ".join(i.number for i in invoices))
            )
        elif not kind.is_payment:
            refs.append(
                _("Your complaint of {date}").format(date=w.date(local_date(dispute.received_at)))
            )
        registered = kind.registered_by_default if inputs.registered is None else inputs.registered
        signature = self._business.image_path(business.signature_sha256)
        logo = self._business.image_path(business.logo_sha256)
        draft = LetterDraft(
            dispute_id=dispute.id,
            kind=kind,
            language=lang,
            business=business,
            recipient_lines=recipient_lines(customer, lang),
            place_date=w.place_date(business.address.city, today),
            references=tuple(refs),
            subject=subject,
            salutation=w.salutation(customer.title, customer.last_name),
            paragraphs=paragraphs,
            closing=w.closing(customer.title, customer.last_name),
            signatory=business.signatory_name or business.legal_name or business.trade_name,
            letter_date=today,
            deadline=deadline,
            registered=registered,
            claim=claim,
            consumer=consumer,
            invoice_ids=tuple(i.id for i in invoices),
            logo_path=str(logo) if logo else None,
            signature_path=str(signature) if signature else None,
            layout=self.layout(),
        )
        return replace(draft, warnings=tuple(self.warnings(draft)))

    def warnings(self, draft: LetterDraft) -> list[str]:
        """What the owner should know before sending (UI language); nothing here blocks."""
        out: list[str] = []
        b = draft.business
        if not b.is_set_up:
            out.append(_("Your business profile is empty: the letterhead will be blank."))
        if draft.consumer and draft.kind.restates_mediator and not b.mediator.is_set:
            out.append(
                _(
                    "Your business profile names no consumer mediator: the law requires the "
                    "mediator's name and website on this letter (Code de la consommation "
                    "L616-1 and R616-1)."
                )
            )
        if len([x for x in draft.recipient_lines if x.strip()]) < 2:
            out.append(_("The customer's postal address is missing."))
        if any(len(x) > ADDRESS_LINE_MAX for x in draft.recipient_lines):
            out.append(
                _(
                    "An address line is longer than 38 characters: postal sorting machines "
                    "may misread it."
                )
            )
        texts = (*draft.recipient_lines, draft.subject, draft.salutation, *draft.paragraphs)
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for t in texts for ch in t):
            # ReportLab lays text out left to right without shaping: warn, never hide it.
            out.append(
                _(
                    "Text written right to left (Arabic, Hebrew) is printed letter by letter "
                    "from left to right: check it in the preview, or write the name in Latin "
                    "letters too."
                )
            )
        from disputedesk.documents.letter_pdf import unprintable  # ReportLab: on use only

        missing = unprintable(draft)
        if missing:
            out.append(
                _("These characters cannot be printed and will show as boxes: {chars}").format(
                    chars=" ".join(missing[:20])
                )
            )
        if any(TO_COMPLETE in p for p in draft.paragraphs):
            out.append(_("Complete the text where it shows {marker}.").format(marker=TO_COMPLETE))
        return out

    def recipient_lines(self, customer: Customer, lang: str) -> tuple[str, ...]:
        return recipient_lines(customer, lang)

    def _claimed_invoices(self, dispute: Dispute, ids: tuple[int, ...] | None) -> list[Invoice]:
        if ids is None:
            return self._unpaid(dispute)
        out = []
        for invoice_id in ids:
            inv = self._invoices.get(invoice_id)
            if inv.customer_id != dispute.customer_id:
                raise ValidationError(
                    N_("Invoice {number} is not this customer's."),
                    field="invoices",
                    number=inv.number,
                )
            if inv.balance.minor <= 0:
                raise ValidationError(
                    N_("Invoice {number} is paid: there is nothing to claim."),
                    field="invoices",
                    number=inv.number,
                )
            out.append(inv)
        currencies = {i.amount.currency for i in out}
        if len(currencies) > 1:
            raise ValidationError(
                N_("One letter cannot claim invoices in different currencies."), field="invoices"
            )
        return out

    def _unpaid(self, dispute: Dispute) -> list[Invoice]:
        """The dispute's unpaid invoices; failing those, the customer's unlinked ones."""
        own = self._invoices.list(dispute_id=dispute.id, open_only=True)
        if own:
            return own
        return [
            i
            for i in self._invoices.list(customer_id=dispute.customer_id, open_only=True)
            if i.dispute_id is None
        ]

    def _claim(self, invoices: list[Invoice], as_of: date, *, professional: bool) -> PaymentClaim:
        ids = [i.id for i in invoices]
        if self._receivables is not None and hasattr(self._receivables, "claim_for"):
            claim = self._receivables.claim_for(ids, as_of)
        else:
            claim = principal_only(invoices, as_of, debtor_is_professional=professional)
        if not professional and claim.indemnities.minor:
            # Never a recovery fee from a consumer (CPCE L111-8; D441-5 is B2B only).
            claim = replace(
                claim,
                invoices=tuple(replace(c, recovery_indemnity=None) for c in claim.invoices),
            )
        return claim

    # --- rendering -----------------------------------------------------------------------
    @staticmethod
    def render(draft: LetterDraft) -> bytes:
        """The PDF bytes (safe off the GUI thread). Refuses what cannot make a letter."""
        from disputedesk.documents.letter_pdf import render_letter

        check_draft(draft, allow_incomplete=True)
        return render_letter(draft)

    def render_to(self, draft: LetterDraft, path: Path) -> Path:
        path = Path(path)
        if not path.parent.is_dir():
            raise ValidationError(
                N_("The folder {folder} does not exist."), field="out", folder=str(path.parent)
            )
        data = self.render(draft)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise ValidationError(
                N_("{file} cannot be written: {reason}"),
                field="out",
                file=str(path),
                reason=exc.strerror or str(exc),
            ) from exc
        return path

    def calibration_pdf(self, language: str, layout: LetterLayout | None = None) -> bytes:
        from disputedesk.documents.letter_pdf import render_calibration

        return render_calibration(layout or self.layout(), normalize_language(language))

    # --- issuing -------------------------------------------------------------------------
    def issue(
        self, draft: LetterDraft, *, now: datetime | None = None, pdf: bytes | None = None
    ) -> IssuedLetter:
        """Store the letter, journal it, set its follow-up deadline: one unit of work.

        `pdf` may be the bytes of an earlier `render(draft)` (the wizard's preview) to avoid
        laying the letter out twice."""
        check_draft(draft)
        now = now or datetime.now(UTC)
        if pdf is None:
            from disputedesk.documents.letter_pdf import render_letter

            pdf = render_letter(draft)
        data = pdf
        dispute = self._disputes.get(draft.dispute_id)
        kind_label = draft.kind.label
        channel = Channel.REGISTERED_LETTER if draft.registered else Channel.LETTER
        occurred = now
        if draft.letter_date != now.astimezone().date():
            occurred = datetime.combine(draft.letter_date, time(12, 0)).astimezone(UTC)
        body_lines = [draft.subject]
        if draft.deadline:
            body_lines.append(_("Deadline given: {date}").format(date=draft.deadline.isoformat()))
        if draft.claim is not None:
            body_lines.append(
                _("Amount claimed: {amount}").format(amount=draft.claim.total.format())
            )
        with self._store.transaction() as s:
            document = self._documents.record(
                data,
                kind=f"letter_{draft.kind.value}",
                language=draft.language,
                title=f"{kind_label} — {draft.subject}"[:300],
                file_name=f"{dispute.reference}-{draft.kind.value}-{draft.letter_date}.pdf",
                dispute_id=dispute.id,
                session=s,
            )
            entry = JournalEntryRow(
                dispute_id=dispute.id,
                occurred_at=occurred,
                channel=channel.value,
                direction=Direction.OUTGOING.value,
                summary=_("{kind} sent").format(kind=kind_label)[:300],
                body="\n".join(body_lines),
                document_id=document.id,
                created_at=now,
            )
            s.add(entry)
            task = None
            if draft.deadline is not None:
                task = TaskRow(
                    dispute_id=dispute.id,
                    title=_("Deadline of the letter « {kind} » ({reference})").format(
                        kind=kind_label, reference=dispute.reference
                    )[:300],
                    kind="payment_deadline" if draft.kind.is_payment else "letter_deadline",
                    due_at=_end_of_day(draft.deadline),
                    created_at=now,
                )
                s.add(task)
            s.flush()
            row = LetterRow(
                dispute_id=dispute.id,
                document_id=document.id,
                journal_entry_id=entry.id,
                task_id=task.id if task else None,
                kind=draft.kind.value,
                language=draft.language,
                subject=draft.subject[:300],
                sent_on=draft.letter_date,
                deadline=draft.deadline,
                registered=draft.registered,
                tracking_number=draft.tracking_number.strip()[:40],
                created_at=now,
            )
            s.add(row)
            s.flush()
            for invoice_id in dict.fromkeys(draft.invoice_ids):
                s.add(LetterInvoiceRow(letter_id=row.id, invoice_id=invoice_id))
            s.flush()
            return _issued(row, list(dict.fromkeys(draft.invoice_ids)))

    # --- postal life ---------------------------------------------------------------------
    def record_tracking(self, letter_id: int, tracking_number: str) -> IssuedLetter:
        number = v.clean(tracking_number, "tracking_number", max_len=40)
        with self._store.transaction() as s:
            row = self._row(s, letter_id)
            if not row.registered:
                raise ValidationError(
                    N_("This letter was not sent by registered mail."), field="tracking_number"
                )
            row.tracking_number = number
            s.flush()
            return _issued(row, self._invoice_ids(s, row.id))

    def record_receipt(
        self,
        letter_id: int,
        receipt_date: date | None,
        *,
        returned_unclaimed: bool = False,
        today: date | None = None,
    ) -> IssuedLetter:
        """The date on the signed acknowledgement of receipt (evidence; for a formal notice to
        pay it starts interest: Code civil 1344-1), or the letter came back unclaimed (then
        the date it was first presented, when known; some courts hold such a notice was
        not made: LEGAL-FR B.1)."""
        today = today or datetime.now().astimezone().date()
        with self._store.transaction() as s:
            row = self._row(s, letter_id)
            if not row.registered:
                raise ValidationError(
                    N_("This letter was not sent by registered mail."), field="receipt_date"
                )
            if receipt_date is not None:
                receipt_date = v.check_date(receipt_date, "receipt_date")
                if receipt_date < row.sent_on:
                    raise ValidationError(
                        N_("The letter cannot have been received before it was sent ({date})."),
                        field="receipt_date",
                        date=row.sent_on.isoformat(),
                    )
                if receipt_date > today:
                    raise ValidationError(
                        N_("The receipt date cannot be in the future."), field="receipt_date"
                    )
            elif not returned_unclaimed:
                raise ValidationError(N_("Give the date of receipt."), field="receipt_date")
            changed = (row.receipt_date, row.returned_unclaimed) != (
                receipt_date,
                returned_unclaimed,
            )
            row.receipt_date = receipt_date
            row.returned_unclaimed = returned_unclaimed
            if changed:
                if returned_unclaimed:
                    summary = _("Registered letter returned unclaimed")
                else:
                    summary = _("Acknowledgement of receipt signed on {date}").format(
                        date=receipt_date.isoformat()
                    )
                body = row.subject
                if row.tracking_number:
                    body += "\n" + _("Tracking number: {number}").format(number=row.tracking_number)
                when = datetime.combine(receipt_date or today, time(12, 0)).astimezone(UTC)
                s.add(
                    JournalEntryRow(
                        dispute_id=row.dispute_id,
                        occurred_at=when,
                        channel=Channel.REGISTERED_LETTER.value,
                        direction=Direction.INCOMING.value,
                        summary=summary,
                        body=body,
                        document_id=row.document_id,
                        created_at=datetime.now(UTC),
                    )
                )
            s.flush()
            return _issued(row, self._invoice_ids(s, row.id))

    def notice_received_on(self, invoice_id: int) -> date | None:
        """For the unpaid-invoices area: the date the first formal notice to pay claiming this
        invoice was received (signed acknowledgement of receipt), or None. Interest at the
        legal rate runs from it for a consumer debt (Code civil 1344-1 and 1231-6)."""
        q = (
            select(LetterRow.receipt_date)
            .join(LetterInvoiceRow, LetterInvoiceRow.letter_id == LetterRow.id)
            .where(
                LetterInvoiceRow.invoice_id == invoice_id,
                LetterRow.kind == LetterKind.NOTICE_TO_PAY.value,
                LetterRow.receipt_date.is_not(None),
                LetterRow.returned_unclaimed.is_(False),
            )
            .order_by(LetterRow.receipt_date)
            .limit(1)
        )
        with self._store.read() as s:
            return s.scalar(q)

    def for_invoice(self, invoice_id: int) -> list[IssuedLetter]:
        """Every letter claiming this invoice, oldest first (reminders, formal notices)."""
        with self._store.read() as s:
            rows = s.scalars(
                select(LetterRow)
                .join(LetterInvoiceRow, LetterInvoiceRow.letter_id == LetterRow.id)
                .where(LetterInvoiceRow.invoice_id == invoice_id)
                .order_by(LetterRow.sent_on, LetterRow.id)
            )
            return [_issued(r, self._invoice_ids(s, r.id)) for r in rows]

    def list(self, dispute_id: int) -> list[IssuedLetter]:
        with self._store.read() as s:
            rows = s.scalars(
                select(LetterRow)
                .where(LetterRow.dispute_id == dispute_id)
                .order_by(LetterRow.sent_on, LetterRow.id)
            )
            return [_issued(r, self._invoice_ids(s, r.id)) for r in rows]

    def get(self, letter_id: int) -> IssuedLetter:
        with self._store.read() as s:
            row = self._row(s, letter_id)
            return _issued(row, self._invoice_ids(s, row.id))

    def pdf_path(self, letter: IssuedLetter) -> Path:
        return self._documents.path(self._documents.get(letter.document_id))

    @staticmethod
    def _row(s, letter_id: int) -> LetterRow:
        row = s.get(LetterRow, letter_id)
        if row is None:
            raise NotFoundError(N_("This letter does not exist."), field="letter")
        return row

    @staticmethod
    def _invoice_ids(s, letter_id: int) -> list[int]:
        return list(
            s.scalars(
                select(LetterInvoiceRow.invoice_id)
                .where(LetterInvoiceRow.letter_id == letter_id)
                .order_by(LetterInvoiceRow.invoice_id)
            )
        )

    # --- templates -----------------------------------------------------------------------
    def template(self, kind: LetterKind, language: str) -> tuple[Template, bool]:
        """(the text in force, whether it is the owner's own version)."""
        lang = normalize_language(language)
        with self._store.read() as s:
            row = s.scalar(
                select(LetterTemplateRow).where(
                    LetterTemplateRow.kind == LetterKind(kind).value,
                    LetterTemplateRow.language == lang,
                )
            )
            if row is not None:
                return Template(row.subject, row.body), True
        return default_template(LetterKind(kind), lang), False

    def _template_text(self, kind: LetterKind, lang: str) -> Template:
        if kind is LetterKind.PACKET_COVER:
            return cover_template(lang)
        return self.template(kind, lang)[0]

    def save_template(self, kind: LetterKind, language: str, subject: str, body: str) -> Template:
        kind = LetterKind(kind)
        lang = normalize_language(language)
        subject = (subject or "").strip()
        body = (body or "").replace("\r\n", "\n").strip()
        if "\x00" in subject or "\x00" in body:
            raise ValidationError(N_("This text contains an invalid character."), field="body")
        validate_template(kind, subject, body)
        if kind.is_formal_notice:
            # A formal notice must say it is one (LEGAL-FR B.1: "interpellation suffisante").
            words = "mise en demeure" if lang == "fr" else "formal notice"
            if words not in f"{subject} {body}".lower():
                raise ValidationError(
                    N_("A formal notice must say so: keep the words “{words}” in the text."),
                    field="body",
                    words=words,
                )
        with self._store.transaction() as s:
            row = s.scalar(
                select(LetterTemplateRow).where(
                    LetterTemplateRow.kind == kind.value, LetterTemplateRow.language == lang
                )
            )
            if row is None:
                row = LetterTemplateRow(kind=kind.value, language=lang)
                s.add(row)
            row.subject = subject
            row.body = body
            s.flush()
        return Template(subject, body)

    def reset_template(self, kind: LetterKind, language: str) -> Template:
        lang = normalize_language(language)
        with self._store.transaction() as s:
            row = s.scalar(
                select(LetterTemplateRow).where(
                    LetterTemplateRow.kind == LetterKind(kind).value,
                    LetterTemplateRow.language == lang,
                )
            )
            if row is not None:
                s.delete(row)
        return default_template(LetterKind(kind), lang)

    # --- envelope ------------------------------------------------------------------------
    def layout(self) -> LetterLayout:
        with self._store.read() as s:
            row = s.get(LetterSettingsRow, 1)
            if row is None:
                return LetterLayout()
            try:
                preset = EnvelopePreset(row.preset)
            except ValueError:
                preset = EnvelopePreset.FR_RIGHT
            return LetterLayout(preset, row.shift_x_mm, row.shift_y_mm, row.fold_marks)

    def save_layout(self, layout: LetterLayout) -> LetterLayout:
        for name, value in (("shift_x_mm", layout.shift_x_mm), ("shift_y_mm", layout.shift_y_mm)):
            if not isinstance(value, int | float) or abs(value) > MAX_SHIFT_MM:
                raise ValidationError(
                    N_("A shift must be between -{max} and {max} mm."),
                    field=name,
                    max=int(MAX_SHIFT_MM),
                )
        preset = EnvelopePreset(layout.preset)
        with self._store.transaction() as s:
            row = s.get(LetterSettingsRow, 1)
            if row is None:
                row = LetterSettingsRow(id=1)
                s.add(row)
            row.preset = preset.value
            row.shift_x_mm = float(layout.shift_x_mm)
            row.shift_y_mm = float(layout.shift_y_mm)
            row.fold_marks = bool(layout.fold_marks)
        return LetterLayout(preset, float(layout.shift_x_mm), float(layout.shift_y_mm),
                            bool(layout.fold_marks))  # fmt: skip

    def self_test_pdf(self, out: Path) -> Path:
        """For the packaging self-test: a French formal notice to pay (or, without an unpaid
        invoice, an acknowledgement) of the first fitting dispute, written to `out`."""
        disputes = self._disputes.list()
        if not disputes:
            raise ValidationError(N_("There is no dispute to write to."), field="dispute")
        for dispute in disputes:
            if self._unpaid(dispute):
                inputs = LetterInputs(LetterKind.NOTICE_TO_PAY, language="fr")
                break
        else:
            dispute = disputes[0]
            inputs = LetterInputs(LetterKind.ACKNOWLEDGEMENT, language="fr")
        return self.render_to(self.compose(dispute.id, inputs), out)

    # --- the cover letter of a referral packet -------------------------------------------
    def compose_cover(self, request) -> LetterDraft:
        """The letter to the mediator, conciliator or lawyer that opens a referral packet
        (`domain.packets.PacketRequest`), in the packet's language."""
        lang = normalize_language(request.language)
        w = LetterWording(lang)
        _ = w.gettext
        business = request.business
        customer = request.customer
        dispute = request.dispute
        today = request.created_on
        contents = [
            _("a summary of the dispute"),
            _("the chronology of events"),
            w.ngettext(
                "the record of our exchanges ({count} entry)",
                "the record of our exchanges ({count} entries)",
                len(request.entries),
            ).format(count=len(request.entries)),
        ]
        if request.exhibits:
            contents.append(
                w.ngettext("{count} exhibit", "{count} exhibits", len(request.exhibits)).format(
                    count=len(request.exhibits)
                )
            )
        values = {
            "shop_name": business.trade_name or business.legal_name,
            "customer_name": customer.display_name,
            "dispute_reference": dispute.reference,
            "dispute_title": dispute_title(dispute),
            "received_date": w.date(local_date(dispute.received_at)),
            "contents": _("{first} and {last}").format(
                first=", ".join(contents[:-1]), last=contents[-1]
            ),
        }
        template = cover_template(lang, request.kind.value)
        recipient = request.recipient
        lines = [recipient.name.strip()] + [
            x.strip() for x in (recipient.address or "").splitlines() if x.strip()
        ]
        if not lines[0]:
            lines[0] = _(PACKET_KIND_LABELS[request.kind])
        signature = self._business.image_path(business.signature_sha256)
        logo = self._business.image_path(business.logo_sha256)
        return LetterDraft(
            dispute_id=dispute.id,
            kind=LetterKind.PACKET_COVER,
            language=lang,
            business=business,
            recipient_lines=tuple(x for x in lines if x),
            place_date=w.place_date(business.address.city, today),
            references=(_("Our reference: {reference}").format(reference=dispute.reference),),
            subject=" ".join(fill(template.subject, values).split()),
            salutation=w.salutation("", ""),
            paragraphs=tuple(fill(p, values) for p in split_paragraphs(template.body)),
            closing=w.closing("", ""),
            signatory=business.signatory_name or business.legal_name or business.trade_name,
            letter_date=today,
            consumer=False,  # the recipient is the mediator, conciliator or lawyer
            logo_path=str(logo) if logo else None,
            signature_path=str(signature) if signature else None,
            layout=self.layout(),
        )

    def cover_pdf(self, request) -> bytes:
        from disputedesk.documents.letter_pdf import render_letter

        return render_letter(self.compose_cover(request))

    # --- public reply to a review (text, not a letter) -----------------------------------


def _issued(row: LetterRow, invoice_ids: list[int]) -> IssuedLetter:
    return IssuedLetter(
        id=row.id,
        dispute_id=row.dispute_id,
        document_id=row.document_id,
        journal_entry_id=row.journal_entry_id,
        task_id=row.task_id,
        kind=LetterKind(row.kind),
        language=row.language,
        subject=row.subject,
        sent_on=row.sent_on,
        deadline=row.deadline,
        registered=bool(row.registered),
        tracking_number=row.tracking_number or "",
        receipt_date=row.receipt_date,
        returned_unclaimed=bool(row.returned_unclaimed),
        invoice_ids=tuple(invoice_ids),
    )


def _end_of_day(d: date) -> datetime:
    return datetime.combine(d, time(23, 59)).astimezone(UTC)
