"""After the dispute: closing (and reopening) with outcome, amounts, root cause and lesson;
satisfaction; the policy register; loyalty gestures and their voucher letter; public reviews."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, date, datetime

from sqlalchemy import func, select, update

from disputedesk.domain.aftercare import (
    BUILTIN_ROOT_CAUSES,
    Closure,
    ClosureDraft,
    Gesture,
    GestureDraft,
    GestureKind,
    Policy,
    PolicyDraft,
    PolicyStatus,
    ReplyContext,
    Review,
    ReviewDraft,
    ReviewTone,
    reply_text,
    root_cause_label,
)
from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.errors import NotFoundError, ValidationError
from disputedesk.domain.money import Money
from disputedesk.domain.records import Document
from disputedesk.i18n import N_, _
from disputedesk.models import CustomerRow, DisputeRow, StageChangeRow, TaskRow
from disputedesk.models.aftercare import (
    ClosureRow,
    GestureRow,
    PolicyDisputeRow,
    PolicyRow,
    ReviewRow,
    RootCauseRow,
)
from disputedesk.services import convert
from disputedesk.services import validate as v
from disputedesk.services.dispute_service import move_stage
from disputedesk.storage.store import Store

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the till


def _closure(row: ClosureRow) -> Closure:
    return Closure(
        id=row.id,
        dispute_id=row.dispute_id,
        closed_at=row.closed_at,
        outcome=Outcome(row.outcome) if row.outcome else None,
        refunded=Money(row.refunded_minor, row.currency),
        recovered=Money(row.recovered_minor, row.currency),
        shop_at_fault=row.shop_at_fault,
        root_cause=row.root_cause,
        lesson=row.lesson,
        policy_id=row.policy_id,
        satisfaction=row.satisfaction,
        satisfaction_word=row.satisfaction_word,
        reopened_at=row.reopened_at,
        reopen_reason=row.reopen_reason,
    )


def _customer_name(c: CustomerRow) -> str:
    person = " ".join(p for p in (c.first_name, c.last_name) if p)
    if c.kind == "professional" and c.company:
        return f"{c.company} ({person})" if person else c.company
    return person or c.company


def _check_money(value: Money, currency: str, field: str) -> int:
    if not isinstance(value, Money):
        raise ValidationError(N_("Enter an amount."), field=field)
    if value.is_negative:
        raise ValidationError(N_("This amount cannot be negative."), field=field)
    if value.currency != currency:
        raise ValidationError(
            N_("This amount must be in {currency}, the dispute's currency."),
            field=field,
            currency=currency,
        )
    return value.minor


def _check_rating(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(N_("Give a mark from 1 to 5."), field=field)
    return value


class AftercareService:
    def __init__(self, store: Store, documents=None) -> None:
        self._store = store
        self._documents = documents

    # ----------------------------------------------------------------- root causes
    def root_causes(self) -> list[tuple[str, str]]:
        """(stored value, label) pairs: the built-in causes, then the owner's own.

        A built-in cause is stored as its label in the owner's language, like any cause the
        owner typed: the dispute's root cause stays readable text wherever it is shown."""
        out = [(root_cause_label(key),) * 2 for key in BUILTIN_ROOT_CAUSES]
        seen = {value.casefold() for value, _label in out}
        with self._store.read() as s:
            own = s.scalars(select(RootCauseRow.label).order_by(func.lower(RootCauseRow.label)))
            out += [(label, label) for label in own if label.casefold() not in seen]
        return out

    def add_root_cause(self, label: str) -> str:
        label = v.clean(label, "root_cause", max_len=200, required=True)
        known = {lab.casefold(): value for value, lab in self.root_causes()}
        if label.casefold() in known:
            return known[label.casefold()]
        with self._store.transaction() as s:
            s.add(RootCauseRow(label=label))
        return label

    # ----------------------------------------------------------------- closing
    def closure(self, dispute_id: int) -> Closure | None:
        """The closing in force (None if open or closed without this dialog)."""
        with self._store.read() as s:
            row = self._current_closure(s, self._dispute(s, dispute_id))
            return _closure(row) if row else None

    def closures(self, dispute_id: int) -> list[Closure]:
        with self._store.read() as s:
            rows = s.scalars(
                select(ClosureRow)
                .where(ClosureRow.dispute_id == dispute_id)
                .order_by(ClosureRow.closed_at, ClosureRow.id)
            )
            return [_closure(r) for r in rows]

    def close(self, dispute_id: int, draft: ClosureDraft, *, at: datetime | None = None) -> Closure:
        at = v.check_aware(at or datetime.now(UTC), "at")
        outcome = Outcome(draft.outcome)
        root_cause = v.clean(draft.root_cause, "root_cause", max_len=200)
        lesson = v.clean(draft.lesson, "lesson", max_len=100_000)
        note = v.clean(draft.note, "note", max_len=10_000)
        with self._store.transaction() as s:
            row = self._dispute(s, dispute_id)
            current = DisputeStage(row.stage)
            if current.is_closed:
                raise ValidationError(N_("This dispute is already closed."), field="stage")
            refunded = _check_money(draft.refunded, row.currency, "refunded")
            recovered = _check_money(draft.recovered, row.currency, "recovered")
            target = DisputeStage.ABANDONED if draft.abandoned else DisputeStage.RESOLVED
            # Closing is itself the reason to leave the usual path; the outcome says why.
            reason = note or _("Closed: {outcome}").format(outcome=outcome.label)
            move_stage(s, row, target, at, reason)  # sets closed_at
            policy = None
            if draft.new_policy is not None:
                policy = self._new_policy(s, draft.new_policy, at)
            elif draft.policy_id is not None:
                policy = self._policy(s, draft.policy_id)
            if policy is not None:
                self._link(s, policy.id, row.id)
            if draft.finish_tasks:  # a closed dispute has nothing left to chase in Today
                s.execute(
                    update(TaskRow)
                    .where(TaskRow.dispute_id == row.id, TaskRow.done_at.is_(None))
                    .values(done_at=at)
                )
            row.outcome = outcome.value
            row.root_cause = root_cause
            row.shop_at_fault = draft.shop_at_fault
            row.lessons_learned = lesson
            if policy is not None:
                row.policy_change = policy.title
            closure = ClosureRow(
                dispute_id=row.id,
                closed_at=at,
                outcome=outcome.value,
                refunded_minor=refunded,
                recovered_minor=recovered,
                currency=row.currency,
                shop_at_fault=draft.shop_at_fault,
                root_cause=root_cause,
                lesson=lesson,
                policy_id=policy.id if policy else None,
                satisfaction_word="",
                reopen_reason="",
            )
            s.add(closure)
            s.flush()
            return _closure(closure)

    def stage_before_closing(self, dispute_id: int) -> DisputeStage | None:
        with self._store.read() as s:
            return self._stage_before_closing(s, dispute_id)

    def reopen(
        self,
        dispute_id: int,
        reason: str,
        *,
        target: DisputeStage | None = None,
        at: datetime | None = None,
    ) -> None:
        """Reopen a closed dispute; the reason goes in the stage history and on the closing."""
        at = v.check_aware(at or datetime.now(UTC), "at")
        reason = v.clean(reason, "reason", max_len=10_000)
        if not reason:
            raise ValidationError(N_("Say why the dispute is reopened."), field="reason")
        with self._store.transaction() as s:
            row = self._dispute(s, dispute_id)
            current = DisputeStage(row.stage)
            if not current.is_closed:
                raise ValidationError(N_("This dispute is not closed."), field="stage")
            target = DisputeStage(target) if target else None
            target = target or self._stage_before_closing(s, dispute_id)
            target = target or DisputeStage.UNDER_ANALYSIS
            if target.is_closed:
                raise ValidationError(N_("Choose a stage of an open dispute."), field="stage")
            closure = self._current_closure(s, row)  # before the move clears closed_at
            move_stage(s, row, target, at, reason)
            if closure is not None:
                closure.reopened_at = at
                closure.reopen_reason = reason

    def set_satisfaction(self, dispute_id: int, score: int | None, word: str = "") -> Closure:
        """The customer's satisfaction (1 to 5 and a word), once the dispute is closed."""
        score = _check_rating(score, "satisfaction")
        word = v.clean(word, "satisfaction_word", max_len=200)
        with self._store.transaction() as s:
            row = self._dispute(s, dispute_id)
            if not DisputeStage(row.stage).is_closed:
                raise ValidationError(
                    N_("Record the customer's satisfaction once the dispute is closed."),
                    field="satisfaction",
                )
            closure = self._current_closure(s, row)
            if closure is None:  # closed from the stage menu: start its closing record
                closure = ClosureRow(
                    dispute_id=row.id,
                    closed_at=row.closed_at or row.stage_changed_at,
                    outcome=row.outcome or "",
                    refunded_minor=0,
                    recovered_minor=0,
                    currency=row.currency,
                    shop_at_fault=row.shop_at_fault,
                    root_cause=row.root_cause,
                    lesson=row.lessons_learned,
                    reopen_reason="",
                )
                s.add(closure)
            closure.satisfaction = score
            closure.satisfaction_word = word
            s.flush()
            return _closure(closure)

    # ----------------------------------------------------------------- policies
    def policies(self, *, status: PolicyStatus | None = None) -> list[Policy]:
        with self._store.read() as s:
            q = select(PolicyRow).order_by(PolicyRow.created_at.desc(), PolicyRow.id.desc())
            if status is not None:
                q = q.where(PolicyRow.status == PolicyStatus(status).value)
            rows = list(s.scalars(q))
            return [self._policy_record(s, r) for r in rows]

    def get_policy(self, policy_id: int) -> Policy:
        with self._store.read() as s:
            return self._policy_record(s, self._policy(s, policy_id))

    def add_policy(self, draft: PolicyDraft, *, dispute_ids: tuple[int, ...] = ()) -> Policy:
        with self._store.transaction() as s:
            row = self._new_policy(s, draft, datetime.now(UTC))
            for dispute_id in dispute_ids:
                self._dispute(s, dispute_id)
                self._link(s, row.id, dispute_id)
            s.flush()
            return self._policy_record(s, row)

    def update_policy(self, policy_id: int, draft: PolicyDraft, status: PolicyStatus) -> Policy:
        with self._store.transaction() as s:
            row = self._policy(s, policy_id)
            self._fill_policy(row, draft)
            row.status = PolicyStatus(status).value
            s.flush()
            return self._policy_record(s, row)

    def link_policy(self, policy_id: int, dispute_id: int) -> None:
        with self._store.transaction() as s:
            self._policy(s, policy_id)
            self._dispute(s, dispute_id)
            self._link(s, policy_id, dispute_id)

    def delete_policy(self, policy_id: int) -> None:
        with self._store.transaction() as s:
            s.delete(self._policy(s, policy_id))

    def policy_pdf(self, *, lang: str, today: date | None = None) -> bytes:
        """The register for the staff, newest first (rendered by documents/policy_pdf.py)."""
        from disputedesk.documents.policy_pdf import PolicyReport, build_policy_pdf
        from disputedesk.services.business_service import BusinessService

        profile = BusinessService(self._store).get()
        report = PolicyReport(
            shop_name=profile.trade_name or profile.legal_name,
            policies=tuple(self.policies()),
            lang=lang,
            today=today or date.today(),
        )
        return build_policy_pdf(report)

    # ----------------------------------------------------------------- gestures
    def add_gesture(self, draft: GestureDraft, *, today: date | None = None) -> Gesture:
        today = today or date.today()
        kind = GestureKind(draft.kind)
        # Printed on the voucher card: a line or two, not a letter.
        description = v.clean(draft.description, "description", max_len=300)
        expires_on = v.check_date(draft.expires_on, "expires_on") if draft.expires_on else None
        if expires_on is not None and expires_on < today:
            raise ValidationError(N_("The expiry date is already past."), field="expires_on")
        with self._store.transaction() as s:
            dispute = self._dispute(s, draft.dispute_id)
            value = _check_money(draft.value, dispute.currency, "value")
            if value == 0 and kind is not GestureKind.FREE_SERVICE:
                raise ValidationError(N_("Enter the value of the gesture."), field="value")
            if kind is GestureKind.FREE_SERVICE and not description:
                raise ValidationError(N_("Describe the free service."), field="description")
            row = GestureRow(
                dispute_id=dispute.id,
                kind=kind.value,
                value_minor=value,
                currency=dispute.currency,
                description=description,
                code=self._new_code(s),
                expires_on=expires_on,
            )
            s.add(row)
            s.flush()
            return self._gesture_record(s, row)

    def gestures(self, *, dispute_id: int | None = None) -> list[Gesture]:
        with self._store.read() as s:
            q = select(GestureRow).order_by(GestureRow.created_at.desc(), GestureRow.id.desc())
            if dispute_id is not None:
                q = q.where(GestureRow.dispute_id == dispute_id)
            return [self._gesture_record(s, r) for r in s.scalars(q)]

    def get_gesture(self, gesture_id: int) -> Gesture:
        with self._store.read() as s:
            return self._gesture_record(s, self._gesture_row(s, gesture_id))

    def set_gesture_used(self, gesture_id: int, used_on: date | None) -> Gesture:
        used_on = v.check_date(used_on, "used_on") if used_on else None
        with self._store.transaction() as s:
            row = self._gesture_row(s, gesture_id)
            row.used_on = used_on
            s.flush()
            return self._gesture_record(s, row)

    def expiring_gestures(self, today: date, *, within_days: int = 14) -> list[Gesture]:
        """Unused gestures whose expiry falls between today and `within_days` from now."""
        from datetime import timedelta

        with self._store.read() as s:
            rows = s.scalars(
                select(GestureRow)
                .where(
                    GestureRow.used_on.is_(None),
                    GestureRow.expires_on.is_not(None),
                    GestureRow.expires_on >= today,
                    GestureRow.expires_on <= today + timedelta(days=within_days),
                )
                .order_by(GestureRow.expires_on, GestureRow.id)
            )
            return [self._gesture_record(s, r) for r in rows]

    def gesture_pdf(
        self, gesture_id: int, *, lang: str | None = None, today: date | None = None
    ) -> bytes:
        """The thank-you letter on the shop's letterhead (the letter engine of every letter),
        then the voucher card page; in the customer's language unless `lang` is given."""
        from pypdf import PdfReader, PdfWriter

        from disputedesk.documents.letter_pdf import render_letter
        from disputedesk.documents.letter_text import LetterWording
        from disputedesk.documents.voucher_pdf import (
            VoucherRequest,
            build_voucher_card,
            voucher_letter_text,
        )
        from disputedesk.domain.enums import CustomerKind
        from disputedesk.domain.letters import LetterDraft, LetterKind
        from disputedesk.i18n import normalize_language
        from disputedesk.services.business_service import BusinessService
        from disputedesk.services.letter_service import LetterService

        with self._store.read() as s:
            row = self._gesture_row(s, gesture_id)
            dispute = s.get(DisputeRow, row.dispute_id)
            gesture = self._gesture_record(s, row)
            cust = convert.customer(s.get(CustomerRow, dispute.customer_id))
            reference = dispute.reference
        business = BusinessService(self._store)
        profile = business.get()
        lang = normalize_language(lang or cust.language)
        today = today or date.today()
        logo = business.image_path(profile.logo_sha256)
        signature = business.image_path(profile.signature_sha256)
        req = VoucherRequest(gesture, cust, reference, profile, lang, logo, today)
        subject, paragraphs = voucher_letter_text(req)
        letters = LetterService(self._store)
        w = LetterWording(lang)
        draft = LetterDraft(
            dispute_id=gesture.dispute_id,
            # The engine only lays out the draft; an apology-type letter is the closest kind
            # (one signatory, no registered mention). It is stored as a "voucher" document.
            kind=LetterKind.APOLOGY,
            language=lang,
            business=profile,
            recipient_lines=letters.recipient_lines(cust, lang),
            place_date=w.place_date(profile.address.city, today),
            references=(w.gettext("Our reference: {reference}").format(reference=reference),),
            subject=subject,
            salutation=w.salutation(cust.title, cust.last_name),
            paragraphs=paragraphs,
            closing=w.closing(cust.title, cust.last_name),
            signatory=profile.signatory_name or profile.legal_name or profile.trade_name,
            letter_date=today,
            consumer=cust.kind is CustomerKind.INDIVIDUAL,
            logo_path=str(logo) if logo else None,
            signature_path=str(signature) if signature else None,
            layout=letters.layout(),
        )
        out = PdfWriter()
        for part in (render_letter(draft), build_voucher_card(req)):
            out.append(PdfReader(io.BytesIO(part)))
        out.add_metadata({"/Title": w.gettext("Voucher {code}").format(code=gesture.code)})
        buf = io.BytesIO()
        out.write(buf)
        return buf.getvalue()

    def issue_gesture_letter(self, gesture_id: int, *, lang: str | None = None) -> Document:
        """Render the voucher letter, store it as a document of the dispute, link it."""
        if self._documents is None:
            raise RuntimeError("AftercareService built without the document service")
        pdf = self.gesture_pdf(gesture_id, lang=lang)
        with self._store.transaction() as s:
            row = self._gesture_row(s, gesture_id)
            dispute = s.get(DisputeRow, row.dispute_id)
            doc = self._documents.record(
                pdf,
                kind="voucher",
                language=lang or s.get(CustomerRow, dispute.customer_id).language,
                title=_("Voucher {code}").format(code=row.code),
                file_name=f"{dispute.reference}-bon-{row.code}.pdf",
                dispute_id=dispute.id,
                session=s,
            )
            row.document_id = doc.id
            return doc

    # ----------------------------------------------------------------- reviews
    def add_review(self, draft: ReviewDraft, *, today: date | None = None) -> Review:
        today = today or date.today()
        platform = v.clean(draft.platform, "platform", max_len=100, required=True)
        url = v.clean(draft.url, "url", max_len=2000)
        if url and "://" not in url:
            url = "https://" + url
        posted_on = v.check_date(draft.posted_on or today, "posted_on")
        if posted_on > today:
            raise ValidationError(N_("This date is in the future."), field="posted_on")
        rating = _check_rating(draft.rating, "rating")
        text = v.clean(draft.text, "text", max_len=100_000)
        with self._store.transaction() as s:
            customer = s.get(CustomerRow, draft.customer_id)
            if customer is None:
                raise NotFoundError(
                    N_("This customer does not exist (any more)."), field="customer"
                )
            if draft.dispute_id is not None:
                dispute = self._dispute(s, draft.dispute_id)
                if dispute.customer_id != customer.id:
                    raise ValidationError(
                        N_("This dispute belongs to another customer."), field="dispute"
                    )
            row = ReviewRow(
                customer_id=customer.id,
                dispute_id=draft.dispute_id,
                platform=platform,
                url=url,
                posted_on=posted_on,
                rating=rating,
                text=text,
                reply="",
                changed=False,
            )
            s.add(row)
            s.flush()
            return self._review_record(row, customer)

    def update_review(
        self,
        review_id: int,
        *,
        reply: str,
        answered_on: date | None,
        changed: bool,
        new_rating: int | None,
    ) -> Review:
        reply = v.clean(reply, "reply", max_len=100_000)
        answered_on = v.check_date(answered_on, "answered_on") if answered_on else None
        new_rating = _check_rating(new_rating, "new_rating")
        with self._store.transaction() as s:
            row = self._review_row(s, review_id)
            if answered_on is not None and answered_on < row.posted_on:
                raise ValidationError(
                    N_("The answer cannot be dated before the review."), field="answered_on"
                )
            row.reply, row.answered_on = reply, answered_on
            row.changed, row.new_rating = bool(changed), new_rating if changed else None
            s.flush()
            return self._review_record(row, s.get(CustomerRow, row.customer_id))

    def reviews(
        self, *, dispute_id: int | None = None, customer_id: int | None = None
    ) -> list[Review]:
        with self._store.read() as s:
            q = (
                select(ReviewRow, CustomerRow)
                .join(CustomerRow, CustomerRow.id == ReviewRow.customer_id)
                .order_by(ReviewRow.posted_on.desc(), ReviewRow.id.desc())
            )
            if dispute_id is not None:
                q = q.where(ReviewRow.dispute_id == dispute_id)
            if customer_id is not None:
                q = q.where(ReviewRow.customer_id == customer_id)
            return [self._review_record(r, c) for r, c in s.execute(q)]

    def delete_review(self, review_id: int) -> None:
        with self._store.transaction() as s:
            s.delete(self._review_row(s, review_id))

    def reply_draft(self, review_id: int, tone: ReviewTone, lang: str) -> str:
        """A calm public answer from the templates, signed with the shop's profile."""
        from disputedesk.services.business_service import BusinessService

        profile = BusinessService(self._store).get()
        with self._store.read() as s:
            row = self._review_row(s, review_id)
            customer = s.get(CustomerRow, row.customer_id)
            first = customer.first_name if customer.kind != "professional" else ""
        ctx = ReplyContext(
            shop_name=profile.trade_name,
            signatory=profile.signatory_name,
            customer_first_name=first,
            contact=profile.phone or profile.email,
        )
        return reply_text(ReviewTone(tone), lang, ctx)

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _dispute(s, dispute_id: int) -> DisputeRow:
        row = s.get(DisputeRow, dispute_id)
        if row is None:
            raise NotFoundError(N_("This dispute does not exist (any more)."), field="dispute")
        return row

    @staticmethod
    def _current_closure(s, row: DisputeRow) -> ClosureRow | None:
        """The closing in force: the dispute is closed, and by this closing (a dispute reopened
        and closed again from the stage menu has none until one is recorded)."""
        if not DisputeStage(row.stage).is_closed or row.closed_at is None:
            return None
        closure = s.scalar(
            select(ClosureRow)
            .where(ClosureRow.dispute_id == row.id, ClosureRow.reopened_at.is_(None))
            .order_by(ClosureRow.closed_at.desc(), ClosureRow.id.desc())
            .limit(1)
        )
        if closure is None or closure.closed_at != row.closed_at:
            return None
        return closure

    @staticmethod
    def _stage_before_closing(s, dispute_id: int) -> DisputeStage | None:
        closed = [st.value for st in DisputeStage if st.is_closed]
        last = s.scalar(
            select(StageChangeRow.from_stage)
            .where(StageChangeRow.dispute_id == dispute_id, StageChangeRow.to_stage.in_(closed))
            .order_by(StageChangeRow.at.desc(), StageChangeRow.id.desc())
            .limit(1)
        )
        if not last:
            return None
        stage = DisputeStage(last)
        return None if stage.is_closed else stage

    @staticmethod
    def _policy(s, policy_id: int) -> PolicyRow:
        row = s.get(PolicyRow, policy_id)
        if row is None:
            raise NotFoundError(N_("This policy change does not exist (any more)."), field="policy")
        return row

    @staticmethod
    def _fill_policy(row: PolicyRow, draft: PolicyDraft) -> None:
        row.title = v.clean(draft.title, "policy_title", max_len=300, required=True)
        row.description = v.clean(draft.description, "policy_description", max_len=100_000)
        row.owner = v.clean(draft.owner, "policy_owner", max_len=200)
        row.review_on = (
            v.check_date(draft.review_on, "policy_review_on") if draft.review_on else None
        )

    def _new_policy(self, s, draft: PolicyDraft, at: datetime) -> PolicyRow:
        row = PolicyRow(status=PolicyStatus.PROPOSED.value, created_at=at, updated_at=at)
        self._fill_policy(row, draft)
        s.add(row)
        s.flush()
        return row

    @staticmethod
    def _link(s, policy_id: int, dispute_id: int) -> None:
        if s.get(PolicyDisputeRow, (policy_id, dispute_id)) is None:
            s.add(PolicyDisputeRow(policy_id=policy_id, dispute_id=dispute_id))
            s.flush()

    @staticmethod
    def _policy_record(s, row: PolicyRow) -> Policy:
        links = s.execute(
            select(DisputeRow.id, DisputeRow.reference)
            .join(PolicyDisputeRow, PolicyDisputeRow.dispute_id == DisputeRow.id)
            .where(PolicyDisputeRow.policy_id == row.id)
            .order_by(DisputeRow.reference)
        ).all()
        return Policy(
            id=row.id,
            title=row.title,
            description=row.description,
            owner=row.owner,
            review_on=row.review_on,
            status=PolicyStatus(row.status),
            created_at=row.created_at,
            dispute_ids=tuple(r.id for r in links),
            dispute_refs=tuple(r.reference for r in links),
        )

    @staticmethod
    def _new_code(s) -> str:
        while True:
            code = "GC-" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))
            if s.scalar(select(GestureRow.id).where(GestureRow.code == code)) is None:
                return code

    @staticmethod
    def _gesture_row(s, gesture_id: int) -> GestureRow:
        row = s.get(GestureRow, gesture_id)
        if row is None:
            raise NotFoundError(N_("This gesture does not exist (any more)."), field="gesture")
        return row

    @staticmethod
    def _gesture_record(s, row: GestureRow) -> Gesture:
        customer_id = s.scalar(
            select(DisputeRow.customer_id).where(DisputeRow.id == row.dispute_id)
        )
        return Gesture(
            id=row.id,
            dispute_id=row.dispute_id,
            customer_id=customer_id,
            kind=GestureKind(row.kind),
            value=Money(row.value_minor, row.currency),
            description=row.description,
            code=row.code,
            expires_on=row.expires_on,
            used_on=row.used_on,
            document_id=row.document_id,
            created_at=row.created_at,
        )

    @staticmethod
    def _review_row(s, review_id: int) -> ReviewRow:
        row = s.get(ReviewRow, review_id)
        if row is None:
            raise NotFoundError(N_("This review does not exist (any more)."), field="review")
        return row

    @staticmethod
    def _review_record(row: ReviewRow, customer: CustomerRow) -> Review:
        return Review(
            id=row.id,
            customer_id=row.customer_id,
            customer_name=_customer_name(customer),
            dispute_id=row.dispute_id,
            platform=row.platform,
            url=row.url,
            posted_on=row.posted_on,
            rating=row.rating,
            text=row.text,
            reply=row.reply,
            answered_on=row.answered_on,
            changed=row.changed,
            new_rating=row.new_rating,
            created_at=row.created_at,
        )
