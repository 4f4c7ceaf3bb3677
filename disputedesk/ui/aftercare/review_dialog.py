"""Logging a public review and following it up: a calm answer drafted from the templates
(French or English), copied to the clipboard, then whether it was answered and changed."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.aftercare import Review, ReviewDraft, ReviewTone
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _
from disputedesk.ui.aftercare.common import error_label, error_text, from_qdate, to_qdate
from disputedesk.ui.events import data_events

PLATFORMS = ("Google", "Facebook", "Tripadvisor", "Trustpilot", "PagesJaunes", "Avis Vérifiés")


def _stars(spin: QSpinBox) -> None:
    spin.setRange(0, 5)
    spin.setSpecialValueText(_("No mark"))


class ReviewDialog(QDialog):
    def __init__(
        self,
        services,
        dispute_id: int | None,
        customer_id: int,
        review: Review | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute_id = dispute_id
        self.customer_id = customer_id
        self.review = review
        self.setWindowTitle(_("Public review") if review is None else _("Follow up a review"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        box = QGroupBox(_("The review"))
        form = QFormLayout(box)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItems(PLATFORMS)
        form.addRow(_("&Platform:"), self.platform)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        form.addRow(_("&Link:"), self.url)
        self.posted_on = QDateEdit(to_qdate(date.today()))
        self.posted_on.setCalendarPopup(True)
        form.addRow(_("Posted &on:"), self.posted_on)
        self.rating = QSpinBox()
        _stars(self.rating)
        form.addRow(_("&Stars:"), self.rating)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(70)
        form.addRow(_("&Text:"), self.text)
        layout.addWidget(box)

        follow = QGroupBox(_("Our public answer"))
        v = QVBoxLayout(follow)
        row = QHBoxLayout()
        self.tone = QComboBox()
        for t in ReviewTone:
            self.tone.addItem(t.label, t.value)
        self.lang = QComboBox()
        self.lang.addItem(_("French"), "fr")
        self.lang.addItem(_("English"), "en")
        self.draft_button = QPushButton(_("&Draft an answer"))
        self.draft_button.clicked.connect(self._draft)
        self.copy_button = QPushButton(_("&Copy"))
        self.copy_button.clicked.connect(self._copy)
        for w in (QLabel(_("Situation:")), self.tone, self.lang, self.draft_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        v.addLayout(row)
        self.reply = QPlainTextEdit()
        self.reply.setTabChangesFocus(True)
        v.addWidget(self.reply)
        hint = QLabel(
            _(
                "Stay calm and brief; never give the customer's surname, amounts or details "
                "of the case in public."
            )
        )
        hint.setWordWrap(True)
        v.addWidget(hint)
        form = QFormLayout()
        self.answered = QCheckBox(_("Answered on"))
        self.answered_on = QDateEdit(to_qdate(date.today()))
        self.answered_on.setCalendarPopup(True)
        self.answered.toggled.connect(self.answered_on.setEnabled)
        self.answered_on.setEnabled(False)
        form.addRow(self.answered, self.answered_on)
        self.changed = QCheckBox(_("The review was changed or removed; new stars:"))
        self.new_rating = QSpinBox()
        _stars(self.new_rating)
        self.changed.toggled.connect(self.new_rating.setEnabled)
        self.new_rating.setEnabled(False)
        form.addRow(self.changed, self.new_rating)
        v.addLayout(form)
        layout.addWidget(follow)
        follow.setEnabled(review is not None)
        if review is None:
            follow.setTitle(_("Our public answer (after saving the review)"))

        self.message = error_label(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if review is not None:
            self._fill(review)

    def _fill(self, r: Review) -> None:
        self.platform.setEditText(r.platform)
        self.url.setText(r.url)
        self.posted_on.setDate(to_qdate(r.posted_on))
        self.rating.setValue(r.rating or 0)
        self.text.setPlainText(r.text)
        for w in (self.platform, self.url, self.posted_on, self.rating, self.text):
            w.setEnabled(False)  # what the customer wrote is not ours to edit
        self.reply.setPlainText(r.reply)
        self.answered.setChecked(r.answered_on is not None)
        if r.answered_on:
            self.answered_on.setDate(to_qdate(r.answered_on))
        self.changed.setChecked(r.changed)
        self.new_rating.setValue(r.new_rating or 0)
        lang = self.services.customers.get(r.customer_id).language
        self.lang.setCurrentIndex(max(0, self.lang.findData(lang)))

    def _draft(self) -> None:
        if self.review is None:
            return
        self.reply.setPlainText(
            self.services.aftercare.reply_draft(
                self.review.id, ReviewTone(self.tone.currentData()), self.lang.currentData()
            )
        )

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.reply.toPlainText())

    def save(self) -> None:
        try:
            if self.review is None:
                self.review = self.services.aftercare.add_review(
                    ReviewDraft(
                        customer_id=self.customer_id,
                        dispute_id=self.dispute_id,
                        platform=self.platform.currentText(),
                        url=self.url.text(),
                        posted_on=from_qdate(self.posted_on.date()),
                        rating=self.rating.value() or None,
                        text=self.text.toPlainText(),
                    )
                )
            else:
                self.review = self.services.aftercare.update_review(
                    self.review.id,
                    reply=self.reply.toPlainText(),
                    answered_on=from_qdate(self.answered_on.date())
                    if self.answered.isChecked()
                    else None,
                    changed=self.changed.isChecked(),
                    new_rating=self.new_rating.value() or None,
                )
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        data_events().changed.emit("dispute", self.dispute_id or 0)
        self.accept()


def open_review_dialog(parent, services, dispute_id: int, review: Review | None = None) -> bool:
    customer_id = services.disputes.get(dispute_id).customer_id
    dlg = ReviewDialog(services, dispute_id, customer_id, review, parent)
    return dlg.exec() == QDialog.DialogCode.Accepted
