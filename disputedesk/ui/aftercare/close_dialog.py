"""Closing a dispute properly (outcome, amounts, fault, root cause, lesson, policy change,
satisfaction) and reopening a closed one with its reason.

A save that fails leaves the dialog open with everything typed and the message next to the
field at fault."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.aftercare import ClosureDraft, PolicyDraft
from disputedesk.domain.enums import DisputeStage, Outcome
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.i18n import _, ngettext
from disputedesk.ui.aftercare.common import (
    error_label,
    error_text,
    from_qdate,
    parse_money,
    to_qdate,
)
from disputedesk.ui.events import data_events

NEW_POLICY = -1


class CloseDisputeDialog(QDialog):
    def __init__(
        self,
        services,
        dispute_id: int,
        parent: QWidget | None = None,
        *,
        abandoned: bool = False,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute = services.disputes.get(dispute_id)
        self.setWindowTitle(_("Close dispute {reference}").format(reference=self.dispute.reference))
        self.setMinimumWidth(620)
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)

        result = QGroupBox(_("Result"))
        form = QFormLayout(result)
        self.outcome = QComboBox()
        for o in Outcome:
            self.outcome.addItem(o.label, o.value)
        if self.dispute.outcome is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(self.dispute.outcome.value))
        self._row(form, _("&Outcome:"), self.outcome, "outcome")
        self.abandoned = QCheckBox(_("Closed without agreement (abandoned)"))
        self.abandoned.setChecked(abandoned)
        form.addRow("", self.abandoned)
        cur = self.dispute.amount.currency
        self.refunded = QLineEdit()
        self.refunded.setPlaceholderText(_("paid back to the customer; 0 if nothing"))
        self._row(
            form,
            _("Amount &refunded ({currency}):").format(currency=cur),
            self.refunded,
            "refunded",
        )
        self.recovered = QLineEdit()
        self.recovered.setPlaceholderText(_("paid by the customer to the shop; 0 if nothing"))
        self._row(
            form,
            _("Amount r&ecovered ({currency}):").format(currency=cur),
            self.recovered,
            "recovered",
        )
        layout.addWidget(result)

        learn = QGroupBox(_("What we learn"))
        form = QFormLayout(learn)
        self.fault = QComboBox()
        self.fault.addItem(_("Not decided"), None)
        self.fault.addItem(_("Yes, the shop was at fault"), True)
        self.fault.addItem(_("No, the shop was not at fault"), False)
        if self.dispute.shop_at_fault is not None:
            self.fault.setCurrentIndex(1 if self.dispute.shop_at_fault else 2)
        self._row(form, _("Shop at &fault:"), self.fault, "shop_at_fault")
        self.root_cause = QComboBox()
        self.root_cause.setEditable(True)
        self.root_cause.addItem("", "")
        for value, label in services.aftercare.root_causes():
            self.root_cause.addItem(label, value)
        self.root_cause.lineEdit().setPlaceholderText(_("Choose, or type a new cause"))
        if self.dispute.root_cause:
            i = self.root_cause.findData(self.dispute.root_cause)
            if i >= 0:
                self.root_cause.setCurrentIndex(i)
            else:
                self.root_cause.setEditText(self.dispute.root_cause)
        self._row(form, _("Root &cause:"), self.root_cause, "root_cause")
        self.lesson = QPlainTextEdit(self.dispute.lessons_learned)
        self.lesson.setTabChangesFocus(True)
        self.lesson.setFixedHeight(60)
        self._row(form, _("&Lesson learned:"), self.lesson, "lesson")
        layout.addWidget(learn)

        pol = QGroupBox(_("Policy change"))
        form = QFormLayout(pol)
        self.policy = QComboBox()
        self.policy.addItem(_("No policy change"), None)
        self.policy.addItem(_("A new policy change…"), NEW_POLICY)
        for p in services.aftercare.policies():
            self.policy.addItem(_("Existing: {title}").format(title=p.title), p.id)
        self._row(form, _("&Decision:"), self.policy, "policy")
        self.policy_title = QLineEdit()
        self._row(form, _("What changes:"), self.policy_title, "policy_title")
        self.policy_owner = QLineEdit()
        self._row(form, _("Who is in charge:"), self.policy_owner, "policy_owner")
        self.policy_review = QDateEdit(to_qdate(date.today() + timedelta(days=91)))
        self.policy_review.setCalendarPopup(True)
        self._row(form, _("Review on:"), self.policy_review, "policy_review_on")
        self.policy.currentIndexChanged.connect(self._sync_policy)
        layout.addWidget(pol)

        sat = QGroupBox(_("Customer satisfaction (if known)"))
        form = QFormLayout(sat)
        self.satisfaction = QSpinBox()
        self.satisfaction.setRange(0, 5)
        self.satisfaction.setSpecialValueText(_("Not known"))
        self._row(form, _("&Mark (1 to 5):"), self.satisfaction, "satisfaction")
        self.satisfaction_word = QLineEdit()
        self.satisfaction_word.setPlaceholderText(_("e.g. relieved, still annoyed"))
        self._row(form, _("In a &word:"), self.satisfaction_word, "satisfaction_word")
        layout.addWidget(sat)

        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Optional note for the stage history"))
        layout.addWidget(self.note)
        open_tasks = len(services.tasks.list(dispute_id=dispute_id, open_only=True))
        self.finish_tasks = QCheckBox(
            ngettext(
                "Mark its {count} open reminder as done",
                "Mark its {count} open reminders and deadlines as done",
                open_tasks,
            ).format(count=open_tasks)
        )
        self.finish_tasks.setChecked(True)
        self.finish_tasks.setVisible(open_tasks > 0)
        layout.addWidget(self.finish_tasks)
        self.message = error_label(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Close the dispute"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._sync_policy()

    def _row(self, form: QFormLayout, text: str, widget: QWidget, field: str) -> None:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(widget)
        err = error_label(box)
        v.addWidget(err)
        self.errors[field] = err
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, box)

    def _sync_policy(self) -> None:
        new = self.policy.currentData() == NEW_POLICY
        for w in (self.policy_title, self.policy_owner, self.policy_review):
            w.setEnabled(new)

    def _clear(self) -> None:
        for label in (*self.errors.values(), self.message):
            label.clear()
            label.setVisible(False)

    def _show(self, exc: object) -> None:
        field = getattr(exc, "field", None)
        label = self.errors.get(field or "", self.message)
        if field == "amount":  # Money.parse names its field "amount"
            label = self.message
        label.setText(error_text(exc))
        label.setVisible(True)

    def _root_cause_value(self) -> str:
        text = self.root_cause.currentText().strip()
        i = self.root_cause.findText(text)
        if i >= 0:
            return self.root_cause.itemData(i) or ""
        return text

    def draft(self) -> ClosureDraft:
        cur = self.dispute.amount.currency
        try:
            refunded = parse_money(self.refunded.text(), cur)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="refunded", **exc.params) from exc
        try:
            recovered = parse_money(self.recovered.text(), cur)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="recovered", **exc.params) from exc
        new_policy = None
        policy_id = self.policy.currentData()
        if policy_id == NEW_POLICY:
            new_policy = PolicyDraft(
                title=self.policy_title.text(),
                owner=self.policy_owner.text(),
                review_on=from_qdate(self.policy_review.date()),
            )
            policy_id = None
        return ClosureDraft(
            outcome=Outcome(self.outcome.currentData()),
            refunded=refunded,
            recovered=recovered,
            shop_at_fault=self.fault.currentData(),
            root_cause=self._root_cause_value(),
            lesson=self.lesson.toPlainText(),
            abandoned=self.abandoned.isChecked(),
            new_policy=new_policy,
            policy_id=policy_id,
            note=self.note.text(),
            finish_tasks=self.finish_tasks.isChecked(),
        )

    def save(self) -> None:
        self._clear()
        try:
            draft = self.draft()
            if draft.root_cause and draft.root_cause not in {
                v for v, _label in self.services.aftercare.root_causes()
            }:
                draft = ClosureDraft(
                    **{
                        **{f: getattr(draft, f) for f in draft.__dataclass_fields__},
                        "root_cause": self.services.aftercare.add_root_cause(draft.root_cause),
                    }
                )
            self.services.aftercare.close(self.dispute.id, draft)
            if self.satisfaction.value():
                self.services.aftercare.set_satisfaction(
                    self.dispute.id, self.satisfaction.value(), self.satisfaction_word.text()
                )
        except (DisputeDeskError, OSError) as exc:
            self._show(exc)
            return
        data_events().changed.emit("dispute", self.dispute.id)
        self.accept()


class ReopenDialog(QDialog):
    def __init__(self, services, dispute_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute = services.disputes.get(dispute_id)
        self.setWindowTitle(
            _("Reopen dispute {reference}").format(reference=self.dispute.reference)
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.stage = QComboBox()
        before = services.aftercare.stage_before_closing(dispute_id)
        for st in DisputeStage:
            if not st.is_closed:
                self.stage.addItem(st.label, st.value)
        if before is not None:
            self.stage.setCurrentIndex(self.stage.findData(before.value))
        form.addRow(_("Back to the &stage:"), self.stage)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Why is the dispute reopened? (kept in its history)"))
        form.addRow(_("&Reason:"), self.reason)
        layout.addLayout(form)
        self.message = error_label(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reopen"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.services.aftercare.reopen(
                self.dispute.id,
                self.reason.toPlainText(),
                target=DisputeStage(self.stage.currentData()),
            )
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        data_events().changed.emit("dispute", self.dispute.id)
        self.accept()


def open_close_dialog(parent, services, dispute_id: int, *, abandoned: bool = False) -> bool:
    """The "close_dispute" action: close an open dispute (`abandoned` ticks "closed without
    agreement" in advance), or offer to reopen a closed one."""
    dispute = services.disputes.get(dispute_id)
    if dispute.stage.is_closed:
        dialog = ReopenDialog(services, dispute_id, parent)
    else:
        dialog = CloseDisputeDialog(services, dispute_id, parent, abandoned=abandoned)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
