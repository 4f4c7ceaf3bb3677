"""Service reads off the GUI thread, delivering only the newest request's result.

`BackgroundLoader.load(fn)` runs `fn()` in Qt's thread pool (disputedesk.ui.background) and
emits `sig_loaded(result)` (or `sig_failed(exc)`) on the GUI thread; a result that arrives
after a newer request was made is dropped, so a slow load never overwrites a newer view, and
one that arrives after the loader was deleted is dropped too. Set `synchronous = True`
(tests, benchmarks) to run `fn` in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from disputedesk.ui import background


class BackgroundLoader(QObject):
    sig_loaded = Signal(object)
    sig_failed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._token = 0
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def load(self, fn: Callable[[], Any]) -> None:
        self._token += 1
        self._busy = True
        token = self._token
        background.submit(
            self,
            fn,
            partial(self._on_job_done, token),
            partial(self._on_job_failed, token),
            synchronous=self.synchronous,
        )

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
