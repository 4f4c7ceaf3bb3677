"""Work off the GUI thread (disputedesk.ui.background): outcomes come back on the GUI thread,
and nothing the GUI thread made is ever destroyed on a pool thread, even when the widget that
asked is closed while the work runs."""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool

from disputedesk.ui import background
from disputedesk.ui.timeline.loader import BackgroundLoader


def _finish(qtbot) -> None:
    """Let the GUI thread take the outcomes (as soon as they are signalled, maybe before the
    pool thread has returned), then let the pool end its jobs."""
    qtbot.waitUntil(lambda: background.pending() == 0, timeout=10_000)
    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_outcomes_and_progress_arrive_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    owner = QObject()
    seen: list[tuple[str, object, bool]] = []

    def note(kind: str):
        return lambda *values: seen.append((kind, values, threading.get_ident() == gui))

    def work(report):
        report(1, 2, "first")
        report(2, 2, "second")
        return threading.get_ident()

    background.submit(owner, work, note("done"), note("failed"), on_progress=note("progress"))
    background.submit(owner, lambda: 1 / 0, note("done"), note("failed"))
    _finish(qtbot)

    progress = [values for kind, values, _ in seen if kind == "progress"]
    assert progress == [(1, 2, "first"), (2, 2, "second")]
    (done,) = [values for kind, values, _ in seen if kind == "done"]
    assert done[0] != gui  # the work itself ran on a pool thread
    (failed,) = [values for kind, values, _ in seen if kind == "failed"]
    assert isinstance(failed[0], ZeroDivisionError)
    assert all(on_gui for _, _, on_gui in seen)


def test_synchronous_runs_in_the_calling_thread():
    owner = QObject()
    seen = []
    background.submit(owner, lambda: "ok", seen.append, seen.append, synchronous=True)
    background.submit(owner, lambda: 1 / 0, seen.append, seen.append, synchronous=True)
    background.submit(
        owner,
        lambda report: report("half") or "whole",
        seen.append,
        seen.append,
        on_progress=seen.append,
        synchronous=True,
    )
    assert seen[0] == "ok"
    assert isinstance(seen[1], ZeroDivisionError)
    assert seen[2:] == ["half", "whole"]


def test_closed_owner_drops_the_outcome_and_its_objects_die_on_the_gui_thread(qtbot):
    """The widget is closed while its work runs: the outcome is dropped, and a Qt object the
    work referred to (here its only remaining reference) is destroyed on the GUI thread."""
    gui = threading.get_ident()
    owner = QObject()
    payload = QObject()  # owned by Python, no parent: it dies with its last reference
    died_on_gui: list[bool] = []
    payload.destroyed.connect(
        lambda *_: died_on_gui.append(threading.get_ident() == gui),
        Qt.ConnectionType.DirectConnection,
    )
    go = threading.Event()
    delivered = []

    def work(held=payload):
        go.wait(10)
        return held.objectName()

    background.submit(owner, work, delivered.append, delivered.append)
    del work, payload
    shiboken6.delete(owner)
    go.set()
    _finish(qtbot)
    gc.collect()

    assert delivered == []
    assert died_on_gui == [True]


def test_a_loader_deleted_mid_load_drops_its_result(qtbot):
    parent = QObject()
    loader = BackgroundLoader(parent)
    go = threading.Event()
    results = []
    loader.sig_loaded.connect(results.append)
    loader.load(lambda: go.wait(10))
    shiboken6.delete(parent)
    go.set()
    _finish(qtbot)
    assert results == []
    assert not shiboken6.isValid(loader)


def test_a_loader_keeps_only_the_newest_result(qtbot):
    loader = BackgroundLoader()
    first_may_end = threading.Event()
    results = []
    loader.sig_loaded.connect(results.append)
    loader.load(lambda: first_may_end.wait(10) and "old")
    loader.load(lambda: "new")
    assert loader.busy
    first_may_end.set()  # the first may end before or after the second: either way it is
    _finish(qtbot)  # dropped (a pool of one thread runs them in order)
    assert results == ["new"]
    assert not loader.busy
