"""Wizard page 2: what the letter needs besides the dispute's facts (deadline, invoices,
solution, reasons, registered mail, language). Leaving the page composes the text."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.letters import LetterInputs, LetterKind, Remedy, remedy_label
from disputedesk.i18n import _
from disputedesk.ui.disputes.form_support import error_label, error_text

REMEDY_KINDS = (LetterKind.PROPOSAL, LetterKind.APOLOGY, LetterKind.AGREEMENT)
EXPLANATION_KINDS = (
    LetterKind.PROPOSAL,
    LetterKind.APOLOGY,
    LetterKind.REFUSAL,
    LetterKind.NOTICE_TO_PERFORM,
)
DETAILS_KINDS = (*REMEDY_KINDS, LetterKind.NOTICE_TO_PERFORM)
INVOICE_ROLE = Qt.ItemDataRole.UserRole + 1


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class DetailsPage(QWizardPage):
    def __init__(self, wizard_state) -> None:
        super().__init__()
        self.state = wizard_state  # the wizard: service, dispute, customer, compose()
        self.setTitle(_("Details of the letter"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.deadline = QDateEdit()
        self.deadline.setObjectName("deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.registered = QCheckBox(_("Send by registered letter with acknowledgement of receipt"))
        self.registered.setObjectName("registered")
        self.invoices = QListWidget()
        self.invoices.setObjectName("invoices")
        self.invoices.setMaximumHeight(110)
        self.remedy_boxes: dict[Remedy, QCheckBox] = {}
        remedies = QWidget()
        grid = QGridLayout(remedies)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, remedy in enumerate(Remedy):
            box = QCheckBox(remedy_label(remedy))
            box.setObjectName(f"remedy_{remedy.value}")
            self.remedy_boxes[remedy] = box
            grid.addWidget(box, i // 3, i % 3)
        self.remedies = remedies
        self.details = QPlainTextEdit()
        self.details.setObjectName("details")
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(90)
        self.explanation = QPlainTextEdit()
        self.explanation.setObjectName("explanation")
        self.explanation.setTabChangesFocus(True)
        self.error = error_label()
        self.error.setObjectName("error")
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.form = form
        form.addRow(_("Language of the letter:"), self.language)
        self._deadline_label = QLabel(_("Deadline given:"))
        form.addRow(self._deadline_label, self.deadline)
        form.addRow("", self.registered)
        self._invoices_label = QLabel(_("Invoices claimed:"))
        form.addRow(self._invoices_label, self.invoices)
        self._remedies_label = QLabel(_("Solution:"))
        form.addRow(self._remedies_label, self.remedies)
        self._details_label = QLabel()
        form.addRow(self._details_label, self.details)
        self._explanation_label = QLabel()
        form.addRow(self._explanation_label, self.explanation)
        form.addRow(self.error)

    def initializePage(self) -> None:
        kind: LetterKind = self.state.kind
        self.error.setVisible(False)
        index = self.language.findData(self.state.language_default)
        self.language.setCurrentIndex(max(index, 0))
        days = kind.default_days
        show_deadline = days is not None
        self.form.setRowVisible(self.deadline, show_deadline)
        today = date.today()
        self.deadline.setMinimumDate(_qdate(today + timedelta(days=1)))
        if show_deadline:
            self.deadline.setDate(_qdate(today + timedelta(days=days)))
        self.registered.setChecked(kind.registered_by_default)
        payment = kind.is_payment
        self.form.setRowVisible(self.invoices, payment)
        self.invoices.clear()
        if payment:
            for inv in self.state.unpaid_invoices():
                item = QListWidgetItem(
                    _("{number} of {date}: {balance} unpaid").format(
                        number=inv.number,
                        date=inv.issue_date.strftime("%d/%m/%Y"),
                        balance=inv.balance.format(),
                    )
                )
                item.setData(INVOICE_ROLE, inv.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.invoices.addItem(item)
        show_remedies = kind in REMEDY_KINDS
        self.form.setRowVisible(self.remedies, show_remedies)
        show_details = kind in DETAILS_KINDS
        self.form.setRowVisible(self.details, show_details)
        self._details_label.setText(
            {
                LetterKind.NOTICE_TO_PERFORM: _("Obligation to perform:"),
                LetterKind.AGREEMENT: _("What each side does:"),
            }.get(kind, _("Details of the solution:"))
        )
        show_expl = kind in EXPLANATION_KINDS
        self.form.setRowVisible(self.explanation, show_expl)
        self._explanation_label.setText(
            _("Your reasons:") if kind is LetterKind.REFUSAL else _("Your explanation:")
        )

    def inputs(self) -> LetterInputs:
        kind: LetterKind = self.state.kind
        invoice_ids = None
        if kind.is_payment:
            invoice_ids = tuple(
                self.invoices.item(i).data(INVOICE_ROLE)
                for i in range(self.invoices.count())
                if self.invoices.item(i).checkState() == Qt.CheckState.Checked
            )
        deadline = None
        if kind.default_days is not None:
            deadline = self.deadline.date().toPython()
        return LetterInputs(
            kind=kind,
            language=self.language.currentData(),
            deadline=deadline,
            invoice_ids=invoice_ids,
            registered=self.registered.isChecked(),
            remedies=tuple(r for r, box in self.remedy_boxes.items() if box.isChecked())
            if kind in REMEDY_KINDS
            else (),
            remedy_details=self.details.toPlainText() if kind in DETAILS_KINDS else "",
            explanation=self.explanation.toPlainText() if kind in EXPLANATION_KINDS else "",
        )

    def validatePage(self) -> bool:
        try:
            self.state.compose(self.inputs())
        except DisputeDeskError as err:
            self.error.setText(error_text(err))
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        return True
