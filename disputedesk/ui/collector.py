"""Python's cyclic garbage collector, run on the GUI thread only.

Python runs its collector in whichever thread happens to allocate when a threshold is
crossed. A widget (or any Qt object Python owns) that became garbage inside a reference
cycle, for instance through a closure that refers to it, is destroyed by that collection, on
that thread. When the thread was a pool thread reading the database, Qt destroyed a whole
widget tree outside the GUI thread and the process died: gdb showed `QWidget::~QWidget`
called from `gc_collect_main` on a "Thread (pooled)" (the crash that refused stop 13).

So while the window runs, automatic collection is off and `GuiThreadCollector` collects on
the GUI thread: nothing while the window is built and shown, then one full collection that
freezes what start-up made, then every 20 ms the generations past the thresholds Python
itself uses. Without Qt (the command line) nothing changes. tests/test_ui_collector.py and
tests/test_ui_sections_churn.py check it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    # Every 20 ms: the young generation stays small, so each collection is short (a 200 ms
    # period let it grow to collections of 10 ms; bench_customers).
    INTERVAL_MS = 20
    # Nothing is collected while the window is being built and shown: collected at the
    # first turn of the event loop, what start-up made (tens of thousands of objects) took
    # the first paint from 18 to 106 ms (bench_window). Once the window is up, it is
    # collected once and frozen: later collections never walk it again (without that, the
    # first middle-generation collection took 19 ms in the middle of a scroll).
    SETTLE_AFTER_MS = 1500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        QTimer.singleShot(self.SETTLE_AFTER_MS, self, self.settle)

    def settle(self) -> None:
        """One full collection, everything still alive left out of later ones, then the
        regular collections begin."""
        gc.collect()
        gc.freeze()
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the generations whose counts passed their thresholds, as Python would
        have; returns the generation collected, or -1."""
        young, middle, old = self._thresholds
        allocated, young_runs, middle_runs = gc.get_count()
        if allocated <= young:
            return -1
        generation = 0
        if young_runs >= middle:
            generation = 1
            if middle_runs >= old:
                generation = 2
        gc.collect(generation)
        return generation


_installed: GuiThreadCollector | None = None


def install(app: QObject) -> GuiThreadCollector:
    """Collect on the GUI thread from now on (once per process; `app`: the QApplication)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(app)
    return _installed
