"""The "Policies" section: the shop's own "what we learned" page. Every policy change decided
across disputes, its status (proposed, adopted, reviewed), owner, review date and the disputes
that led to it; edited in place; exported as a PDF for the staff (rendered off the GUI
thread)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.aftercare import Policy, PolicyDraft, PolicyStatus
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, current_language, pgettext
from disputedesk.ui.aftercare.common import (
    date_text,
    error_label,
    error_text,
    from_qdate,
    to_qdate,
)
from disputedesk.ui.aftercare.gesture_dialog import save_copy
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


class PoliciesSection(QWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.policies: list[Policy] = []
        self.current: Policy | None = None
        self.pdf_loader = BackgroundLoader(self)
        self.pdf_loader.sig_loaded.connect(self._on_pdf)
        self.pdf_loader.sig_failed.connect(self._on_pdf_failed)
        layout = QVBoxLayout(self)
        title = QLabel(_("What we learned: our policy changes"))
        title.setStyleSheet("font-size: 16px; font-weight: bold")
        layout.addWidget(title)
        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.addItem(_("All statuses"), None)
        for s in PolicyStatus:
            self.filter.addItem(s.label, s.value)
        self.filter.currentIndexChanged.connect(self.reload)
        bar.addWidget(QLabel(_("Show:")))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.new_button = QPushButton(_("New policy change"))
        self.new_button.clicked.connect(self._new)
        self.export_button = QPushButton(_("Export as PDF…"))
        self.export_button.clicked.connect(self._export)
        bar.addWidget(self.new_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                _("Policy change"),
                pgettext("policy", "Status"),
                _("In charge"),
                _("Review on"),
                _("Disputes"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(480)
        self.table.currentCellChanged.connect(lambda *_a: self._show_selected())
        split.addWidget(self.table)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        form = QFormLayout()
        editor_layout.addLayout(form)
        editor_layout.addStretch(1)
        self.title = QLineEdit()
        form.addRow(_("&What changes:"), self.title)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(140)
        form.addRow(_("&Details:"), self.description)
        self.owner = QLineEdit()
        form.addRow(_("&In charge:"), self.owner)
        self.has_review = QCheckBox(_("Review on"))
        self.review_on = QDateEdit(to_qdate(date.today()))
        self.review_on.setCalendarPopup(True)
        self.has_review.toggled.connect(self.review_on.setEnabled)
        form.addRow(self.has_review, self.review_on)
        self.status = QComboBox()
        for s in PolicyStatus:
            self.status.addItem(s.label, s.value)
        form.addRow(_("&Status:"), self.status)
        self.disputes = QLabel()
        self.disputes.setWordWrap(True)
        self.disputes.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.disputes.linkActivated.connect(self._open_dispute)
        form.addRow(_("Disputes behind it:"), self.disputes)
        self.message = error_label(editor)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.clicked.connect(self._delete)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        layout.addWidget(split, 1)
        self.empty = QLabel(
            _(
                "No policy change yet. When you close a dispute, say what the shop will do "
                "differently: it appears here."
            )
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        # A bound slot, not a lambda: Qt drops the connection when this widget is destroyed.
        data_events().changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, _kind: str, _ident: int) -> None:
        self.reload()

    def reload(self) -> None:
        status = self.filter.currentData()
        try:
            self.policies = self.services.aftercare.policies(
                status=PolicyStatus(status) if status else None
            )
        except DisputeDeskError as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        keep = self.current.id if self.current else None
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.policies))
        today = date.today()
        for r, p in enumerate(self.policies):
            review = date_text(p.review_on)
            if p.review_due(today):
                review = _("{date} (due)").format(date=review)
            for c, text in enumerate(
                [p.title, p.status.label, p.owner, review, ", ".join(p.dispute_refs)]
            ):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.empty.setVisible(not self.policies)
        row = next((i for i, p in enumerate(self.policies) if p.id == keep), 0)
        if self.policies:
            self.table.selectRow(row)
            self._show(self.policies[row])
        else:
            self._show(None)

    def _show_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.policies):
            self._show(self.policies[row])

    def _show(self, p: Policy | None) -> None:
        self.current = p
        self.message.setVisible(False)
        self.title.setText(p.title if p else "")
        self.description.setPlainText(p.description if p else "")
        self.owner.setText(p.owner if p else "")
        self.has_review.setChecked(bool(p and p.review_on))
        self.review_on.setEnabled(bool(p and p.review_on))
        if p and p.review_on:
            self.review_on.setDate(to_qdate(p.review_on))
        self.status.setCurrentIndex(
            self.status.findData(p.status.value if p else PolicyStatus.PROPOSED.value)
        )
        links = (
            [
                f'<a href="{i}">{ref}</a>'
                for i, ref in zip(p.dispute_ids, p.dispute_refs, strict=True)
            ]
            if p
            else []
        )
        self.disputes.setText(", ".join(links) or "—")
        self.delete_button.setEnabled(p is not None)

    def _draft(self) -> PolicyDraft:
        return PolicyDraft(
            title=self.title.text(),
            description=self.description.toPlainText(),
            owner=self.owner.text(),
            review_on=from_qdate(self.review_on.date()) if self.has_review.isChecked() else None,
        )

    def save(self) -> None:
        self.message.setVisible(False)
        try:
            if self.current is None:
                self.current = self.services.aftercare.add_policy(self._draft())
                if self.status.currentData() != PolicyStatus.PROPOSED.value:
                    self.current = self.services.aftercare.update_policy(
                        self.current.id, self._draft(), PolicyStatus(self.status.currentData())
                    )
            else:
                self.current = self.services.aftercare.update_policy(
                    self.current.id, self._draft(), PolicyStatus(self.status.currentData())
                )
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        data_events().changed.emit("policy", self.current.id)

    def _new(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.title.setFocus()

    def _delete(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self,
            _("Delete policy change"),
            _("Delete “{title}”? The disputes stay as they are.").format(title=self.current.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.aftercare.delete_policy(self.current.id)
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        self.current = None
        data_events().changed.emit("policy", 0)

    def _open_dispute(self, href: str) -> None:
        data_events().open_requested.emit("dispute", int(href))

    def _export(self) -> None:
        if self.pdf_loader.busy:
            return
        self.export_button.setEnabled(False)
        services, lang = self.services, current_language()
        self.pdf_loader.load(lambda: services.aftercare.policy_pdf(lang=lang))

    def _on_pdf(self, data: bytes) -> None:
        self.export_button.setEnabled(True)
        try:
            save_copy(self, _("policy-register.pdf"), data)
        except OSError as exc:
            QMessageBox.warning(self, _("Export as PDF"), error_text(exc))

    def _on_pdf_failed(self, exc) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, _("Export as PDF"), error_text(exc))
