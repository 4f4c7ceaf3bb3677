"""The Overview tab of the dispute page: facts, amount at stake, the customer's request, the
stage with its allowed next stages, outcome and lessons learned.

The facts are edited in place and saved with Ctrl+S (validated by the service; a refused
field is named next to itself, a failed save keeps everything typed). Reads and writes run off
the GUI thread; the tab reloads when data changes, without overwriting unsaved edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.enums import DisputeCategory, Outcome
from disputedesk.domain.errors import DisputeDeskError, ValidationError
from disputedesk.domain.records import Dispute, StageChange
from disputedesk.domain.stages import allowed_next
from disputedesk.i18n import _
from disputedesk.services.dispute_service import DisputeFacts
from disputedesk.ui.disputes.form_support import (
    FieldErrors,
    current_enum,
    error_label,
    error_text,
)
from disputedesk.ui.disputes.formats import money, money_input, parse_amount, short_moment
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


@dataclass(frozen=True)
class _Loaded:
    dispute: Dispute
    customer_name: str
    history: list[StageChange]


def _text_box(name: str, height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(height + 24)
    return box


class OverviewPanel(QWidget):
    """`show_dispute(id | None)`; `save()`; `has_unsaved_changes()`."""

    def __init__(self, services, parent=None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._services = services
        self._dispute_id: int | None = None
        self.dispute: Dispute | None = None
        self._dirty = False
        self._filling = False

        self.loader = BackgroundLoader(self, synchronous=synchronous)
        self.loader.sig_loaded.connect(self._on_loader_loaded)
        self.loader.sig_failed.connect(self._on_loader_failed)
        self.writer = BackgroundLoader(self, synchronous=synchronous)
        self.writer.sig_loaded.connect(self._on_writer_loaded)
        self.writer.sig_failed.connect(self._on_writer_failed)
        self._reload_timer = QTimer(self, singleShot=True, interval=120)
        self._reload_timer.timeout.connect(self.reload)

        # --- header and stage ---
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_link = QLabel()
        self.customer_link.setTextFormat(Qt.TextFormat.RichText)
        self.customer_link.linkActivated.connect(self._on_customer_link_activated)
        self.customer_link.setAccessibleName(_("Customer"))
        self.amount_label = QLabel()
        self.amount_label.setStyleSheet("font-size: 13pt; font-weight: 600")
        self.amount_label.setAccessibleName(_("Amount at stake"))
        self.stage_label = QLabel()
        self.stage_label.setAccessibleName(_("Stage"))
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setAccessibleName(_("Allowed next stages"))
        self.stage_button = QPushButton(_("Change the &stage…"))
        self.stage_button.clicked.connect(self.change_stage)
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.history_label.setAccessibleName(_("Stage history"))
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        stage_box = QGroupBox(_("Stage"))
        sb = QVBoxLayout(stage_box)
        row = QHBoxLayout()
        row.addWidget(self.stage_label, 1)
        row.addWidget(self.stage_button)
        sb.addLayout(row)
        sb.addWidget(self.next_label)
        sb.addWidget(self.history_label)

        # --- editable facts ---
        self.title_edit = QLineEdit(maxLength=200)
        self.title_edit.setAccessibleName(_("Title"))
        self.category_combo = QComboBox()
        self.category_combo.setAccessibleName(_("Category"))
        for cat in DisputeCategory:
            self.category_combo.addItem(cat.label, cat)
        self.amount_edit = QLineEdit()
        self.amount_edit.setAccessibleName(_("Amount at stake"))
        self.description_edit = _text_box(_("The complaint in the customer's words"), 100)
        self.request_edit = _text_box(_("The customer's request"))
        self.root_cause_edit = QLineEdit(maxLength=200)
        self.root_cause_edit.setAccessibleName(_("Root cause"))
        self.fault_combo = QComboBox()
        self.fault_combo.setAccessibleName(_("Shop at fault"))
        self.fault_combo.addItem(_("Not evaluated yet"), None)
        self.fault_combo.addItem(_("Yes, the shop made an error"), True)
        self.fault_combo.addItem(_("No"), False)
        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName(_("Outcome"))
        self.outcome_combo.addItem(_("(not recorded)"), None)
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome)
        self.lessons_edit = _text_box(_("Lessons learned"))
        self.policy_edit = _text_box(_("Policy change"))

        self.errors = FieldErrors(error_label(self))
        facts = QGroupBox(_("Facts"))
        form = QFormLayout(facts)

        def add(text: str, widget: QWidget, field: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            label = error_label(self)
            box.addWidget(label)
            self.errors.add(field, label, widget)
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, box)

        add(_("&Title:"), self.title_edit, "title")
        add(_("Ca&tegory:"), self.category_combo, "category")
        add(_("&Amount at stake:"), self.amount_edit, "amount")
        add(_("The customer's &words:"), self.description_edit, "description")
        add(_("The customer's &request:"), self.request_edit, "customer_request")
        add(_("Root &cause:"), self.root_cause_edit, "root_cause")
        add(_("Shop at &fault:"), self.fault_combo, "shop_at_fault")
        add(_("O&utcome:"), self.outcome_combo, "outcome")
        add(_("&Lessons learned:"), self.lessons_edit, "lessons_learned")
        add(_("&Policy change:"), self.policy_edit, "policy_change")

        self.save_button = QPushButton(_("Save the facts"))
        self.save_button.setToolTip(_("Save the facts (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo my changes"))
        self.revert_button.clicked.connect(self.revert)
        self.saved_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)

        self.status = QLabel(_("No dispute selected."))
        self.status.setWordWrap(True)
        self.content = QWidget()
        inner = QVBoxLayout(self.content)
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.heading)
        names.addWidget(self.customer_link)
        top.addLayout(names, 1)
        top.addWidget(self.amount_label, 0, Qt.AlignmentFlag.AlignTop)
        inner.addLayout(top)
        inner.addWidget(stage_box)
        inner.addWidget(facts)
        inner.addWidget(self.errors.general)
        inner.addLayout(buttons)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.content.setVisible(False)

        for w in (self.title_edit, self.amount_edit, self.root_cause_edit):
            w.textEdited.connect(self._mark_dirty)
        for w in (self.description_edit, self.request_edit, self.lessons_edit, self.policy_edit):
            w.textChanged.connect(self._mark_dirty)
        for w in (self.category_combo, self.fault_combo, self.outcome_combo):
            w.currentIndexChanged.connect(self._mark_dirty)
        self._set_dirty(False)
        data_events().changed.connect(self._on_data_changed)

    # --- Public -------------------------------------------------------------------------

    @property
    def dispute_id(self) -> int | None:
        return self._dispute_id

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def show_dispute(self, dispute_id: int | None) -> None:
        if dispute_id != self._dispute_id and self._dirty:
            self._offer_to_save()
        if dispute_id != self._dispute_id:
            self._set_dirty(False)
            self.errors.clear()
        self._dispute_id = dispute_id
        if dispute_id is None:
            self.loader.cancel()
            self.dispute = None
            self.content.setVisible(False)
            self.status.setText(_("No dispute selected."))
            self.status.setVisible(True)
            return
        self.reload()

    def reload(self) -> None:
        if self._dispute_id is None:
            return
        dispute_id, services = self._dispute_id, self._services

        def work() -> _Loaded:
            dispute = services.disputes.get(dispute_id)
            customer = services.customers.get(dispute.customer_id)
            return _Loaded(dispute, customer.display_name, services.disputes.history(dispute_id))

        self.loader.load(work)

    def revert(self) -> None:
        self._set_dirty(False)
        self.errors.clear()
        if self.dispute is not None:
            self._fill_facts(self.dispute)

    def facts(self) -> DisputeFacts:
        currency = self.dispute.amount.currency if self.dispute else "EUR"
        return DisputeFacts(
            title=self.title_edit.text(),
            category=current_enum(self.category_combo, DisputeCategory),
            description=self.description_edit.toPlainText(),
            amount=parse_amount(self.amount_edit.text(), currency),
            customer_request=self.request_edit.toPlainText(),
            root_cause=self.root_cause_edit.text(),
            shop_at_fault=self.fault_combo.currentData(),
            lessons_learned=self.lessons_edit.toPlainText(),
            policy_change=self.policy_edit.toPlainText(),
            outcome=current_enum(self.outcome_combo, Outcome),
        )

    def save(self) -> None:
        if self.dispute is None or self.writer.busy:
            return
        self.errors.clear()
        try:
            facts = self.facts()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        service, dispute_id = self._services.disputes, self.dispute.id
        self.save_button.setEnabled(False)
        self.saved_label.setText(_("Saving…"))
        self.writer.load(lambda: service.update_facts(dispute_id, facts))

    def change_stage(self) -> None:
        if self._dispute_id is None:
            return
        from disputedesk.ui.disputes.stage_dialog import open_change_stage

        open_change_stage(self, self._services, self._dispute_id)

    # --- Loading ------------------------------------------------------------------------

    def _on_loader_loaded(self, loaded: _Loaded) -> None:
        d = loaded.dispute
        if d.id != self._dispute_id:
            return
        self.dispute = d
        self.status.setVisible(False)
        self.content.setVisible(True)
        self.heading.setText(
            _("{reference} — {title}").format(reference=d.reference, title=d.title or "…")
        )
        self.customer_link.setText(
            '<a href="customer">{}</a> · {}'.format(
                _escape(loaded.customer_name),
                _escape(
                    _("received {moment} by {channel}").format(
                        moment=short_moment(d.received_at), channel=d.received_via.label
                    )
                ),
            )
        )
        self.amount_label.setText(money(d.amount))
        self.stage_label.setText(
            _("{stage}, since {moment}").format(
                stage=d.stage.label, moment=short_moment(d.stage_changed_at)
            )
        )
        nexts = allowed_next(d.stage)
        if nexts:
            self.next_label.setText(
                _("Next: {stages}").format(stages=", ".join(s.label for s in nexts))
            )
        else:
            self.next_label.setText(_("The dispute is closed; reopening it needs a reason."))
        self.history_label.setText(
            "\n".join(
                _("{moment}: {stage}").format(moment=short_moment(h.at), stage=h.to_stage.label)
                + (f" — {h.reason}" if h.reason else "")
                for h in loaded.history
            )
        )
        if not self._dirty:
            self._fill_facts(d)

    def _on_loader_failed(self, exc: object) -> None:
        self.dispute = None
        self.content.setVisible(False)
        self.status.setVisible(True)
        reason = str(exc) if isinstance(exc, DisputeDeskError) else repr(exc)
        self.status.setText(_("This dispute cannot be shown: {reason}").format(reason=reason))

    def _fill_facts(self, d: Dispute) -> None:
        self._filling = True
        try:
            self.title_edit.setText(d.title)
            self.category_combo.setCurrentIndex(self.category_combo.findData(d.category))
            self.amount_edit.setText(money_input(d.amount))
            self.description_edit.setPlainText(d.description)
            self.request_edit.setPlainText(d.customer_request)
            self.root_cause_edit.setText(d.root_cause)
            self.fault_combo.setCurrentIndex(self.fault_combo.findData(d.shop_at_fault))
            self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(d.outcome))
            self.lessons_edit.setPlainText(d.lessons_learned)
            self.policy_edit.setPlainText(d.policy_change)
        finally:
            self._filling = False
        self._set_dirty(False)

    # --- Saving -------------------------------------------------------------------------

    def _on_writer_loaded(self, dispute: Dispute) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.setText(_("Saved."))
        self._set_dirty(False)
        if dispute.id == self._dispute_id:
            self.dispute = dispute
        data_events().changed.emit("dispute", dispute.id)

    def _on_writer_failed(self, exc: object) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.setText("")
        self.errors.show(exc)

    def _offer_to_save(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("The facts of {reference} were changed. Save them?").format(
                reference=self.dispute.reference if self.dispute else ""
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save and self.dispute is not None:
            try:
                facts = self.facts()
                dispute = self._services.disputes.update_facts(self.dispute.id, facts)
            except Exception as exc:  # shown; the user decides again
                QMessageBox.warning(self, _("Unsaved changes"), error_text(exc))
                return
            data_events().changed.emit("dispute", dispute.id)

    def _mark_dirty(self, *_args) -> None:
        if not self._filling:
            self._set_dirty(True)
            self.saved_label.setText("")

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _on_data_changed(self, kind: str, ident: int) -> None:
        if self._dispute_id is None or kind in ("customer", "business", "settings"):
            if kind == "customer" and self.dispute and ident in (0, self.dispute.customer_id):
                self._reload_timer.start()
            return
        if kind == "dispute" and ident not in (0, self._dispute_id):
            return
        self._reload_timer.start()

    def _on_customer_link_activated(self, _link: str) -> None:
        if self.dispute is not None:
            data_events().open_requested.emit("customer", self.dispute.customer_id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
