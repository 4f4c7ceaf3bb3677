"""The unpaid-invoices start-up hook reads and resumes off the GUI thread, then asks."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QWidget

from disputedesk.ui.extensions import load_registry
from disputedesk.ui.receivables import extension as ext
from tests.test_receivables_ui import TODAY, _seed


def test_the_registered_hook_is_the_background_one():
    assert ext._catch_up_in_background in load_registry().on_window_shown


def test_start_up_hook_works_off_the_gui_thread_then_asks(qtbot, services, monkeypatch):
    _seed(services)
    threads = []
    real = ext._due

    def recording(sv, today):
        threads.append(threading.current_thread())
        return real(sv, today)

    monkeypatch.setattr(ext, "_due", recording)
    window = QWidget()
    qtbot.addWidget(window)
    ext._catch_up_in_background(window, services, today=TODAY)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None)
    assert threads and threads[0] is not threading.main_thread()
    box = window.findChild(QMessageBox)
    assert box.isVisible() and not box.isModal()
    assert "2 unpaid invoices" in box.text()
