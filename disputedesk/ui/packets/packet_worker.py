"""Packet generation off the GUI thread: a QRunnable reporting through a signals object.

Tests pass `synchronous=True` to run the job in the calling thread (no pool, no waiting).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from disputedesk.domain.packets import PacketRequest


class PacketJobSignals(QObject):
    sig_progress = Signal(int, int, str)
    sig_done = Signal(object)  # BuiltPacket
    sig_failed = Signal(object)  # the exception (ExhibitsRejected, PacketCancelled, other)


class PacketJob(QRunnable):
    def __init__(self, service, request: PacketRequest, out_path: Path) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the wizard keeps it until the signals have arrived
        self.signals = PacketJobSignals()
        self._service = service
        self._request = request
        self._out = out_path
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            built = self._service.generate(
                self._request,
                self._out,
                progress=self.signals.sig_progress.emit,
                cancelled=self._cancel.is_set,
            )
        except Exception as exc:  # handed to the GUI thread, which explains it
            self.signals.sig_failed.emit(exc)
            return
        self.signals.sig_done.emit(built)


def start(job: PacketJob, *, synchronous: bool = False) -> None:
    if synchronous:
        job.run()
    else:
        QThreadPool.globalInstance().start(job)
