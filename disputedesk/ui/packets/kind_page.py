"""Wizard page 1: the kind of packet, the recipient, and what the law asks for that kind."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from disputedesk.domain.packets import (
    AmicableBasis,
    Claimant,
    PacketFlow,
    PacketKind,
    Recipient,
    Step,
    written_complaints,
)
from disputedesk.i18n import _
from disputedesk.ui.packets.formats import short_date
from disputedesk.ui.packets.issues_label import IssuesLabel

KIND_HELP = {
    PacketKind.MEDIATION: lambda: _(
        "For a customer's complaint: the consumer mediator your shop adheres to (free for the "
        "consumer), or a mediator you name for a professional customer."
    ),
    PacketKind.CONCILIATION: lambda: _(
        "A conciliateur de justice: free, and the last amicable step before the Tribunal "
        "judiciaire. The summary gives what the request form (Cerfa 15728*02) asks."
    ),
    PacketKind.PROOF: lambda: _(
        "The file a court expects before a claim of up to 5,000 € (Code de procédure civile "
        "art. 750-1), or the full case file for a lawyer."
    ),
}


class KindPage(QWizardPage):
    def __init__(self, flow: PacketFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(_("Kind of packet and recipient"))
        layout = QVBoxLayout(self)
        self._kinds = QButtonGroup(self)
        for i, kind in enumerate(PacketKind):
            radio = QRadioButton(kind.label)
            radio.setObjectName(f"kind_{kind.value}")
            radio.setToolTip(KIND_HELP[kind]())
            self._kinds.addButton(radio, i)
            layout.addWidget(radio)
            hint = QLabel(KIND_HELP[kind]())
            hint.setWordWrap(True)
            hint.setIndent(24)
            layout.addWidget(hint)
        form = self._form = QFormLayout()
        self.claimant = QComboBox()
        self.claimant.addItem(_("The customer complains about the shop"), Claimant.CUSTOMER)
        self.claimant.addItem(_("The shop claims something from the customer"), Claimant.SHOP)
        form.addRow(_("Who claims"), self.claimant)
        self.language = QComboBox()
        self.language.addItem(_("French"), "fr")
        self.language.addItem(_("English"), "en")
        form.addRow(_("Language of the packet"), self.language)
        self.name = QLineEdit()
        self.name.setObjectName("recipient_name")
        form.addRow(_("Recipient"), self.name)
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(64)
        form.addRow(_("Recipient's address"), self.address)
        self.complaint = QComboBox()
        self.complaint.setObjectName("complaint")
        form.addRow(_("Prior written complaint"), self.complaint)
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        self.basis.addItem(_("(choose)"), None)
        for b in AmicableBasis:
            self.basis.addItem(b.label, b)
        form.addRow(_("Amicable attempt or exemption"), self.basis)
        self.details = QPlainTextEdit()
        self.details.setObjectName("basis_details")
        self.details.setFixedHeight(64)
        form.addRow(_("Facts justifying the exemption"), self.details)
        self.seized_known = QCheckBox(_("Conciliateur asked for a meeting on"))
        self.seized = QDateEdit()
        self.seized.setCalendarPopup(True)
        form.addRow(self.seized_known, self.seized)
        layout.addLayout(form)
        self.issues = IssuesLabel()
        layout.addWidget(self.issues)
        # L611-3: the shop's own claim against a consumer goes to a conciliateur instead.
        self.to_conciliation = QPushButton(_("Ask a conciliateur de justice instead"))
        self.to_conciliation.setObjectName("to_conciliation")
        self.to_conciliation.clicked.connect(self._on_to_conciliation_clicked)
        layout.addWidget(self.to_conciliation)
        layout.addStretch(1)
        self._loading = False
        self._load()
        self._kinds.idToggled.connect(self._on_kinds_toggled)
        self.complaint.currentIndexChanged.connect(self._on_complaint_changed)
        for signal in (
            self.claimant.currentIndexChanged,
            self.language.currentIndexChanged,
            self.basis.currentIndexChanged,
            self.name.textChanged,
            self.address.textChanged,
            self.details.textChanged,
            self.seized.dateChanged,
            self.seized_known.toggled,
        ):
            signal.connect(self._on_field_changed)

    def _load(self) -> None:
        self._loading = True
        f = self.flow
        self._kinds.button(list(PacketKind).index(f.kind)).setChecked(True)
        self.claimant.setCurrentIndex(self.claimant.findData(f.claimant))
        self.language.setCurrentIndex(max(0, self.language.findData(f.language)))
        self.name.setText(f.recipient.name)
        self.address.setPlainText(f.recipient.address)
        self.complaint.clear()
        self.complaint.addItem(_("(none)"), None)
        for e in written_complaints(f.context.entries):
            text = (
                f"{short_date(e.occurred_at.astimezone().date())} — {e.channel.label} — {e.summary}"
            )
            self.complaint.addItem(text, e.id)
        self.complaint.setCurrentIndex(max(0, self.complaint.findData(f.complaint_entry_id)))
        self.basis.setCurrentIndex(max(0, self.basis.findData(f.basis)))
        self.seized.setDate(QDate.currentDate())
        self._loading = False
        self._refresh()

    def _on_kinds_toggled(self, button_id: int, checked: bool) -> None:
        if not checked or self._loading:
            return
        self.flow.set_kind(list(PacketKind)[button_id])
        self._loading = True
        self.name.setText(self.flow.recipient.name)
        self.address.setPlainText(self.flow.recipient.address)
        self._loading = False
        self._refresh()

    def _on_complaint_changed(self, _index: int) -> None:
        if not self._loading:
            self.flow.set_complaint(self.complaint.currentData())
            self._refresh()

    def _on_to_conciliation_clicked(self) -> None:
        self._kinds.button(list(PacketKind).index(PacketKind.CONCILIATION)).setChecked(True)

    def _on_field_changed(self, *_args) -> None:
        if self._loading:
            return
        f = self.flow
        f.set_claimant(self.claimant.currentData())
        f.language = self.language.currentData()
        f.recipient = Recipient(self.name.text(), self.address.toPlainText(), f.recipient.website)
        f.basis = self.basis.currentData()
        f.basis_details = self.details.toPlainText()
        f.conciliator_seized_on = (
            self.seized.date().toPython() if self.seized_known.isChecked() else None
        )
        self._refresh()

    def _refresh(self) -> None:
        f = self.flow
        consumer_mediation = f.consumer_mediation
        proof = f.kind is PacketKind.PROOF
        # Only the fields the chosen kind needs are shown.
        self._form.setRowVisible(self.complaint, consumer_mediation)
        for w in (self.basis, self.details, self.seized):
            self._form.setRowVisible(w, proof)
        self.to_conciliation.setVisible(
            f.kind is PacketKind.MEDIATION and not f.mediation_allowed()
        )
        self.issues.show_issues(f.issues(Step.KIND))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.flow.errors(Step.KIND)
