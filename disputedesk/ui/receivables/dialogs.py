"""Small forms of the receivables page: payment, reason (disputed / pause), late-payment
terms. Each keeps what was typed when a save fails (save_or_keep_open) and shows a refused
value next to its field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import ValidationError
from disputedesk.domain.rates import format_rate, parse_rate_bp
from disputedesk.i18n import _, current_language
from disputedesk.services.receivables_service import ReceivableLine
from disputedesk.ui.disputes.formats import money, money_input, parse_amount
from disputedesk.ui.events import data_events
from disputedesk.ui.safety.save_guard import save_or_keep_open


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #d32f2f")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def show_error(self, err: ValidationError) -> None:
        self.error.setText(str(err))
        self.error.show()

    def save(self) -> None:  # overridden
        raise NotImplementedError

    def accept(self) -> None:
        try:
            save_or_keep_open(self, self.save)
        except ValidationError as err:
            self.show_error(err)


class PaymentDialog(_Form):
    """Record a payment: amount prefilled with the balance, date today."""

    def __init__(self, services, line: ReceivableLine, today: date, parent=None) -> None:
        super().__init__(_("Payment of invoice {number}").format(number=line.number), parent)
        self._services = services
        self._line = line
        self.amount = QLineEdit(money_input(line.balance))
        self.amount.setAccessibleName(_("Amount received"))
        self.paid_on = date_edit(today)
        self.method = QLineEdit()
        self.method.setPlaceholderText(_("transfer, cheque, card…"))
        self.form.addRow(_("Balance due:"), QLabel(money(line.balance)))
        self.form.addRow(_("&Amount received:"), self.amount)
        self.form.addRow(_("&Received on:"), self.paid_on)
        self.form.addRow(_("&Method:"), self.method)

    def save(self) -> None:
        amount = parse_amount(self.amount.text(), self._line.balance.currency)
        self._services.receivables.record_payment(
            self._line.invoice_id,
            amount,
            from_qdate(self.paid_on.date()),
            method=self.method.text(),
        )
        data_events().changed.emit("invoice", self._line.invoice_id)


class ReasonDialog(_Form):
    """A reason (disputed invoice, pause) and, for a promise, the date it resumes after."""

    def __init__(self, title: str, prompt: str, *, with_date: bool, today: date, parent=None):
        super().__init__(title, parent)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(prompt)
        self.reason.setMinimumHeight(80)
        self.form.addRow(prompt, self.reason)
        self.until_check = QCheckBox(_("Resume by itself after the promised date"))
        self.until = date_edit(today)
        self.until.setEnabled(False)
        self.until_check.toggled.connect(self.until.setEnabled)
        if with_date:
            self.form.addRow(self.until_check)
            self.form.addRow(_("Promised date:"), self.until)
        else:
            self.until_check.hide()
            self.until.hide()
        self.on_save = None  # callable(reason, until)

    def save(self) -> None:
        until = from_qdate(self.until.date()) if self.until_check.isChecked() else None
        self.on_save(self.reason.toPlainText(), until)


class TermsDialog(_Form):
    """Contract penalty rate (professional debtor), formal notice received outside the app,
    judgment enforceable date (the +5 points after two months)."""

    def __init__(self, services, line: ReceivableLine, parent=None) -> None:
        super().__init__(
            _("Late-payment terms of invoice {number}").format(number=line.number), parent
        )
        self._services = services
        self._line = line
        terms = services.receivables.terms(line.invoice_id)
        lang = current_language()
        self.rate = QLineEdit(
            format_rate(terms.contract_rate_bp, lang).replace("\u00a0%", "").replace("%", "")
            if terms.contract_rate_bp is not None
            else ""
        )
        self.rate.setPlaceholderText(_("empty: ECB rate + 10 points"))
        self.notice_check = QCheckBox(_("Formal notice received on (sent outside DisputeDesk):"))
        self.notice = date_edit(terms.notice_received_on or line.due_date)
        self.notice_check.setChecked(terms.notice_received_on is not None)
        self.judgment_check = QCheckBox(_("Court decision enforceable since:"))
        self.judgment = date_edit(terms.judgment_enforceable_on or line.due_date)
        self.judgment_check.setChecked(terms.judgment_enforceable_on is not None)
        if line.debtor_is_professional:
            self.form.addRow(_("Penalty rate in your terms of sale (%):"), self.rate)
            self.form.addRow(
                QLabel(
                    _(
                        "Never less than 3 times the legal interest rate (Code de commerce "
                        "L441-10); a lower rate is raised to it."
                    )
                )
            )
        else:
            self.rate.hide()
            self.form.addRow(
                QLabel(
                    _(
                        "A consumer owes interest at the legal rate from the formal notice, "
                        "and no recovery fee."
                    )
                )
            )
        self.form.addRow(self.notice_check, self.notice)
        if terms.notice_from_letters:
            self.form.addRow(
                QLabel(
                    _("Formal notice issued in DisputeDesk received on {date}.").format(
                        date=terms.notice_from_letters.strftime("%d/%m/%Y")
                    )
                )
            )
        self.form.addRow(self.judgment_check, self.judgment)

    def save(self) -> None:
        text = self.rate.text().strip()
        rate = parse_rate_bp(text) if text and self._line.debtor_is_professional else None
        self._services.receivables.set_terms(
            self._line.invoice_id,
            contract_rate_bp=rate,
            notice_received_on=from_qdate(self.notice.date())
            if self.notice_check.isChecked()
            else None,
            judgment_enforceable_on=from_qdate(self.judgment.date())
            if self.judgment_check.isChecked()
            else None,
        )
        data_events().changed.emit("invoice", self._line.invoice_id)
