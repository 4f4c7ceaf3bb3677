"""Service reads off the GUI thread, delivering only the newest request's result.

`BackgroundLoader.load(fn)` runs `fn()` in Qt's thread pool and emits `sig_loaded(result)`
(or `sig_failed(exc)`) on the GUI thread; a result that arrives after a newer request was
made is dropped, so a slow load never overwrites a newer view. Set `synchronous = True`
(tests, benchmarks) to run `fn` in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _JobSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], token: int, signals: _JobSignals) -> None:
        super().__init__()
        self._fn = fn
        self._token = token
        # Held here too: the signals object must outlive a widget closed mid-load.
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, which shows it
            self._signals.failed.emit(self._token, exc)
            return
        self._signals.done.emit(self._token, result)


class BackgroundLoader(QObject):
    sig_loaded = Signal(object)
    sig_failed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._token = 0
        self._busy = False
        self._signals = _JobSignals()
        self._signals.done.connect(self._on_job_done)
        self._signals.failed.connect(self._on_job_failed)

    @property
    def busy(self) -> bool:
        return self._busy

    def load(self, fn: Callable[[], Any]) -> None:
        self._token += 1
        self._busy = True
        job = _Job(fn, self._token, self._signals)
        if self.synchronous:
            job.run()
        else:
            QThreadPool.globalInstance().start(job)

    def cancel(self) -> None:
        """Forget any running load (its result will be dropped)."""
        self._token += 1
        self._busy = False

    def _on_job_done(self, token: int, result: object) -> None:
        if token == self._token:
            self._busy = False
            self.sig_loaded.emit(result)

    def _on_job_failed(self, token: int, exc: object) -> None:
        if token == self._token:
            self._busy = False
            self.sig_failed.emit(exc)
