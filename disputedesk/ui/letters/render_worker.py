"""Letter PDFs are laid out off the GUI thread: a QRunnable reporting through a signals object.

Each job carries a serial number; the preview keeps only the newest result, so a slow job
finishing late never replaces a newer preview. Tests pass `synchronous=True`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from disputedesk.domain.letters import LetterDraft


class RenderSignals(QObject):
    sig_done = Signal(int, object, bytes)  # serial, draft, pdf
    sig_failed = Signal(int, object)  # serial, exception


class RenderJob(QRunnable):
    def __init__(self, service, draft: LetterDraft, serial: int) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page keeps it until its signal has arrived
        self.signals = RenderSignals()
        self._service = service
        self._draft = draft
        self.serial = serial

    def run(self) -> None:
        try:
            pdf = self._service.render(self._draft)
        except Exception as exc:  # handed to the GUI thread, which explains it
            self.signals.sig_failed.emit(self.serial, exc)
            return
        self.signals.sig_done.emit(self.serial, self._draft, pdf)


def start(job: RenderJob, *, synchronous: bool = False) -> None:
    if synchronous:
        job.run()
    else:
        QThreadPool.globalInstance().start(job)
