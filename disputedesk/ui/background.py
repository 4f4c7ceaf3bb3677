"""Work run in Qt's thread pool, its outcome handed back on the GUI thread.

`submit(owner, work, on_done, on_failed)` runs `work()` in a pool thread; then, on the GUI
thread, `on_done(result)` or `on_failed(exc)` is called, unless `owner` (the widget or
object that asked) has been deleted meanwhile, in which case the outcome is dropped.

Why one relay instead of a signals object per job: a job used to hold its own QObject for
its signals. When the widget that started the job was closed while it ran, the job held the
last reference to that QObject, so it was destroyed on the pool thread when the job ended: a
QObject deleted outside its thread, which Qt does not allow (tests/test_ui_background.py
checks on which thread such objects now die). Here the pool thread holds no Qt object and, at
the end, no reference that could be the last one to anything the GUI thread made: the task's
callables stay referenced on the GUI thread until the outcome is delivered, and the pool
thread drops its own references before it signals the outcome. The relay lives on the GUI
thread for the application's life; `app.py` waits for the pool before closing the store.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


@dataclass(frozen=True, slots=True)
class _Task:
    """What the GUI thread keeps of a submitted job until its outcome arrives."""

    owner: QObject
    work: Callable[..., Any]
    on_done: Callable[[Any], None]
    on_failed: Callable[[Exception], None]
    on_progress: Callable[..., None] | None


class _Relay(QObject):
    """Lives on the GUI thread: its slots, reached by queued calls, run there."""

    sig_finished = Signal(int)  # ticket; the outcome waits in _outcomes
    sig_progress = Signal(int, object)  # ticket, the reported values (a tuple)

    def __init__(self) -> None:
        super().__init__()
        self.sig_finished.connect(self._deliver)
        self.sig_progress.connect(self._report)

    @Slot(int)
    def _deliver(self, ticket: int) -> None:
        task = _tasks.pop(ticket, None)
        ok, value = _outcomes.pop(ticket)
        if task is None or not shiboken6.isValid(task.owner):
            return  # asked for by a widget closed since
        if ok:
            task.on_done(value)
        else:
            task.on_failed(value)

    @Slot(int, object)
    def _report(self, ticket: int, values: tuple) -> None:
        task = _tasks.get(ticket)
        if task is not None and task.on_progress is not None and shiboken6.isValid(task.owner):
            task.on_progress(*values)


_tickets = itertools.count(1)
_tasks: dict[int, _Task] = {}  # read and written on the GUI thread only
_outcomes: dict[int, tuple[bool, Any]] = {}  # written by a pool thread, popped by the GUI
_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # made on the GUI thread, by the first submit()
        _relay = _Relay()
    return _relay


class _Job(QRunnable):
    def __init__(self, ticket: int, work: Callable[..., Any], wants_report: bool) -> None:
        super().__init__()
        self._ticket = ticket
        self._work: Callable[..., Any] | None = work
        self._wants_report = wants_report

    def run(self) -> None:
        ticket = self._ticket
        work, self._work = self._work, None
        assert work is not None
        relay = _relay  # made by submit(), on the GUI thread
        assert relay is not None
        try:
            if self._wants_report:
                result = work(lambda *values: relay.sig_progress.emit(ticket, values))
            else:
                result = work()
            outcome: tuple[bool, Any] = (True, result)
        except Exception as exc:  # handed to the GUI thread, whose on_failed explains it
            outcome = (False, exc)
        # Drop this thread's references before the GUI thread can pick the outcome up, so
        # the last reference to `work` and to the outcome is always released there.
        work = result = None
        _outcomes[ticket] = outcome
        del outcome
        relay.sig_finished.emit(ticket)


def submit(
    owner: QObject,
    work: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    *,
    on_progress: Callable[..., None] | None = None,
    synchronous: bool = False,
) -> None:
    """Run `work()` off the GUI thread (or at once when `synchronous`, for tests).

    With `on_progress`, `work` is called with a `report(*values)` function that may be
    called from the pool thread; `on_progress(*values)` then runs on the GUI thread."""
    if synchronous:
        try:
            result = work(on_progress) if on_progress is not None else work()
        except Exception as exc:
            on_failed(exc)
        else:
            on_done(result)
        return
    _the_relay()  # made here, on the GUI thread, before any job needs it
    ticket = next(_tickets)
    _tasks[ticket] = _Task(owner, work, on_done, on_failed, on_progress)
    QThreadPool.globalInstance().start(_Job(ticket, work, on_progress is not None))


def pending() -> int:
    """How many submitted jobs have not been delivered yet (tests wait for none)."""
    return len(_tasks)
