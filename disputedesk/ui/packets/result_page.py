"""Wizard page 4: generate (off the GUI thread, cancellable), preview, save, print or open.

Files that cannot go into the packet are named with the reason; the owner may leave them
out and generate again. Saving stores the PDF in the dispute's documents and the journal;
the stage moves only when the owner ticks the box.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from disputedesk.domain.errors import DisputeDeskError
from disputedesk.domain.packets import PacketFlow, PacketRequest
from disputedesk.i18n import _, ngettext
from disputedesk.services.packet_service import ExhibitsRejected, PacketCancelled
from disputedesk.ui import background
from disputedesk.ui.packets.packet_dialogs import PacketDialogs
from disputedesk.ui.packets.pdf_print import print_pdf


class ResultPage(QWizardPage):
    sig_saved = Signal(object)  # SavedPacket

    def __init__(self, flow: PacketFlow, service, dialogs: PacketDialogs, synchronous: bool):
        super().__init__()
        self.flow = flow
        self.service = service
        self.dialogs = dialogs
        self.synchronous = synchronous
        self.setTitle(_("Your packet"))
        self._tmp = Path(tempfile.mkdtemp(prefix="dd-packet-ui-"))
        self.request: PacketRequest | None = None
        self.built = None
        self.saved = None
        self._runs = 0  # packets generated so far; each run's outcome carries its number
        self._listening: int | None = None  # the run whose outcome is awaited
        self._cancel: threading.Event | None = None  # set to stop that run
        self.progress: QProgressDialog | None = None
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.doc = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.doc)
        self.move_stage = QCheckBox()
        self.move_stage.setObjectName("move_stage")
        self.regenerate = QPushButton(_("Generate again"))
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        self.save = QPushButton(_("Save to the dispute"))
        self.save.setObjectName("save")
        self.save.clicked.connect(self._on_save_clicked)
        self.print_ = QPushButton(_("Print…"))
        self.print_.clicked.connect(self._on_print_clicked)
        self.open = QPushButton(_("Open in the PDF viewer"))
        self.open.clicked.connect(self._on_open_clicked)
        self.copy = QPushButton(_("Save a copy as…"))
        self.copy.clicked.connect(self._on_copy_clicked)
        buttons = QHBoxLayout()
        for b in (self.regenerate, self.save, self.print_, self.open, self.copy):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.move_stage)
        layout.addLayout(buttons)
        self._set_ready(False)

    # --- generating ---------------------------------------------------------------------
    def initializePage(self) -> None:
        self.saved = None
        try:
            self.request = self.flow.build()
        except DisputeDeskError as err:
            self.status.setText(str(err))
            self._set_ready(False)
            return
        target = self.flow.kind.target_stage
        self.move_stage.setVisible(target is not None)
        if target is not None:
            self.move_stage.setText(
                _("Move the dispute to the “{stage}” stage (the packet is being sent)").format(
                    stage=target.label
                )
            )
        self.move_stage.setChecked(False)
        self._generate()

    def _generate(self) -> None:
        assert self.request is not None
        self._stop_job()
        self._set_ready(False)
        self.doc.close()
        self.status.setText(_("Generating…"))
        # A fresh name each time: a job still finishing can never overwrite a newer packet.
        self._runs += 1
        name = f"{self.request.dispute.reference}-{self.request.kind.value}-{self._runs}.pdf"
        service, request, out = self.service, self.request, self._tmp / name
        cancel = threading.Event()
        self._cancel, self._listening, run = cancel, self._runs, self._runs
        self.progress = QProgressDialog(_("Preparing the exhibits…"), _("Cancel"), 0, 0, self)
        self.progress.setWindowTitle(_("Generating the packet"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(cancel.set)
        background.submit(
            self,
            lambda report: service.generate(request, out, progress=report, cancelled=cancel.is_set),
            partial(self._on_job_outcome, run, self._on_job_done),
            partial(self._on_job_outcome, run, self._on_job_failed),
            on_progress=partial(self._on_job_progress, run),
            synchronous=self.synchronous,
        )

    def _stop_job(self) -> None:
        """Cancel a running job and stop listening to it."""
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
        self._listening = None
        self._close_progress()

    def cleanupPage(self) -> None:
        """Back: whatever is being generated is no longer wanted."""
        self._stop_job()
        self.built = None
        self.doc.close()

    def _on_job_outcome(self, run: int, handle, outcome) -> None:
        if run == self._listening:  # not a run stopped or replaced since
            self._cancel = self._listening = None
            handle(outcome)

    def _on_job_progress(self, run: int, done: int, total: int, message: str) -> None:
        if self.progress is None or run != self._listening:
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, total))
        self.progress.setLabelText(message)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _on_job_done(self, built) -> None:
        self._close_progress()
        self.built = built
        self.doc.load(str(built.path))
        self.status.setText(
            ngettext(
                "{pages} pages, {exhibits} exhibit. Check it below, then save it.",
                "{pages} pages, {exhibits} exhibits. Check it below, then save it.",
                len(self.request.exhibits),
            ).format(pages=built.page_count, exhibits=len(self.request.exhibits))
        )
        self._set_ready(True)

    def _on_job_failed(self, exc: Exception) -> None:
        self._close_progress()
        self.built = None
        if isinstance(exc, PacketCancelled):
            self.status.setText(_("Cancelled: nothing was produced."))
        elif isinstance(exc, ExhibitsRejected):
            names = "\n".join("• " + self.service.describe(p) for p in exc.problems)
            question = _(
                "These files cannot go into the packet:\n\n{files}\n\nLeave them out and "
                "generate the packet without them?"
            ).format(files=names)
            if self.dialogs.ask(_("Files that cannot be used"), question):
                keys = {p.source.key for p in exc.problems}
                self.flow.set_exhibits([k for k in self.flow.exhibit_keys if k not in keys])
                self.request = self.request.without_exhibits(keys)
                self._generate()
                return
            self.status.setText(
                _("Not generated. Go back and untick these files:\n{files}").format(files=names)
            )
        elif isinstance(exc, DisputeDeskError):
            self.status.setText(str(exc))
        else:  # an unforeseen failure: say so plainly, lose nothing
            self.status.setText(
                _("The packet could not be generated: {error}").format(error=str(exc) or exc)
            )
        self._set_ready(False)
        self.regenerate.setEnabled(self.request is not None)

    def _set_ready(self, ready: bool) -> None:
        for b in (self.save, self.print_, self.open, self.copy, self.move_stage):
            b.setEnabled(
                ready and self.saved is None if b in (self.save, self.move_stage) else ready
            )
        self.regenerate.setEnabled(not ready and self.request is not None)
        self.completeChanged.emit()

    def _on_regenerate_clicked(self) -> None:
        if self.request is not None:
            self._generate()

    # --- after generating ----------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        if self.built is None or self.request is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.saved = self.service.save(
                self.request, self.built, move_stage=self.move_stage.isChecked()
            )
        except DisputeDeskError as err:
            self.dialogs.warn(_("Not saved"), str(err))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.status.setText(_("Saved in the dispute's documents and recorded in the journal."))
        self._set_ready(True)
        self.sig_saved.emit(self.saved)

    def _pdf_path(self) -> Path | None:
        if self.saved is not None:
            return self.service.document_path(self.saved.document)
        return self.built.path if self.built else None

    def _on_print_clicked(self) -> None:
        print_pdf(self.doc, self)

    def _on_open_clicked(self) -> None:
        path = self._pdf_path()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _on_copy_clicked(self) -> None:
        path = self._pdf_path()
        if path is None:
            return
        target = self.dialogs.save_path(_("Save a copy"), path.name)
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
        return self.built is not None

    def cleanup(self) -> None:
        self._stop_job()
        self.doc.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
