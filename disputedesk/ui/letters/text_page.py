"""Wizard page 3: every text of the letter, editable, beside a live preview of the real PDF
(laid out off the GUI thread, newest result only). Save stores and journals the letter;
then Print, Open in the PDF viewer, Save a copy as…"""

from __future__ import annotations

import shutil
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.letters import LetterDraft, split_paragraphs
from disputedesk.i18n import _
from disputedesk.ui import background
from disputedesk.ui.disputes.form_support import error_label, error_text
from disputedesk.ui.events import data_events
from disputedesk.ui.packets.pdf_print import print_pdf

PREVIEW_DELAY_MS = 350


class TextPage(QWizardPage):
    sig_saved = Signal(object)  # IssuedLetter

    def __init__(self, wizard_state, dialogs, synchronous: bool) -> None:
        super().__init__()
        self.state = wizard_state
        self.dialogs = dialogs
        self.synchronous = synchronous
        self.setTitle(_("Text and preview"))
        self.setSubTitle(
            _(
                "Every text can be changed; paragraphs are separated by an empty line and "
                "{claim_table} places the table of amounts."
            )
        )
        self.base: LetterDraft | None = None
        self.issued = None
        self.pdf: bytes | None = None
        self.pdf_draft: LetterDraft | None = None
        self._serial = 0
        self._jobs: set[int] = set()  # serials of the previews being laid out
        self._buffer: QBuffer | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)

        self.recipient = QPlainTextEdit()
        self.recipient.setObjectName("recipient")
        self.recipient.setMaximumHeight(110)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.salutation = QLineEdit()
        self.salutation.setObjectName("salutation")
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.closing = QLineEdit()
        self.closing.setObjectName("closing")
        self.signatory = QLineEdit()
        self.signatory.setObjectName("signatory")
        for w in (self.recipient, self.body):
            w.setTabChangesFocus(True)
            w.textChanged.connect(self._on_text_changed)
        for w in (self.subject, self.salutation, self.closing, self.signatory):
            w.textChanged.connect(self._on_text_changed)
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300")
        self.error = error_label()
        self.error.setObjectName("error")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        form_host = QWidget()
        form = QFormLayout(form_host)
        form.addRow(_("Recipient:"), self.recipient)
        form.addRow(_("Subject:"), self.subject)
        form.addRow(_("Salutation:"), self.salutation)
        form.addRow(_("Text:"), self.body)
        form.addRow(_("Closing:"), self.closing)
        form.addRow(_("Signed by:"), self.signatory)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)

        self.doc = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.doc)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.view)
        splitter.setSizes([480, 520])

        self.save = QPushButton(_("Save the letter"))
        self.save.setObjectName("save")
        self.save.setDefault(True)
        self.save.clicked.connect(self._on_save_clicked)
        self.print_ = QPushButton(_("Print…"))
        self.print_.setObjectName("print")
        self.print_.clicked.connect(self._on_print_clicked)
        self.open = QPushButton(_("Open in the PDF viewer"))
        self.open.setObjectName("open")
        self.open.clicked.connect(self._on_open_clicked)
        self.copy = QPushButton(_("Save a copy as…"))
        self.copy.setObjectName("copy")
        self.copy.clicked.connect(self._on_copy_clicked)
        buttons = QHBoxLayout()
        for b in (self.save, self.print_, self.open, self.copy):
            buttons.addWidget(b)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.warnings)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # --- filling -------------------------------------------------------------------------
    def initializePage(self) -> None:
        draft = self.state.draft
        self.base = draft
        self.issued = None
        self._filling = True
        self.recipient.setPlainText("\n".join(draft.recipient_lines))
        self.subject.setText(draft.subject)
        self.salutation.setText(draft.salutation)
        self.body.setPlainText("\n\n".join(draft.paragraphs))
        self.closing.setText(draft.closing)
        self.signatory.setText(draft.signatory)
        self._filling = False
        self._set_editable(True)
        self.error.setVisible(False)
        self.status.clear()
        self._show_warnings(draft)
        self.refresh_preview()

    def current_draft(self) -> LetterDraft:
        assert self.base is not None
        lines = tuple(x.strip() for x in self.recipient.toPlainText().splitlines() if x.strip())
        draft = replace(
            self.base,
            recipient_lines=lines,
            subject=" ".join(self.subject.text().split()),
            salutation=self.salutation.text().strip(),
            paragraphs=tuple(split_paragraphs(self.body.toPlainText())),
            closing=self.closing.text().strip(),
            signatory=self.signatory.text().strip(),
        )
        return replace(draft, warnings=tuple(self.state.service.warnings(draft)))

    def _show_warnings(self, draft: LetterDraft) -> None:
        self.warnings.setText("\n".join("⚠ " + w for w in draft.warnings))
        self.warnings.setVisible(bool(draft.warnings))

    def _on_text_changed(self) -> None:
        if getattr(self, "_filling", False) or self.issued is not None:
            return
        self.timer.start()

    # --- preview -------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        self.timer.stop()
        draft = self.current_draft()
        self._show_warnings(draft)
        self._serial += 1
        serial, service = self._serial, self.state.service
        self._jobs.add(serial)
        # Laid out off the GUI thread; only the newest preview is shown.
        background.submit(
            self,
            lambda: service.render(draft),
            partial(self._on_render_done, serial, draft),
            partial(self._on_render_failed, serial),
            synchronous=self.synchronous,
        )

    def _on_render_done(self, serial: int, draft: LetterDraft, pdf: bytes) -> None:
        self._jobs.discard(serial)
        if serial != self._serial:
            return  # a newer preview is on its way
        self.error.setVisible(False)
        self.pdf, self.pdf_draft = pdf, draft
        self._load(pdf)
        self._update_buttons()

    def _on_render_failed(self, serial: int, exc: Exception) -> None:
        self._jobs.discard(serial)
        if serial != self._serial:
            return
        self.pdf = self.pdf_draft = None
        self.error.setText(error_text(exc))
        self.error.setVisible(True)
        self._update_buttons()

    def _load(self, pdf: bytes) -> None:
        self.doc.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer

    def pending(self) -> bool:
        return bool(self._jobs) or self.timer.isActive()

    # --- saving and after ----------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        draft = self.current_draft()
        pdf = self.pdf if draft == self.pdf_draft else None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.issued = self.state.service.issue(draft, pdf=pdf)
        except Exception as err:  # StoreError, ValidationError…: the text stays, retry works
            self.issued = None
            self.error.setText(error_text(err))
            self.error.setVisible(True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.error.setVisible(False)
        if pdf is None:
            self.pdf, self.pdf_draft = self.state.service.render(draft), draft
            self._load(self.pdf)
        text = _("Saved in the dispute's documents and recorded in the journal.")
        if self.issued.deadline:
            text += " " + _("Follow-up deadline: {date}.").format(
                date=self.issued.deadline.strftime("%d/%m/%Y")
            )
        if self.issued.registered:
            text += " " + _(
                "Record the registered letter's number and the date of the signed receipt "
                "in the dispute's Letters tab when you have them."
            )
        self.status.setText(text)
        self._set_editable(False)
        events = data_events()
        events.changed.emit("journal", self.issued.dispute_id)
        events.changed.emit("document", self.issued.document_id)
        events.changed.emit("dispute", self.issued.dispute_id)
        self.sig_saved.emit(self.issued)
        self.completeChanged.emit()

    def _set_editable(self, editable: bool) -> None:
        for w in (self.recipient, self.body):
            w.setReadOnly(not editable)
        for w in (self.subject, self.salutation, self.closing, self.signatory):
            w.setReadOnly(not editable)
        self._update_buttons()

    def _update_buttons(self) -> None:
        saved = self.issued is not None
        self.save.setEnabled(not saved and self.base is not None)
        for b in (self.print_, self.open, self.copy):
            b.setEnabled(saved)

    def _pdf_path(self):
        return self.state.service.pdf_path(self.issued) if self.issued else None

    def _on_print_clicked(self) -> None:
        print_pdf(self.doc, self)

    def _on_open_clicked(self) -> None:
        try:
            path = self._pdf_path()
        except DisputeDeskError as err:
            self.dialogs.warn(_("Cannot open the letter"), str(err))
            return
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_copy_clicked(self) -> None:
        try:
            path = self._pdf_path()
        except DisputeDeskError as err:
            self.dialogs.warn(_("Not saved"), str(err))
            return
        if path is None:
            return
        doc = self.state.services.documents.get(self.issued.document_id)
        target = self.dialogs.save_path(_("Save a copy"), doc.file_name)
        if target is None:
            return
        try:
            shutil.copyfile(path, target)
        except OSError as exc:
            self.dialogs.warn(
                _("Not saved"),
                _("{file} cannot be written: {reason}").format(
                    file=str(target), reason=exc.strerror or str(exc)
                ),
            )

    def isComplete(self) -> bool:
        return self.issued is not None

    def cleanup(self) -> None:
        self.timer.stop()
        self._serial += 1  # a preview still being laid out is no longer wanted
        self._jobs.clear()
        self.doc.close()
