"""Garbage is collected on the GUI thread only (disputedesk.ui.collector): a Qt object that
became cyclic garbage is never destroyed by a pool thread that happens to allocate."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtWidgets import QWidget

from disputedesk.ui import background, collector


def test_a_widget_in_a_cycle_dies_on_the_gui_thread_while_a_pool_thread_allocates(qtbot):
    gui = threading.get_ident()
    died_on_gui: list[bool] = []
    widget = QWidget()
    widget.itself = widget  # a cycle: only the cyclic collector can free it
    widget.destroyed.connect(
        lambda *_: died_on_gui.append(threading.get_ident() == gui),
        Qt.ConnectionType.DirectConnection,
    )
    del widget

    def churn() -> int:  # what a page read does, many times over: garbage in cycles
        for _ in range(300_000):
            cell: list = []
            cell.append(cell)
        return 0

    owner = QObject()
    background.submit(owner, churn, lambda _r: None, lambda _e: None)
    assert QThreadPool.globalInstance().waitForDone(20_000)
    assert died_on_gui == []  # the pool thread made 300,000 cycles and collected none
    qtbot.waitUntil(lambda: died_on_gui != [], timeout=5000)  # the GUI thread's timer did
    assert died_on_gui == [True]


def test_collects_the_generations_past_their_thresholds(qapp):
    installed = collector.install(qapp)
    assert collector.install(qapp) is installed  # once per process
    assert not gc.isenabled()
    gc.collect()
    assert installed.collect_due() == -1  # nothing allocated since
    young = gc.get_threshold()[0]
    garbage = [[] for _ in range(young + 100)]
    assert installed.collect_due() == 0
    assert gc.get_count()[0] < young
    del garbage


def test_settling_freezes_what_start_up_left(qapp):
    installed = collector.install(qapp)
    kept = [[] for _ in range(100)]
    installed.settle()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_count()[0] < 100  # the full collection ran first
