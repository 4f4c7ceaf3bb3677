"""The dispute page's "Aftercare" tab: how it was closed (or a button to close it), the
customer's satisfaction, the loyalty gestures with their voucher letter, and public reviews.

Reads are a few rows per dispute, done directly; the voucher PDF is rendered off the GUI
thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, pgettext
from disputedesk.ui.aftercare.close_dialog import open_close_dialog
from disputedesk.ui.aftercare.common import date_text, error_label, error_text, money_text
from disputedesk.ui.aftercare.gesture_dialog import open_gesture_dialog, save_copy
from disputedesk.ui.aftercare.review_dialog import open_review_dialog
from disputedesk.ui.events import data_events
from disputedesk.ui.timeline.loader import BackgroundLoader


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setMaximumHeight(130)
    return t


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("not decided")
    return _("yes") if value else _("no")


class AftercarePanel(QWidget):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dispute_id: int | None = None
        self._gestures = []
        self._reviews = []
        self.pdf_loader = BackgroundLoader(self)
        self.pdf_loader.sig_loaded.connect(self._on_pdf_loaded)
        self.pdf_loader.sig_failed.connect(self._on_pdf_failed)
        layout = QVBoxLayout(self)

        self.closing_box = QGroupBox(_("Closing"))
        v = QVBoxLayout(self.closing_box)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # the lesson is the owner's text
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        row = QHBoxLayout()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self._close_or_reopen)
        row.addWidget(self.close_button)
        row.addStretch(1)
        v.addLayout(row)
        sat = QFormLayout()
        line = QHBoxLayout()
        self.satisfaction = QSpinBox()
        self.satisfaction.setRange(0, 5)
        self.satisfaction.setSpecialValueText(_("Not known"))
        self.satisfaction_word = QLineEdit()
        self.satisfaction_word.setPlaceholderText(_("In a word"))
        self.satisfaction_save = QPushButton(_("Save"))
        self.satisfaction_save.clicked.connect(self._save_satisfaction)
        for w in (self.satisfaction, self.satisfaction_word, self.satisfaction_save):
            line.addWidget(w)
        sat.addRow(_("Customer satisfaction (1 to 5):"), line)
        v.addLayout(sat)
        self.message = error_label(self)
        v.addWidget(self.message)
        layout.addWidget(self.closing_box)

        gbox = QGroupBox(_("Loyalty gestures"))
        v = QVBoxLayout(gbox)
        self.gesture_table = _table(
            [
                _("Gesture"),
                _("Value"),
                _("Code"),
                _("Expires"),
                pgettext("gesture", "Used"),
                _("Letter"),
            ]
        )
        v.addWidget(self.gesture_table)
        row = QHBoxLayout()
        self.add_gesture = QPushButton(_("Add a gesture…"))
        self.add_gesture.clicked.connect(self._add_gesture)
        self.letter_button = QPushButton(_("Voucher letter (PDF)…"))
        self.letter_button.clicked.connect(self._letter)
        self.used_button = QPushButton(_("Mark as used / unused"))
        self.used_button.clicked.connect(self._toggle_used)
        for w in (self.add_gesture, self.letter_button, self.used_button):
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        layout.addWidget(gbox)

        rbox = QGroupBox(_("Public reviews"))
        v = QVBoxLayout(rbox)
        self.review_table = _table(
            [
                pgettext("review", "Posted"),
                _("Platform"),
                _("Stars"),
                pgettext("review", "Answered"),
                pgettext("review", "Changed"),
            ]
        )
        self.review_table.itemDoubleClicked.connect(lambda *_a: self._follow_review())
        v.addWidget(self.review_table)
        row = QHBoxLayout()
        self.add_review = QPushButton(_("Log a review…"))
        self.add_review.clicked.connect(self._add_review)
        self.follow_review = QPushButton(_("Answer / follow up…"))
        self.follow_review.clicked.connect(self._follow_review)
        for w in (self.add_review, self.follow_review):
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        layout.addWidget(rbox)
        layout.addStretch(1)
        data_events().changed.connect(self._on_changed)
        self.show_dispute(None)

    # ------------------------------------------------------------------ loading
    def _on_changed(self, kind: str, ident: int) -> None:
        if self.dispute_id is not None and (ident in (0, self.dispute_id)):
            self.show_dispute(self.dispute_id)

    def show_dispute(self, dispute_id: int | None) -> None:
        self.dispute_id = dispute_id
        self.setEnabled(dispute_id is not None)
        if dispute_id is None:
            self.summary.setText("")
            self.gesture_table.setRowCount(0)
            self.review_table.setRowCount(0)
            return
        try:
            dispute = self.services.disputes.get(dispute_id)
            closure = self.services.aftercare.closure(dispute_id)
            self._gestures = self.services.aftercare.gestures(dispute_id=dispute_id)
            self._reviews = self.services.aftercare.reviews(dispute_id=dispute_id)
        except DisputeDeskError as exc:
            self.summary.setText(error_text(exc))
            return
        closed = dispute.stage.is_closed
        self.close_button.setText(_("Reopen…") if closed else _("Close the dispute…"))
        self.satisfaction.setEnabled(closed)
        self.satisfaction_word.setEnabled(closed)
        self.satisfaction_save.setEnabled(closed)
        if not closed:
            self.summary.setText(_("The dispute is still open."))
        elif closure is None:
            self.summary.setText(
                _("Closed on {date} ({outcome}).").format(
                    date=date_text(dispute.closed_at.date() if dispute.closed_at else None),
                    outcome=dispute.outcome.label if dispute.outcome else _("no outcome given"),
                )
            )
        else:
            lines = [
                _("Closed on {date}: {outcome}.").format(
                    date=date_text(closure.closed_at.date()),
                    outcome=closure.outcome.label if closure.outcome else "",
                ),
                _("Refunded: {refunded} · Recovered: {recovered} · Shop at fault: {fault}").format(
                    refunded=money_text(closure.refunded),
                    recovered=money_text(closure.recovered),
                    fault=_yes_no(closure.shop_at_fault),
                ),
            ]
            if closure.root_cause:
                lines.append(_("Root cause: {cause}").format(cause=closure.root_cause_label))
            if closure.lesson:
                lines.append(_("Lesson: {lesson}").format(lesson=closure.lesson))
            if dispute.policy_change:
                lines.append(_("Policy change: {title}").format(title=dispute.policy_change))
            self.summary.setText("\n".join(lines))
        self.satisfaction.setValue((closure.satisfaction or 0) if closure else 0)
        self.satisfaction_word.setText(closure.satisfaction_word if closure else "")
        self._fill_gestures()
        self._fill_reviews()

    def _fill_gestures(self) -> None:
        t = self.gesture_table
        t.setRowCount(len(self._gestures))
        for r, g in enumerate(self._gestures):
            values = [
                g.kind.label + (f" — {g.description}" if g.description else ""),
                money_text(g.value),
                g.code,
                date_text(g.expires_on),
                date_text(g.used_on),
                _("stored") if g.document_id else "",
            ]
            for c, text in enumerate(values):
                t.setItem(r, c, QTableWidgetItem(text))
        if self._gestures:
            t.selectRow(0)

    def _fill_reviews(self) -> None:
        t = self.review_table
        t.setRowCount(len(self._reviews))
        for r, rv in enumerate(self._reviews):
            stars = "★" * (rv.rating or 0)
            if rv.changed:
                stars += " → " + ("★" * (rv.new_rating or 0) or _("removed"))
            values = [
                date_text(rv.posted_on),
                rv.platform,
                stars,
                date_text(rv.answered_on) or _("not yet"),
                _yes_no(rv.changed),
            ]
            for c, text in enumerate(values):
                t.setItem(r, c, QTableWidgetItem(text))
        if self._reviews:
            t.selectRow(0)

    # ------------------------------------------------------------------ actions
    def _close_or_reopen(self) -> None:
        if self.dispute_id is not None:
            open_close_dialog(self, self.services, self.dispute_id)

    def _save_satisfaction(self) -> None:
        self.message.setVisible(False)
        try:
            self.services.aftercare.set_satisfaction(
                self.dispute_id, self.satisfaction.value() or None, self.satisfaction_word.text()
            )
        except (DisputeDeskError, OSError) as exc:
            self.message.setText(error_text(exc))
            self.message.setVisible(True)
            return
        data_events().changed.emit("dispute", self.dispute_id)

    def _add_gesture(self) -> None:
        open_gesture_dialog(self, self.services, self.dispute_id)

    def _selected_gesture(self):
        row = self.gesture_table.currentRow()
        return self._gestures[row] if 0 <= row < len(self._gestures) else None

    def _letter(self) -> None:
        g = self._selected_gesture()
        if g is None or self.pdf_loader.busy:
            return
        self.letter_button.setEnabled(False)
        self.letter_button.setText(_("Preparing the letter…"))
        services, gid = self.services, g.id

        def work():
            doc = services.aftercare.issue_gesture_letter(gid)
            return doc, services.documents.path(doc).read_bytes()

        self.pdf_loader.load(work)

    def _reset_letter_button(self) -> None:
        self.letter_button.setEnabled(True)
        self.letter_button.setText(_("Voucher letter (PDF)…"))

    def _on_pdf_loaded(self, result) -> None:
        self._reset_letter_button()
        doc, data = result
        data_events().changed.emit("document", doc.id)
        try:
            save_copy(self, doc.file_name, data)
        except OSError as exc:
            QMessageBox.warning(self, _("Voucher letter"), error_text(exc))

    def _on_pdf_failed(self, exc) -> None:
        self._reset_letter_button()
        QMessageBox.warning(self, _("Voucher letter"), error_text(exc))

    def _toggle_used(self) -> None:
        from datetime import date

        g = self._selected_gesture()
        if g is None:
            return
        try:
            self.services.aftercare.set_gesture_used(g.id, None if g.used_on else date.today())
        except (DisputeDeskError, OSError) as exc:
            QMessageBox.warning(self, _("Loyalty gestures"), error_text(exc))
            return
        data_events().changed.emit("dispute", self.dispute_id)

    def _add_review(self) -> None:
        open_review_dialog(self, self.services, self.dispute_id)

    def _follow_review(self) -> None:
        row = self.review_table.currentRow()
        if 0 <= row < len(self._reviews):
            open_review_dialog(self, self.services, self.dispute_id, self._reviews[row])
